//! The Rust kernel as components of the worlds in `contract/wit/`.
//!
//! One module per world, each compiled in by the cargo feature of its name;
//! `wit_bindgen::generate!` turns the world's WIT into Rust traits, the module
//! implements them over `rosetta_kernel`'s safe API and `export!`s the
//! implementation.
//!
//! On wasm32 the crate is `no_std`: std's panic and out-of-memory paths print
//! to stderr and exit, which makes a component import `wasi:cli` and `wasi:io`.
//! Without std, the kernel's `small` feature supplies the allocator and a
//! panic handler that traps, and the component imports nothing.
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

// std provides it on wasm32-wasip2; a no_std component must (realloc.rs).
// Only the kernel world passes lists, so only it needs one.
#[cfg(all(target_arch = "wasm32", target_env = "p2", feature = "kernel"))]
mod realloc;

#[cfg(feature = "calculator")]
mod calculator;
#[cfg(feature = "kernel")]
mod kernel;
