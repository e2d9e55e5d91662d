//! `fill(ptr, len, value) -> status`, every byte set to `value`.

use crate::status::{self, Status};

#[no_mangle]
pub unsafe extern "C" fn fill(ptr: i32, len: i32, value: i32) -> i32 {
    if len <= 0 {
        return Status::BadDimensions as i32;
    }
    let memory_size = core::arch::wasm32::memory_size::<0>() as u64 * 65536;
    if let Err(status) = status::check_buffer(ptr as u32, len as usize, memory_size) {
        return status as i32;
    }
    // SAFETY: non-null and wholly inside linear memory (checked just now).
    let bytes: &mut [u8] = unsafe {
        core::slice::from_raw_parts_mut(core::ptr::with_exposed_provenance_mut(ptr as u32 as usize), len as usize)
    };
    bytes.fill(value as u8);
    Status::Ok as i32
}
