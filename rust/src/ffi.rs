//! The contract's exports (wasm32 only): the C ABI that every language shares.
//!
//! Every value crossing the boundary is an `i32`. A pointer is an offset into
//! this module's own linear memory, read as *unsigned* (`as u32`). Each export
//! checks its arguments with the pure functions of `status.rs`, and only then
//! turns offsets into slices or references and calls the safe code in
//! `lib.rs` / `image.rs`.
//!
//! Why the functions taking offsets are `unsafe extern "C"`: the bounds checks
//! prove that a range lies inside linear memory, not that nothing else in Rust
//! is using it. The contract says the host passes only buffers it got from
//! `alloc` and handles it got from `counter_new`; under that promise the code is
//! sound, and `unsafe` states that the promise is the caller's.

use ::alloc::alloc::{alloc as global_alloc, dealloc as global_dealloc};
use ::alloc::boxed::Box;
use core::alloc::Layout;
use core::{ptr, slice};

use crate::status::{self, Status};
use crate::{image, Counter};

/// The size of one wasm page, fixed by the WebAssembly spec.
const PAGE_SIZE: u64 = 65536;
/// Every `alloc` result is 8-byte aligned (`contract.toml`, `[alloc] align`).
const ALIGN: usize = 8;

/// The current size of linear memory 0 in bytes, read with the `memory.size`
/// instruction. `u64`, because a full 4 GiB memory is 2^32 bytes.
fn memory_bytes() -> u64 {
    core::arch::wasm32::memory_size::<0>() as u64 * PAGE_SIZE
}

/// An offset from the host as a pointer into linear memory. On wasm32 an
/// address *is* the offset; "exposed provenance" says that it comes from
/// outside Rust (it was handed out earlier through `expose_provenance`).
fn ptr_from(offset: i32) -> *mut u8 {
    ptr::with_exposed_provenance_mut(offset as u32 as usize)
}

/// A pointer as the `i32` the host sees (0 for null).
fn offset_of<T>(p: *mut T) -> i32 {
    p.expose_provenance() as u32 as i32
}

#[no_mangle]
pub extern "C" fn add(a: i32, b: i32) -> i32 {
    crate::add(a, b)
}

// ---------------------------------------------------------------------------
// Counters. Ownership: `counter_new` creates a `Box<Counter>` and gives up the
// Box with `Box::into_raw`; from then on the host owns the counter, and the
// handle (the Box's address) is the only thing that refers to it. The other
// calls borrow it for the length of one call. `counter_free` takes ownership
// back with `Box::from_raw` and drops the Box, which frees the memory, so the
// allocator can hand the same address out again (a freed handle may be reused).
// ---------------------------------------------------------------------------

/// `Box::new`, but `None` instead of aborting when the allocator is out of
/// memory (stable Rust has no `Box::try_new` yet). The memory comes from the
/// global allocator with `Layout::new::<T>()`, exactly what `Box` itself uses,
/// so `Box::from_raw` may take it over and free it later.
fn try_box<T>(value: T) -> Option<Box<T>> {
    const { assert!(size_of::<T>() != 0, "the global allocator does not take zero-sized layouts") };
    // SAFETY: the layout is not zero-sized (asserted above).
    let raw = unsafe { global_alloc(Layout::new::<T>()) }.cast::<T>();
    if raw.is_null() {
        return None;
    }
    // SAFETY: `raw` is fresh, non-null, sized and aligned for `T`; after the
    // write it holds a valid `T`, allocated as `Box` allocates.
    unsafe {
        raw.write(value);
        Some(Box::from_raw(raw))
    }
}

/// A new counter at 0; its handle, or 0 when memory is exhausted.
#[no_mangle]
pub extern "C" fn counter_new() -> i32 {
    match try_box(Counter::new()) {
        Some(counter) => offset_of(Box::into_raw(counter)),
        None => 0,
    }
}

/// Borrows the counter behind a handle for the rest of one call.
///
/// # Safety
/// `handle` came from `counter_new` and has not been freed.
unsafe fn counter_at<'a>(handle: i32) -> &'a mut Counter {
    // SAFETY: the caller's promise: a live, exclusively host-owned Box<Counter>.
    unsafe { &mut *ptr_from(handle).cast::<Counter>() }
}

/// # Safety
/// `handle` is live (from `counter_new`, not yet freed).
#[no_mangle]
pub unsafe extern "C" fn counter_increment(handle: i32) -> i32 {
    unsafe { counter_at(handle) }.increment()
}

/// # Safety
/// `handle` is live (from `counter_new`, not yet freed).
#[no_mangle]
pub unsafe extern "C" fn counter_get(handle: i32) -> i32 {
    unsafe { counter_at(handle) }.get()
}

/// Frees a counter; `counter_free(0)` does nothing.
///
/// # Safety
/// `handle` is 0 or live; it is dead afterwards.
#[no_mangle]
pub unsafe extern "C" fn counter_free(handle: i32) {
    if handle != 0 {
        // SAFETY: a live handle is a pointer from `Box::into_raw`; taking the
        // Box back and dropping it runs `Counter`'s drop and frees the memory.
        drop(unsafe { Box::from_raw(ptr_from(handle).cast::<Counter>()) });
    }
}

// ---------------------------------------------------------------------------
// Buffers for the host. `alloc` hands out raw memory from the same global
// allocator as everything else; the host owns it until it calls `dealloc` with
// the same length, which rebuilds the same `Layout` (Rust's allocator API needs
// size and alignment on free, which is why the contract passes `len` back).
// ---------------------------------------------------------------------------

/// The layout of a host buffer, or `None` for `len <= 0` or a size that no
/// `Layout` can describe (e.g. `i32::MAX` rounded up to 8 exceeds `isize::MAX`).
fn buffer_layout(len: i32) -> Option<Layout> {
    if len <= 0 {
        return None;
    }
    Layout::from_size_align(len as usize, ALIGN).ok()
}

/// `len` bytes, 8-byte aligned, or 0. When no free block fits, the allocator
/// grows linear memory with `memory.grow`; if that fails (the host caps memory
/// at 1 GiB), the allocator returns null, which is 0 here: never a trap.
#[no_mangle]
pub extern "C" fn alloc(len: i32) -> i32 {
    match buffer_layout(len) {
        // SAFETY: the layout has a non-zero size.
        Some(layout) => offset_of(unsafe { global_alloc(layout) }),
        None => 0,
    }
}

/// Frees a buffer from `alloc`; `dealloc(0, _)` does nothing.
///
/// # Safety
/// `ptr` is 0, or came from `alloc(len)` with this same `len` and is not yet freed.
#[no_mangle]
pub unsafe extern "C" fn dealloc(ptr: i32, len: i32) {
    if let (true, Some(layout)) = (ptr != 0, buffer_layout(len)) {
        // SAFETY: the caller's promise: allocated by `alloc` with this layout.
        unsafe { global_dealloc(ptr_from(ptr), layout) };
    }
}

// ---------------------------------------------------------------------------
// Image kernels: check everything first (memory untouched on an error), then
// run the safe kernel on slices.
// ---------------------------------------------------------------------------

/// In-place grayscale of a `width` x `height` RGBA8 image at `ptr`; a status code.
///
/// # Safety
/// A range that passes the checks is used by no other Rust object during the
/// call (the host passes a buffer from `alloc`).
#[no_mangle]
pub unsafe extern "C" fn grayscale(ptr: i32, width: i32, height: i32) -> i32 {
    let checked = status::check_image(ptr as u32, width, height, memory_bytes());
    if let Ok(len) = checked {
        // SAFETY: non-null and wholly inside linear memory (checked just now),
        // and exclusively ours for this call (the caller's promise).
        let pixels = unsafe { slice::from_raw_parts_mut(ptr_from(ptr), len) };
        image::grayscale(pixels);
    }
    Status::code(checked)
}

/// 3x3 box blur from `src` into `dst`; a status code.
///
/// # Safety
/// As for [`grayscale`], for both ranges.
#[no_mangle]
pub unsafe extern "C" fn blur(src: i32, dst: i32, width: i32, height: i32) -> i32 {
    let checked = status::check_blur(src as u32, dst as u32, width, height, memory_bytes());
    if let Ok(len) = checked {
        // SAFETY: both ranges are non-null and inside linear memory, and they do
        // not overlap (checked), so a shared and a mutable slice may coexist.
        let (src, dst) = unsafe {
            (
                slice::from_raw_parts(ptr_from(src).cast_const(), len),
                slice::from_raw_parts_mut(ptr_from(dst), len),
            )
        };
        image::blur(src, dst, width as usize, height as usize);
    }
    Status::code(checked)
}
