//! Exercise 02: `counter_reset(handle) -> i32`, the value the counter had.

use crate::counter;

/// # Safety
/// `handle` is live (from `counter_new`, not yet freed).
#[no_mangle]
pub unsafe extern "C" fn counter_reset(handle: i32) -> i32 {
    // SAFETY: the caller's promise, as for `counter_get`.
    let counter = unsafe { counter::counter_at(core::ptr::with_exposed_provenance_mut(handle as u32 as usize)) };
    // TODO: the counter must be back at 0 afterwards.
    counter.get()
}
