// Exercise 01: export `mul`, the wrapping product of two i32.

// TODO: the boundary only carries i32; and the product must wrap.
export function mul(a: i64, b: i64): i64 {
  return a * b;
}
