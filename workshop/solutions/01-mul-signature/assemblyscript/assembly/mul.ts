// Exercise 01: export `mul`, the wrapping product of two i32.

// i32 in, i32 out; i32 arithmetic wraps in AssemblyScript, as in wasm.
export function mul(a: i32, b: i32): i32 {
  return a * b;
}
