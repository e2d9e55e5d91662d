//! Exercise 01: export `mul`, the wrapping product of two i32.

/// TODO: the boundary only carries i32; and the product must wrap.
#[no_mangle]
pub extern "C" fn mul(a: i64, b: i64) -> i64 {
    a * b
}
