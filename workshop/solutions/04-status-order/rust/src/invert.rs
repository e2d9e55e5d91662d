//! `invert(ptr, width, height) -> status`: each colour byte becomes 255 minus
//! itself, alpha is kept; in place over RGBA8, with grayscale's checks.

use crate::status::{self, Status};

#[no_mangle]
pub unsafe extern "C" fn invert(ptr: i32, width: i32, height: i32) -> i32 {
    let memory_size = core::arch::wasm32::memory_size::<0>() as u64 * 65536;
    // The contract's checks, in its order, before anything is written.
    let checked = status::check_image(ptr as u32, width, height, memory_size);
    if let Ok(len) = checked {
        // SAFETY: non-null and wholly inside linear memory (checked just now),
        // and the host's buffer is used by nothing else during the call.
        let pixels: &mut [u8] = unsafe {
            core::slice::from_raw_parts_mut(core::ptr::with_exposed_provenance_mut(ptr as u32 as usize), len)
        };
        for pixel in pixels.chunks_exact_mut(4) {
            for channel in &mut pixel[..3] {
                *channel = 255 - *channel;
            }
        }
    }
    Status::code(checked)
}
