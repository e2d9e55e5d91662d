//! The Rust kernel for JavaScript through wasm-bindgen: the same safe Rust
//! core (`rosetta_kernel::{add, Counter, grayscale, blur, status}`), wrapped,
//! not copied. wasm-bindgen writes the JS glue (`--target web`): a `Counter`
//! class, and slices copied in and out of the module's memory for the images.
//!
//! Where a core module returns a status code, these functions return
//! `Result<(), JsError>`: every contract error arrives in JS as an exception
//! whose message names the status. The checks are the core's own
//! (`rosetta_kernel::status`), in the contract's order.
//!
//! Note: the core's `extern "C"` contract exports (add, alloc, grayscale, ...)
//! come along from the `rosetta-kernel` rlib (rustc exports every
//! `#[no_mangle]` function of a cdylib's dependencies); wasm-bindgen's own
//! exports have hashed names, so the two never collide.

use rosetta_kernel::status::{self, Status};
use wasm_bindgen::prelude::*;

/// Two's-complement wrapping sum: `add(2147483647, 1) === -2147483648`.
#[wasm_bindgen]
pub fn add(a: i32, b: i32) -> i32 {
    rosetta_kernel::add(a, b)
}

/// A counter: starts at 0, counts up by one, wraps. A JS class; `free()`
/// (from wasm-bindgen) releases the Rust object.
#[wasm_bindgen]
#[derive(Default)]
pub struct Counter(rosetta_kernel::Counter);

#[wasm_bindgen]
impl Counter {
    /// A new counter at 0.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Counter {
        Counter(rosetta_kernel::Counter::new())
    }

    /// Adds 1 (wrapping) and returns the new value.
    pub fn increment(&mut self) -> i32 {
        self.0.increment()
    }

    /// The current value.
    pub fn get(&self) -> i32 {
        self.0.get()
    }
}

/// A status as a JS exception: `"bad_dimensions (status 1): ..."`.
fn error(status: Status, detail: String) -> JsError {
    let name = match status {
        Status::Ok => "ok",
        Status::BadDimensions => "bad_dimensions",
        Status::OutOfBounds => "out_of_bounds",
        Status::Overlap => "overlap",
    };
    JsError::new(&format!("{name} (status {}): {detail}", status as i32))
}

/// The image's byte length, checked as the contract checks a buffer: the
/// dimensions first, then the buffer (here: a slice of exactly that length).
fn check(what: &str, pixels: &[u8], width: i32, height: i32) -> Result<usize, JsError> {
    let len = status::image_len(width, height).map_err(|s| {
        error(s, format!("{width}x{height}: width and height must be > 0 and width*height*4 fit in an i32"))
    })?;
    if pixels.len() != len {
        return Err(error(
            Status::OutOfBounds,
            format!("{what} has {} bytes, a {width}x{height} RGBA image has {len}", pixels.len()),
        ));
    }
    Ok(len)
}

/// In-place grayscale over RGBA8 (`width * height * 4` bytes). The glue
/// copies `pixels` in and, being `&mut`, back out into the caller's array.
#[wasm_bindgen]
pub fn grayscale(pixels: &mut [u8], width: i32, height: i32) -> Result<(), JsError> {
    check("pixels", pixels, width, height)?;
    rosetta_kernel::grayscale(pixels);
    Ok(())
}

/// 3x3 box blur, replicate border, `src` -> `dst` (both `width * height * 4`
/// bytes). The glue copies each into its own buffer, so they never overlap
/// inside the module (the contract's `overlap` cannot arise here).
#[wasm_bindgen]
pub fn blur(src: &[u8], dst: &mut [u8], width: i32, height: i32) -> Result<(), JsError> {
    check("src", src, width, height)?;
    check("dst", dst, width, height)?;
    rosetta_kernel::blur(src, dst, width as usize, height as usize);
    Ok(())
}
