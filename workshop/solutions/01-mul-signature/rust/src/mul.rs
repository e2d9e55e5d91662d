//! Exercise 01: export `mul`, the wrapping product of two i32.

/// i32 in, i32 out; `wrapping_mul` says "wrap" in every build profile
/// (plain `*` panics on overflow in a debug build).
#[no_mangle]
pub extern "C" fn mul(a: i32, b: i32) -> i32 {
    a.wrapping_mul(b)
}
