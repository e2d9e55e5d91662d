//! The boundary: raw i32 arguments in, status codes out; the checks run before anything is touched.
//!
//! wasm32 only. A pointer is an offset into this module's own linear memory,
//! read as *unsigned* (`as u32`). Each image export reads the memory size,
//! calls the checks of `status.rs`, and only after `Ok` turns offsets into
//! slices for the safe kernels.
//!
//! Why the functions taking offsets are `unsafe extern "C"`: the bounds checks
//! prove that a range lies inside linear memory, not that nothing else in Rust
//! is using it. The contract says the host passes only buffers it got from
//! `alloc` and handles it got from `counter_new`; under that promise the code is
//! sound, and `unsafe` states that the promise is the caller's.

use core::{ptr, slice};

use crate::status::{self, Status};
use crate::{buffers, counter};

/// The size of one wasm page, fixed by the WebAssembly spec.
const PAGE_SIZE: u64 = 65536;

/// The current size of linear memory 0 in bytes, read with the `memory.size`
/// instruction. `u64`, because a full 4 GiB memory is 2^32 bytes.
fn memory_size() -> u64 {
    core::arch::wasm32::memory_size::<0>() as u64 * PAGE_SIZE
}

/// An offset from the host as a pointer into linear memory. On wasm32 an
/// address *is* the offset; "exposed provenance" says that it comes from
/// outside Rust (it was handed out earlier through `expose_provenance`).
fn ptr_from<T>(offset: i32) -> *mut T {
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

/// A new counter at 0; its handle, or 0 when memory is exhausted.
#[no_mangle]
pub extern "C" fn counter_new() -> i32 {
    offset_of(counter::new_handle())
}

/// # Safety
/// `handle` is live (from `counter_new`, not yet freed).
#[no_mangle]
pub unsafe extern "C" fn counter_increment(handle: i32) -> i32 {
    // SAFETY: the caller's promise; the borrow ends with this call.
    unsafe { counter::counter_at(ptr_from(handle)) }.increment()
}

/// # Safety
/// `handle` is live (from `counter_new`, not yet freed).
#[no_mangle]
pub unsafe extern "C" fn counter_get(handle: i32) -> i32 {
    // SAFETY: the caller's promise; the borrow ends with this call.
    unsafe { counter::counter_at(ptr_from(handle)) }.get()
}

/// Frees a counter; `counter_free(0)` does nothing.
///
/// # Safety
/// `handle` is 0 or live; it is dead afterwards.
#[no_mangle]
pub unsafe extern "C" fn counter_free(handle: i32) {
    // SAFETY: the caller's promise; 0 is the null handle.
    unsafe { counter::free_handle(ptr_from(handle)) }
}

/// `len` bytes, 8-byte aligned, or 0.
#[no_mangle]
pub extern "C" fn alloc(len: i32) -> i32 {
    offset_of(buffers::alloc(len))
}

/// Frees a buffer from `alloc`; `dealloc(0, _)` does nothing.
///
/// # Safety
/// `ptr` is 0, or came from `alloc(len)` with this same `len` and is not yet freed.
#[no_mangle]
pub unsafe extern "C" fn dealloc(ptr: i32, len: i32) {
    // SAFETY: the caller's promise; 0 is null.
    unsafe { buffers::dealloc(ptr_from(ptr), len) }
}

/// In-place grayscale of a `width` x `height` RGBA8 image at `ptr`; a status code.
///
/// # Safety
/// A range that passes the checks is used by no other Rust object during the
/// call (the host passes a buffer from `alloc`).
#[no_mangle]
pub unsafe extern "C" fn grayscale(ptr: i32, width: i32, height: i32) -> i32 {
    let checked = status::check_image(ptr as u32, width, height, memory_size());
    if let Ok(len) = checked {
        // SAFETY: non-null and wholly inside linear memory (checked just now),
        // and exclusively ours for this call (the caller's promise).
        let pixels = unsafe { slice::from_raw_parts_mut(ptr_from(ptr), len) };
        crate::grayscale(pixels);
    }
    Status::code(checked)
}

/// 3x3 box blur from `src` into `dst`; a status code.
///
/// # Safety
/// As for [`grayscale`], for both ranges.
#[no_mangle]
pub unsafe extern "C" fn blur(src: i32, dst: i32, width: i32, height: i32) -> i32 {
    let checked = status::check_blur(src as u32, dst as u32, width, height, memory_size());
    if let Ok(len) = checked {
        // SAFETY: both ranges are non-null and inside linear memory, and they do
        // not overlap (checked), so a shared and a mutable slice may coexist.
        let (src, dst) = unsafe {
            (
                slice::from_raw_parts(ptr_from::<u8>(src).cast_const(), len),
                slice::from_raw_parts_mut(ptr_from(dst), len),
            )
        };
        crate::blur(src, dst, width as usize, height as usize);
    }
    Status::code(checked)
}
