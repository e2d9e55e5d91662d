//! The wasm-rosetta kernel in Rust (see `contract/README.md`).
//!
//! Two layers:
//! - a safe Rust API over slices and structs ([`add`], [`Counter`], [`image`],
//!   [`status`]): what the native host links as the speed baseline and what
//!   `cargo test` checks;
//! - on wasm32 only, the contract's `extern "C"` exports (`ffi.rs`), which turn
//!   raw `i32` offsets into slices after the checks of [`status`] and then call
//!   the safe layer. The `unsafe` code lives there (and in `small.rs`, and in
//!   `simd.rs` for its vector loads and stores).
//!
//! With the `small` feature the wasm build drops `std` (see `small.rs`). The code
//! below only uses `core` and `alloc`, so it is the same code either way.
#![cfg_attr(all(feature = "small", target_arch = "wasm32"), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]

// `alloc` gives `Box` and the global allocator API without `std`; with `std`
// it is the very same crate that `std` re-exports.
extern crate alloc;

pub mod image;
pub mod status;

#[cfg(target_arch = "wasm32")]
mod ffi;

#[cfg(all(feature = "small", target_arch = "wasm32"))]
mod small;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

/// Two's-complement wrapping sum: `add(i32::MAX, 1) == i32::MIN`.
///
/// Plain `a + b` would panic on overflow in a debug build; `wrapping_add` says
/// what the contract means in every build profile.
pub fn add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

/// The contract's Counter: a real Rust object. Across the wasm boundary it lives
/// in a `Box` and its address is the handle (see `ffi.rs`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counter {
    value: i32,
}

impl Counter {
    /// A counter at 0.
    pub const fn new() -> Self {
        Counter { value: 0 }
    }

    /// Adds 1 (wrapping from `i32::MAX` to `i32::MIN`) and returns the new value.
    pub fn increment(&mut self) -> i32 {
        self.value = self.value.wrapping_add(1);
        self.value
    }

    /// The current value.
    pub fn get(&self) -> i32 {
        self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn counter_counts_from_zero() {
        let mut c = Counter::new();
        assert_eq!(c.get(), 0);
        assert_eq!(c.increment(), 1);
        assert_eq!(c.increment(), 2);
        assert_eq!(c.get(), 2);
        assert_eq!(Counter::default(), Counter::new());
    }

    #[test]
    fn counters_are_independent() {
        let mut a = Counter::new();
        let mut b = Counter::new();
        for _ in 0..5 {
            a.increment();
        }
        b.increment();
        assert_eq!((a.get(), b.get()), (5, 1));
    }

    #[test]
    fn counter_wraps() {
        let mut c = Counter { value: i32::MAX - 1 };
        assert_eq!(c.increment(), i32::MAX);
        assert_eq!(c.increment(), i32::MIN);
        assert_eq!(c.get(), i32::MIN);
        assert_eq!(c.increment(), i32::MIN + 1);
    }
}
