// The boundary: raw i32 arguments in, status codes out; the checks run before anything is touched.
//
// This is asc's entry file, so it is the module's whole public surface: every
// `export` here becomes a WebAssembly export, and asc adds `memory`. Every
// value crossing the boundary is an i32; `usize` is AssemblyScript's unsigned
// pointer type, which on wasm32 is the same i32 read as unsigned (as the
// contract says).

import { OK, checkImage, checkBlur } from "./status";
import { newHandle, counterAt, freeHandle } from "./counter";
import { grayscale as grayscaleKernel } from "./grayscale";
import { blur as blurKernel } from "./blur";

/** The current size of linear memory in bytes: the `memory.size` instruction
 *  counts 64 KiB pages; u64, since 65536 pages are 2^32 bytes. */
// @ts-ignore: decorator
@inline function memorySize(): u64 {
  return (<u64>memory.size()) << 16;
}

/** Two's-complement wrapping sum: `i32` arithmetic in AssemblyScript is the
 *  plain wasm `i32.add`, which wraps (add(i32.MAX_VALUE, 1) == i32.MIN_VALUE).
 *  Only the small types (i8, u8, i16, u16) need masking, and asc does that. */
export function add(a: i32, b: i32): i32 {
  return a + b;
}

/** A new counter at 0; its handle, or 0 when out of memory. */
export function counter_new(): usize {
  return newHandle();
}

export function counter_increment(handle: usize): i32 {
  return counterAt(handle).increment();
}

export function counter_get(handle: usize): i32 {
  return counterAt(handle).get();
}

/** Frees a counter; `counter_free(0)` does nothing. */
export function counter_free(handle: usize): void {
  if (handle != 0) freeHandle(handle);
}

// alloc(len) and dealloc(ptr, len) take the boundary's raw i32s as they are.
export { alloc, dealloc } from "./buffers";

export function grayscale(ptr: usize, width: i32, height: i32): i32 {
  const status = checkImage(ptr, width, height, memorySize());
  if (status == OK) grayscaleKernel(ptr, <usize>width * <usize>height * 4);
  return status;
}

export function blur(src: usize, dst: usize, width: i32, height: i32): i32 {
  const status = checkBlur(src, dst, width, height, memorySize());
  if (status == OK) blurKernel(src, dst, width, height);
  return status;
}
