//! Status codes and the checks behind them: pure functions of plain numbers, tested natively.
//!
//! The exports (`exports.rs`) pass in the raw arguments and the current memory
//! size, and turn an offset into a slice only after `Ok`. Each check returns
//! `Result<_, Status>`, so `?` chains them in contract order and the first
//! failure wins.
//!
//! The arithmetic is `u64` on purpose: `ptr + len` of two 32-bit numbers cannot
//! overflow 64 bits, so "does it fit" is a plain comparison.
//!
//! `#[inline]`: inlined, a `Result` stays in registers (rust/NOTES.md).

/// Status codes returned by `grayscale` and `blur` (checked in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Status {
    Ok = 0,
    /// `width <= 0`, `height <= 0`, or `width * height * 4 > i32::MAX`.
    BadDimensions = 1,
    /// A buffer is null or not wholly inside the current linear memory.
    OutOfBounds = 2,
    /// `blur`'s source and destination share a byte.
    Overlap = 3,
}

impl Status {
    /// Collapses a check's result into the code an export returns.
    pub fn code<T>(result: Result<T, Status>) -> i32 {
        match result {
            Ok(_) => Status::Ok as i32,
            Err(status) => status as i32,
        }
    }
}

/// Byte length of a `width` x `height` RGBA8 image, or [`Status::BadDimensions`].
#[inline]
pub fn image_len(width: i32, height: i32) -> Result<usize, Status> {
    if width <= 0 || height <= 0 {
        return Err(Status::BadDimensions);
    }
    // Both are in 1..=2^31-1, so the product of three fits in u64 easily.
    let len = width as u64 * height as u64 * 4;
    if len > i32::MAX as u64 {
        return Err(Status::BadDimensions);
    }
    Ok(len as usize)
}

/// Checks that `[ptr, ptr + len)` is a non-null range inside a memory of
/// `memory_size` bytes. `ptr` is the wasm offset read as unsigned.
#[inline]
pub fn check_buffer(ptr: u32, len: usize, memory_size: u64) -> Result<(), Status> {
    if ptr == 0 || ptr as u64 + len as u64 > memory_size {
        return Err(Status::OutOfBounds);
    }
    Ok(())
}

/// Checks that `[a, a + len)` and `[b, b + len)` share no byte.
#[inline]
pub fn check_no_overlap(a: u32, b: u32, len: usize) -> Result<(), Status> {
    let (a, b, len) = (a as u64, b as u64, len as u64);
    if a < b + len && b < a + len {
        return Err(Status::Overlap);
    }
    Ok(())
}

/// All of grayscale's checks, in contract order.
/// `Ok(len)`: the image's byte length.
#[inline]
pub fn check_image(ptr: u32, width: i32, height: i32, memory_size: u64) -> Result<usize, Status> {
    let len = image_len(width, height)?;
    check_buffer(ptr, len, memory_size)?;
    Ok(len)
}

/// All of blur's checks, in contract order: src, then dst, then overlap.
/// `Ok(len)`: each image's byte length.
#[inline]
pub fn check_blur(src: u32, dst: u32, width: i32, height: i32, memory_size: u64) -> Result<usize, Status> {
    let len = check_image(src, width, height, memory_size)?;
    check_buffer(dst, len, memory_size)?;
    check_no_overlap(src, dst, len)?;
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: u64 = 65536;

    #[test]
    fn codes_match_the_contract() {
        assert_eq!(Status::Ok as i32, 0);
        assert_eq!(Status::BadDimensions as i32, 1);
        assert_eq!(Status::OutOfBounds as i32, 2);
        assert_eq!(Status::Overlap as i32, 3);
        assert_eq!(Status::code(Ok::<usize, Status>(12)), 0);
        assert_eq!(Status::code::<()>(Err(Status::Overlap)), 3);
    }

    #[test]
    fn dimensions() {
        assert_eq!(image_len(1, 1), Ok(4));
        assert_eq!(image_len(3, 2), Ok(24));
        assert_eq!(image_len(3840, 2160), Ok(3840 * 2160 * 4));
        for (w, h) in [(0, 1), (1, 0), (-1, 5), (5, -1), (i32::MIN, 1), (0, 0)] {
            assert_eq!(image_len(w, h), Err(Status::BadDimensions), "{w}x{h}");
        }
        // The largest image that still fits: 4 * w * h <= 2^31 - 1.
        assert_eq!(image_len(1, i32::MAX / 4), Ok(i32::MAX as usize - 3));
        assert_eq!(image_len(1, i32::MAX / 4 + 1), Err(Status::BadDimensions));
        assert_eq!(image_len(32768, 16384), Err(Status::BadDimensions)); // exactly 2^31
        assert_eq!(image_len(32768, 16383), Ok(2147352576));
        assert_eq!(image_len(i32::MAX, i32::MAX), Err(Status::BadDimensions));
    }

    #[test]
    fn buffer_bounds() {
        let mem = 2 * PAGE;
        assert_eq!(check_buffer(0, 4, mem), Err(Status::OutOfBounds));
        assert_eq!(check_buffer(8, 4, mem), Ok(()));
        // Ends exactly at the end of memory: fine; one byte past: not.
        assert_eq!(check_buffer((mem - 4) as u32, 4, mem), Ok(()));
        assert_eq!(check_buffer((mem - 3) as u32, 4, mem), Err(Status::OutOfBounds));
        // Offsets read as unsigned: a "negative" i32 is a huge offset, never wrapping.
        assert_eq!(check_buffer(-4i32 as u32, 8, mem), Err(Status::OutOfBounds));
        assert_eq!(check_buffer(u32::MAX, i32::MAX as usize, 1 << 32), Err(Status::OutOfBounds));
        // A full 4 GiB memory holds a buffer up to its very last byte.
        assert_eq!(check_buffer(u32::MAX - 3, 4, 1 << 32), Ok(()));
    }

    #[test]
    fn overlap() {
        assert_eq!(check_no_overlap(100, 200, 100), Ok(())); // touching, not sharing
        assert_eq!(check_no_overlap(200, 100, 100), Ok(()));
        assert_eq!(check_no_overlap(100, 199, 100), Err(Status::Overlap));
        assert_eq!(check_no_overlap(199, 100, 100), Err(Status::Overlap));
        assert_eq!(check_no_overlap(100, 100, 4), Err(Status::Overlap));
        assert_eq!(check_no_overlap(u32::MAX - 3, 8, 4), Ok(()));
    }

    #[test]
    fn checks_run_in_contract_order() {
        let mem = PAGE;
        // Bad dimensions win over a null pointer.
        assert_eq!(check_image(0, 0, 1, mem), Err(Status::BadDimensions));
        assert_eq!(check_image(0, 1, 1, mem), Err(Status::OutOfBounds));
        assert_eq!(check_image(16, 2, 2, mem), Ok(16));
        // Blur: dimensions, then src, then dst, then overlap.
        assert_eq!(check_blur(0, 0, -1, 1, mem), Err(Status::BadDimensions));
        assert_eq!(check_blur(0, 16, 2, 2, mem), Err(Status::OutOfBounds));
        assert_eq!(check_blur(16, mem as u32, 2, 2, mem), Err(Status::OutOfBounds));
        // Overlapping AND dst out of bounds: out of bounds comes first.
        assert_eq!(check_blur(16, 30, 2, 2, 40), Err(Status::OutOfBounds));
        assert_eq!(check_blur(16, 20, 2, 2, mem), Err(Status::Overlap));
        assert_eq!(check_blur(16, 32, 2, 2, mem), Ok(16));
    }
}
