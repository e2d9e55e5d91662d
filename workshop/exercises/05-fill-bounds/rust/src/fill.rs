//! Exercise 05: `fill(ptr, len, value) -> status`, every byte set to `value`.

use crate::status::Status;

#[no_mangle]
pub unsafe extern "C" fn fill(ptr: i32, len: i32, value: i32) -> i32 {
    // TODO: `len <= 0` is bad_dimensions; a buffer that is null or not wholly
    // inside memory is out_of_bounds; both before anything is written.
    // SAFETY: none yet: nothing has been checked.
    let bytes: &mut [u8] = unsafe {
        core::slice::from_raw_parts_mut(core::ptr::with_exposed_provenance_mut(ptr as u32 as usize), len as usize)
    };
    bytes.fill(value as u8);
    Status::Ok as i32
}
