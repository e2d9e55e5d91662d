//! `rust/src/grayscale.rs` and `rust/src/blur.rs` compiled again, twice: with
//! LLVM's auto-vectorizers off (`-C no-vectorize-loops -C no-vectorize-slp`),
//! the "native scalar" baseline of `rosetta bench` (a scalar wasm build's time
//! over this one's is the engine's overhead alone), and auto-vectorized for
//! AVX2 (`-C target-feature=+avx2`), beside the ordinary SSE2 build.
//!
//! One Cargo build cannot compile the same source with several sets of codegen
//! flags, so `host/build.rs` compiles this file with rustc as cdylibs and
//! the host loads them at run time (libloading). The sources are the very same
//! files, included with `#[path]`, not copies.

#[path = "../../rust/src/grayscale.rs"]
mod grayscale;

#[path = "../../rust/src/blur.rs"]
mod blur;

/// # Safety
/// `pixels` points to `len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn rosetta_grayscale(pixels: *mut u8, len: usize) {
    grayscale::grayscale(unsafe { std::slice::from_raw_parts_mut(pixels, len) });
}

/// # Safety
/// `src` and `dst` each point to `width * height * 4` bytes and do not overlap.
#[no_mangle]
pub unsafe extern "C" fn rosetta_blur(src: *const u8, dst: *mut u8, width: usize, height: usize) {
    let len = width * height * 4;
    let (src, dst) = unsafe { (std::slice::from_raw_parts(src, len), std::slice::from_raw_parts_mut(dst, len)) };
    blur::blur(src, dst, width, height);
}
