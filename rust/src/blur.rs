//! The scalar blur: sliding column sums, four channels per u64 (SWAR).
//!
//! Safe Rust over byte slices: rows are `chunks_exact`, pixels `as_chunks::<4>`,
//! zipped, so no bounds check and no panic path (contract/README.md#why-wasm).

/// `(sum + 4) / 9 == (sum * DIV9_MUL + DIV9_ROUND) >> DIV9_SHIFT` for every
/// sum a 3x3 box can give (`0 ..= 9 * 255`); the proof is in the contract.
const DIV9_MUL: u32 = 3641;
const DIV9_ROUND: u32 = 16384;
const DIV9_SHIFT: u32 = 15;

/// The contract's rounded `/ 9`, as the multiply the fast code uses.
#[cfg_attr(not(test), allow(dead_code))]
#[inline(always)]
pub(crate) fn div9(sum: u32) -> u32 {
    (sum * DIV9_MUL + DIV9_ROUND) >> DIV9_SHIFT
}

/// A pixel's four bytes spread into the four 16-bit lanes of a `u64`.
#[inline]
fn widen(pixel: u32) -> u64 {
    let p = pixel as u64;
    let p = (p | p << 16) & 0x0000_FFFF_0000_FFFF;
    (p | p << 8) & 0x00FF_00FF_00FF_00FF
}

/// Four 16-bit lane sums (each at most 9 * 255) to a pixel of `div9` bytes.
/// The multiply needs more than 16 bits, so two lanes at a time go through
/// 32-bit lanes: channels 0 and 2, then 1 and 3.
#[inline]
fn narrow(sums: u64) -> u32 {
    const LANES: u64 = 0x0000_FFFF_0000_FFFF;
    const ROUND: u64 = DIV9_ROUND as u64 * 0x1_0000_0001;
    let div9x2 = |two: u64| ((two * DIV9_MUL as u64 + ROUND) >> DIV9_SHIFT) & 0x0000_00FF_0000_00FF;
    // Bytes 0 and 4 hold channels 0 and 2, bytes 1 and 5 channels 1 and 3.
    let bytes = div9x2(sums & LANES) | div9x2((sums >> 16) & LANES) << 8;
    (bytes | bytes >> 16) as u32
}

/// 3x3 box blur with the border replicated; out = (sum + 4) / 9.
///
/// `src` -> `dst`, both `width * height * 4` bytes of RGBA8. `sum` is one
/// channel over the pixel's 3x3 neighbourhood, where a neighbour outside the
/// image is the nearest edge pixel.
///
/// # Panics
/// If either slice is not exactly `width * height * 4` bytes long. (Inlined,
/// so that at the export the optimizer sees the lengths are right and drops
/// the check: the `small` build has no panic path.)
#[inline(always)]
pub fn blur(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    let stride = width * 4;
    assert!(src.len() == stride * height && dst.len() == src.len(), "blur: slice length is not width*height*4");
    if stride == 0 {
        return; // an empty image (and `chunks_exact` needs a non-zero size)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if width >= 8 {
        return crate::simd::blur_simd(src, dst, width, height);
    }

    // Walk the rows keeping (above, current, below). Clamping y to the image is
    // reusing the current row at the top and bottom edges.
    let mut rows = src.chunks_exact(stride);
    let Some(mut mid) = rows.next() else { return };
    let mut up = mid;
    for out in dst.chunks_exact_mut(stride) {
        let down = rows.next().unwrap_or(mid);
        blur_row([up, mid, down], out, 0);
        up = mid;
        mid = down;
    }
}

/// Output pixels `from..` of one row, from its three source rows (all as long
/// as `out`). Pixel x needs the columns of x-1, x and x+1; walking right, each
/// column is summed once and slides from `right` to `here` to `left`. Zipped
/// iterators, not indexes: no bounds checks, and no panic path in the `small`
/// build. (Kept out of line, so that `blur` stays small enough to inline into
/// its export, where the optimizer sees the slice lengths match.)
#[inline(never)]
pub(crate) fn blur_row(rows: [&[u8]; 3], out: &mut [u8], from: usize) {
    // Columns from x = from - 1 (or 0 at the left edge, which is its own
    // neighbour). The rows are sliced there, not skipped to: `skip` would keep
    // its counter in the iterator, and the iterator in memory.
    let start = from.saturating_sub(1);
    let [up, mid, down] = rows.map(|row| row.as_chunks::<4>().0.get(start..).unwrap_or_default());
    let pixel = |p: &[u8; 4]| widen(u32::from_le_bytes(*p));
    let mut columns = up.iter().zip(mid).zip(down).map(|((u, m), d)| pixel(u) + pixel(m) + pixel(d));
    let Some(mut left) = columns.next() else { return };
    let mut here = if from == 0 { left } else { columns.next().unwrap_or(left) };
    let out = out.as_chunks_mut::<4>().0.get_mut(from..).unwrap_or_default();
    for px in out {
        // Past the last column, the last pixel is its own right neighbour.
        let right = columns.next().unwrap_or(here);
        *px = narrow(left + here + right).to_le_bytes();
        (left, here) = (here, right);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::noise;
    use alloc::vec::Vec;

    /// The contract's blur, written the obvious way (clamp every coordinate).
    fn blur_reference(src: &[u8], width: usize, height: usize) -> Vec<u8> {
        let mut dst = vec![0u8; src.len()];
        let clamp = |v: isize, n: usize| v.clamp(0, n as isize - 1) as usize;
        for y in 0..height {
            for x in 0..width {
                for c in 0..4 {
                    let mut sum = 0u32;
                    for dy in -1..=1isize {
                        for dx in -1..=1isize {
                            let (sx, sy) = (clamp(x as isize + dx, width), clamp(y as isize + dy, height));
                            sum += src[(sy * width + sx) * 4 + c] as u32;
                        }
                    }
                    dst[(y * width + x) * 4 + c] = ((sum + 4) / 9) as u8;
                }
            }
        }
        dst
    }

    #[test]
    fn div9_is_exact_for_every_sum() {
        for sum in 0..=9 * 255 {
            assert_eq!(div9(sum), (sum + 4) / 9, "sum = {sum}");
        }
    }

    #[test]
    fn narrow_divides_every_lane() {
        // A pixel's nine copies sum to 9 * channel in each lane: narrow gives it back.
        for v in 0..=255u32 {
            let pixel = u32::from_le_bytes([v as u8, 255 - v as u8, (v * 7) as u8, (v ^ 0x5A) as u8]);
            assert_eq!(narrow(widen(pixel) * 9), pixel, "pixel {pixel:#010x}");
        }
        // Each lane on its own, every sum: the lanes do not disturb each other.
        for sum in 0..=9 * 255u64 {
            let expected = ((sum + 4) / 9) as u8;
            for lane in 0..4 {
                let mut bytes = [0u8; 4];
                bytes[lane] = expected;
                assert_eq!(narrow(sum << (16 * lane) | 2295 << (16 * ((lane + 1) % 4))).to_le_bytes()[lane], expected);
                assert_eq!(narrow(sum << (16 * lane)), u32::from_le_bytes(bytes), "sum {sum} lane {lane}");
            }
        }
    }

    #[test]
    fn blur_one_pixel_is_itself() {
        let src = [12, 34, 56, 78];
        let mut dst = [0; 4];
        blur(&src, &mut dst, 1, 1);
        assert_eq!(dst, src);
    }

    #[test]
    fn blur_flat_image_stays_flat() {
        let src: Vec<u8> = [200, 100, 50, 255].repeat(5 * 4);
        let mut dst = vec![0; src.len()];
        blur(&src, &mut dst, 5, 4);
        assert_eq!(dst, src);
    }

    #[test]
    fn blur_known_values_1x3_row() {
        // One row of three pixels; rows above and below are the row itself, so
        // each column counts three times.
        // x=0: 3*(0 + 0 + 90) = 270 -> (270+4)/9 = 30
        // x=1: 3*(0 + 90 + 180) = 810 -> 90
        // x=2: 3*(90 + 180 + 180) = 1350 -> 150
        let src = [0, 0, 0, 0, 90, 0, 0, 0, 180, 0, 0, 0];
        let mut dst = [1; 12];
        blur(&src, &mut dst, 3, 1);
        assert_eq!(dst, [30, 0, 0, 0, 90, 0, 0, 0, 150, 0, 0, 0]);
    }

    #[test]
    fn blur_rounds_half_up() {
        // One non-zero value in the centre of a 3x3 image. With clamping, every
        // pixel's neighbourhood holds the centre exactly once.
        let mut src = vec![0u8; 3 * 3 * 4];
        src[4 * 4] = 5; // red of the centre pixel
        let mut dst = vec![0; src.len()];
        blur(&src, &mut dst, 3, 3);
        // Every pixel's neighbourhood contains the centre once: (5 + 4) / 9 = 1.
        let reds: Vec<u8> = dst.chunks_exact(4).map(|p| p[0]).collect();
        assert_eq!(reds, [1; 9]);
        src[4 * 4] = 4; // (4 + 4) / 9 = 0
        blur(&src, &mut dst, 3, 3);
        assert!(dst.iter().all(|&v| v == 0));
    }

    #[test]
    fn blur_matches_reference_on_many_shapes() {
        #[rustfmt::skip]
        let shapes = [
            (1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3), (3, 3), (1, 17), (17, 1), (4, 5),
            (5, 4), (7, 3), (16, 16), (31, 9), (64, 2), (2, 64), (33, 35),
        ];
        let shapes = shapes.into_iter().chain((1..=20).flat_map(|w| (1..=5).map(move |h| (w, h))));
        for (i, (w, h)) in shapes.into_iter().enumerate() {
            let src = noise(w * h * 4, 0xDEAD_BEEF ^ (i as u32 * 7919));
            let mut dst = vec![0xAB; src.len()];
            blur(&src, &mut dst, w, h);
            assert_eq!(dst, blur_reference(&src, w, h), "{w}x{h}");
        }
    }

    #[test]
    fn blur_extremes_do_not_overflow() {
        let src = vec![255u8; 6 * 5 * 4];
        let mut dst = vec![0; src.len()];
        blur(&src, &mut dst, 6, 5);
        assert!(dst.iter().all(|&v| v == 255));
    }

    #[test]
    fn blur_empty_is_a_no_op() {
        blur(&[], &mut [], 0, 5);
        blur(&[], &mut [], 5, 0);
    }

    #[test]
    #[should_panic]
    fn blur_rejects_wrong_lengths() {
        let mut dst = [0u8; 8];
        blur(&[0u8; 12], &mut dst, 3, 1);
    }
}
