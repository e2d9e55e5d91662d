//! Buffers for the host: raw memory from the same global allocator as every
//! `Box` (std's dlmalloc, or lol_alloc in the `small` build: see small.rs).
//!
//! The host owns a buffer from `alloc` until it calls `dealloc` with the same
//! length, which rebuilds the same `Layout`: Rust's allocator API wants size
//! and alignment back on free, which is why the contract passes `len` back.
//!
//! Both functions are `#[inline]`: each has one caller, its export, and without
//! the hint the size-tuned opt-levels ("s", "z") keep it as a call.

use ::alloc::alloc::{alloc as global_alloc, dealloc as global_dealloc};
use core::alloc::Layout;
use core::ptr;

/// Every `alloc` result is 8-byte aligned (`contract.toml`, `[alloc] align`).
const ALIGN: usize = 8;

/// The layout of a host buffer, or `None` for `len <= 0` or a size that no
/// `Layout` can describe (on wasm32, `i32::MAX` rounded up to 8 exceeds `isize::MAX`).
fn layout(len: i32) -> Option<Layout> {
    if len <= 0 {
        return None;
    }
    Layout::from_size_align(len as usize, ALIGN).ok()
}

/// `len` bytes, 8-byte aligned, or null. When no free block fits, the
/// allocator grows linear memory with `memory.grow`; if that fails (the host
/// caps memory at 1 GiB), the allocator returns null: never a trap.
#[inline]
pub fn alloc(len: i32) -> *mut u8 {
    match layout(len) {
        // SAFETY: the layout has a non-zero size.
        Some(layout) => unsafe { global_alloc(layout) },
        None => ptr::null_mut(),
    }
}

/// Frees a buffer from [`alloc()`]; a null `ptr` does nothing.
///
/// # Safety
/// `ptr` is null, or came from `alloc(len)` with this same `len` and is not yet freed.
#[inline]
pub unsafe fn dealloc(ptr: *mut u8, len: i32) {
    if ptr.is_null() {
        return;
    }
    if let Some(layout) = layout(len) {
        // SAFETY: the caller's promise: allocated by `alloc` with this layout.
        unsafe { global_dealloc(ptr, layout) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_buffer_for_no_bytes() {
        for len in [0, -1, i32::MIN] {
            assert!(alloc(len).is_null(), "alloc({len})");
        }
    }

    #[test]
    fn buffers_are_aligned_and_writable() {
        for len in [1, 7, 8, 100, 4096] {
            let p = alloc(len);
            assert!(!p.is_null() && p.align_offset(ALIGN) == 0, "alloc({len})");
            // SAFETY: `p` is a live buffer of `len` bytes, freed with the same `len`.
            unsafe {
                p.write_bytes(0xAB, len as usize);
                dealloc(p, len);
            }
        }
        // SAFETY: null is always accepted.
        unsafe { dealloc(ptr::null_mut(), 8) };
    }
}
