//! Exercise 04: a working `invert` whose checks come in the wrong order.

use crate::status::{self, Status};

#[no_mangle]
pub unsafe extern "C" fn invert(ptr: i32, width: i32, height: i32) -> i32 {
    let memory_size = core::arch::wasm32::memory_size::<0>() as u64 * 65536;
    // TODO: the contract checks in another order (contract/README.md, "Status codes").
    if ptr == 0 {
        return Status::OutOfBounds as i32;
    }
    let len = match status::image_len(width, height) {
        Ok(len) => len,
        Err(status) => return status as i32,
    };
    if let Err(status) = status::check_buffer(ptr as u32, len, memory_size) {
        return status as i32;
    }
    // SAFETY: non-null and wholly inside linear memory (checked above).
    let pixels: &mut [u8] =
        unsafe { core::slice::from_raw_parts_mut(core::ptr::with_exposed_provenance_mut(ptr as u32 as usize), len) };
    for pixel in pixels.chunks_exact_mut(4) {
        for channel in &mut pixel[..3] {
            *channel = 255 - *channel;
        }
    }
    Status::Ok as i32
}
