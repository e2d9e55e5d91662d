//! What `std` used to provide, for the `small` (no_std) wasm build.
//!
//! Without `std` a crate that allocates must name its global allocator and its
//! panic handler itself. Both choices are about bytes:
//! - std's allocator on wasm32 is dlmalloc, several KB of code. `lol_alloc`'s
//!   `FreeListAllocator` is a few hundred bytes: a free list sorted by address,
//!   merging neighbours on free (so 100,000 counter new/free cycles reuse the
//!   same bytes), growing memory with `memory.grow` when nothing fits, and
//!   returning null when `memory.grow` fails.
//! - std's panic handler formats a message (core::fmt, several KB). Here a
//!   panic traps at once with the `unreachable` instruction; the host sees a
//!   wasm trap. The kernels are written so that no panic is reachable anyway.

use lol_alloc::{AssumeSingleThreaded, FreeListAllocator};

/// The global allocator: every `Box`, and every buffer from `alloc`.
// SAFETY: `AssumeSingleThreaded` needs a promise of one thread; a
// wasm32-unknown-unknown module without the `atomics` feature has exactly one.
#[global_allocator]
static ALLOCATOR: AssumeSingleThreaded<FreeListAllocator> =
    unsafe { AssumeSingleThreaded::new(FreeListAllocator::new()) };

/// Any panic is a trap: no message, no formatting code.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
