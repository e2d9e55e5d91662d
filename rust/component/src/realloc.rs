//! `cabi_realloc`: the function the canonical ABI calls to get memory in this
//! component for the lists the host passes in.
//!
//! On `wasm32-wasip2` wit-bindgen leaves it to std (wasi-libc defines it), so a
//! `no_std` component defines its own, over the global allocator (the kernel's
//! lol_alloc). wit-bindgen's own version, on the targets where it has one,
//! does the same.

use alloc::alloc::{alloc as global_alloc, realloc as global_realloc};
use core::alloc::Layout;

/// A block of `new_len` bytes aligned to `align`: new when `old_len` is 0,
/// else `old_ptr`'s block grown or shrunk. No answer is possible when memory
/// runs out, so that traps, as it does in wit-bindgen's own version.
///
/// # Safety
/// Called by the canonical ABI only: a non-zero `old_len` comes with the
/// `old_ptr` and `align` of an earlier answer.
#[no_mangle]
unsafe extern "C" fn cabi_realloc(old_ptr: *mut u8, old_len: usize, align: usize, new_len: usize) -> *mut u8 {
    let (Ok(old), Ok(new)) = (Layout::from_size_align(old_len, align), Layout::from_size_align(new_len, align)) else {
        core::arch::wasm32::unreachable()
    };
    let ptr = match (old.size(), new.size()) {
        // Nothing asked for: any non-null pointer with the alignment.
        (0, 0) => return align as *mut u8,
        // SAFETY: `new` has a non-zero size.
        (0, _) => unsafe { global_alloc(new) },
        // SAFETY: the caller's promise: `old_ptr` is a live block of layout `old`.
        _ => unsafe { global_realloc(old_ptr, old, new.size()) },
    };
    if ptr.is_null() {
        core::arch::wasm32::unreachable()
    }
    ptr
}
