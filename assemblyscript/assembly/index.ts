// The wasm-rosetta contract (contract/README.md) in AssemblyScript.
//
// This entry file is the module's whole public surface: every `export` here
// becomes a WebAssembly export, and asc adds `memory`. Every value crossing
// the boundary is an i32; `usize` is AssemblyScript's unsigned pointer type,
// which on wasm32 is the same i32, read as unsigned (as the contract says).

export { counter_new, counter_increment, counter_get, counter_free } from "./counter";
export { alloc, dealloc } from "./buffers";
export { grayscale } from "./grayscale";
export { blur } from "./blur";

/** Two's-complement wrapping sum: `i32` arithmetic in AssemblyScript is the
 *  plain wasm `i32.add`, which wraps (add(i32.MAX_VALUE, 1) == i32.MIN_VALUE).
 *  Only the small types (i8, u8, i16, u16) need masking, and asc does that. */
export function add(a: i32, b: i32): i32 {
  return a + b;
}
