//! The wasm-rosetta kernel in Rust (see `contract/README.md`).
//!
//! Two layers:
//! - a safe Rust API over slices and structs ([`add`], [`Counter`],
//!   [`grayscale()`], [`blur()`], [`status`]): what the native host links as its
//!   speed baseline and what `cargo test` checks;
//! - on wasm32 only, the contract's `extern "C"` exports (`exports.rs`), which
//!   turn raw `i32` offsets into slices after the checks of [`status`] and then
//!   call the safe layer.
//!
//! The `unsafe` code lives at the edges: `exports.rs`, the handles in
//! `counter.rs`, `buffers.rs`, and the vector loads and stores of `simd.rs`.
//! With the `small` feature the wasm build drops `std` (see `small.rs`); the
//! code only uses `core` and `alloc`, so it is the same code either way.
#![cfg_attr(all(feature = "small", target_arch = "wasm32"), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]

// `alloc` gives `Box` and the global allocator API without `std`; with `std`
// it is the very same crate that `std` re-exports.
extern crate alloc;

pub mod status;
pub mod buffers;
pub mod counter;
pub mod grayscale;
pub mod blur;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

// The speed ladder's earlier blurs (`--cfg rosetta_blur`, ladder.rs).
#[cfg(any(test, rosetta_blur))]
mod ladder;

// The module's boundary: on wasm32, but not in a WASI program linking the
// crate (rust/wasi/), which uses the safe API and exports only `_start`, nor
// under wasm-bindgen (rust/bindgen/ turns the default feature `exports` off):
// it exports its own `add`, and a module cannot have two exports of one name.
#[cfg(all(feature = "exports", target_arch = "wasm32", not(target_os = "wasi")))]
mod exports;

#[cfg(all(feature = "small", target_arch = "wasm32"))]
mod small;

// The safe API at the crate root: `rosetta_kernel::grayscale(pixels)`.
#[cfg(not(rosetta_blur))]
pub use blur::blur;
pub use counter::Counter;
pub use grayscale::grayscale;
#[cfg(rosetta_blur)]
pub use ladder::blur;

/// Two's-complement wrapping sum: `add(i32::MAX, 1) == i32::MIN`.
///
/// Plain `a + b` would panic on overflow in a debug build; `wrapping_add` says
/// what the contract means in every build profile.
pub fn add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn add_edge_cases() {
        assert_eq!(add(2, 3), 5);
        assert_eq!(add(0, 0), 0);
        assert_eq!(add(-7, 7), 0);
        assert_eq!(add(-1, -1), -2);
        assert_eq!(add(i32::MAX, 1), i32::MIN);
        assert_eq!(add(i32::MIN, -1), i32::MAX);
        assert_eq!(add(i32::MAX, i32::MAX), -2);
        assert_eq!(add(i32::MIN, i32::MIN), 0);
        assert_eq!(add(i32::MIN, i32::MAX), -1);
    }

    /// Test images: a tiny deterministic generator (xorshift32), so the tests
    /// need no crates. Shared by the grayscale and blur tests.
    pub(crate) fn noise(len: usize, mut seed: u32) -> Vec<u8> {
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                (seed >> 24) as u8
            })
            .collect()
    }
}
