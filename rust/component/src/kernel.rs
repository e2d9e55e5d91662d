//! The `rosetta:kernel` world: add, a counter resource, grayscale and blur.

wit_bindgen::generate!({ path: "../../contract/wit/kernel", world: "kernel" });

use alloc::vec;
use alloc::vec::Vec;
use core::cell::RefCell;

use exports::rosetta::kernel::image::ErrorCode;
use exports::rosetta::kernel::{counters, image, operations};
use rosetta_kernel::status::image_len;

struct Kernel;

impl operations::Guest for Kernel {
    fn add(a: i32, b: i32) -> i32 {
        rosetta_kernel::add(a, b)
    }
}

/// The resource: the kernel's own `Counter`. wit-bindgen boxes it behind the
/// handle and drops the box when the host drops the handle.
struct Counter(RefCell<rosetta_kernel::Counter>);

impl counters::Guest for Kernel {
    type Counter = Counter;
}

impl counters::GuestCounter for Counter {
    fn new() -> Self {
        Counter(RefCell::new(rosetta_kernel::Counter::new()))
    }

    fn increment(&self) -> i32 {
        self.0.borrow_mut().increment()
    }

    fn get(&self) -> i32 {
        self.0.borrow().get()
    }
}

/// The image's byte length, after the core module's checks in its order:
/// the dimensions (`status::image_len`), then the buffer, which here is the
/// list: it must be exactly `width * height * 4` bytes.
fn checked_len(pixels: &[u8], width: u32, height: u32) -> Result<usize, ErrorCode> {
    // A side above i32::MAX makes `width * height * 4` too large anyway.
    let (Ok(width), Ok(height)) = (i32::try_from(width), i32::try_from(height)) else {
        return Err(ErrorCode::BadDimensions);
    };
    // `image_len` fails only with `Status::BadDimensions`.
    let len = image_len(width, height).map_err(|_| ErrorCode::BadDimensions)?;
    if pixels.len() != len {
        return Err(ErrorCode::OutOfBounds);
    }
    Ok(len)
}

impl image::Guest for Kernel {
    fn grayscale(mut pixels: Vec<u8>, width: u32, height: u32) -> Result<Vec<u8>, ErrorCode> {
        checked_len(&pixels, width, height)?;
        // In place: the argument's bytes become the result.
        rosetta_kernel::grayscale(&mut pixels);
        Ok(pixels)
    }

    fn blur(pixels: Vec<u8>, width: u32, height: u32) -> Result<Vec<u8>, ErrorCode> {
        let len = checked_len(&pixels, width, height)?;
        let mut out = vec![0; len];
        rosetta_kernel::blur(&pixels, &mut out, width as usize, height as usize);
        Ok(out)
    }
}

export!(Kernel);

#[cfg(test)]
mod tests {
    use super::*;
    use counters::GuestCounter;
    use image::Guest as _;

    /// A small deterministic image (xorshift32).
    fn noise(len: usize) -> Vec<u8> {
        let mut seed = 0x9E37_79B9u32;
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                (seed >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn add_wraps() {
        assert_eq!(<Kernel as operations::Guest>::add(-7, 7), 0);
        assert_eq!(<Kernel as operations::Guest>::add(i32::MIN, -1), i32::MAX);
    }

    #[test]
    fn counters_count_from_zero_each_its_own() {
        // (Wrapping is the kernel's `Counter`, tested in rust/src/counter.rs.)
        let (a, b) = (Counter::new(), Counter::new());
        assert_eq!((a.get(), a.increment(), a.increment(), a.get()), (0, 1, 2, 2));
        assert_eq!((b.get(), b.increment()), (0, 1));
    }

    #[test]
    fn images_are_the_kernels_own() {
        let (width, height) = (37u32, 23u32);
        let src = noise((width * height * 4) as usize);
        let mut gray = src.clone();
        rosetta_kernel::grayscale(&mut gray);
        assert_eq!(Kernel::grayscale(src.clone(), width, height), Ok(gray));
        let mut blurred = vec![0; src.len()];
        rosetta_kernel::blur(&src, &mut blurred, width as usize, height as usize);
        assert_eq!(Kernel::blur(src, width, height), Ok(blurred));
    }

    #[test]
    fn errors_in_the_core_order() {
        use ErrorCode::{BadDimensions, OutOfBounds};
        for (len, width, height, want) in [
            (0, 0, 1, BadDimensions),
            (4, 1, 0, BadDimensions),
            // width * height * 4 = 2^31: one past i32::MAX; the dimensions fail first
            (8, 16384, 32768, BadDimensions),
            (8, u32::MAX, 1, BadDimensions),
            (8, 1, 1, OutOfBounds),
            (0, 1, 1, OutOfBounds),
            (3, 1, 1, OutOfBounds),
        ] {
            assert_eq!(Kernel::grayscale(vec![0; len], width, height), Err(want), "{len} {width}x{height}");
            assert_eq!(Kernel::blur(vec![0; len], width, height), Err(want), "{len} {width}x{height}");
        }
    }
}
