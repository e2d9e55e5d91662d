//! The scalar blur, src -> dst: safe Rust over byte slices, integers only.
//!
//! Every index comes from slices cut to one common length up front (`get`,
//! which cannot panic), so the optimizer proves them in range: the hot loop
//! carries no bounds checks, and the `small` wasm build no panic path.

/// 3x3 box blur with the border replicated; out = (sum + 4) / 9.
///
/// `src` -> `dst`, both `width * height * 4` bytes of RGBA8. `sum` is one
/// channel over the pixel's 3x3 neighbourhood, where a neighbour outside the
/// image is the nearest edge pixel.
///
/// # Panics
/// If either slice is not exactly `width * height * 4` bytes long.
pub fn blur(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    let stride = width * 4;
    assert!(src.len() == stride * height && dst.len() == src.len(), "blur: slice length is not width*height*4");
    if stride == 0 {
        return; // an empty image (and `chunks_exact` needs a non-zero size)
    }

    // Walk the rows keeping (above, current, below). Clamping y to the image is
    // simply "reuse the current row" at the top and bottom edges.
    let mut rows = src.chunks_exact(stride);
    let Some(mut mid) = rows.next() else { return };
    let mut up = mid;
    for out in dst.chunks_exact_mut(stride) {
        let down = rows.next().unwrap_or(mid);
        blur_row([up, mid, down], out);
        up = mid;
        mid = down;
    }
}

/// One output row from its three source rows (all as long as `out`).
///
/// Seen as flat bytes, output byte `i` sums bytes `i - left`, `i` and `i + right`
/// of the three rows, where `left` and `right` are 4 (the same channel of the
/// neighbouring pixel) or 0 where the image ends and the neighbour is clamped
/// back to the pixel itself. So a row is three spans of one rule:
fn blur_row(rows: [&[u8]; 3], out: &mut [u8]) {
    let len = out.len();
    if len > 4 {
        // Interior pixels 1..=width-2: both neighbours exist.
        blur_span(rows, out, 4, len.saturating_sub(8), 4, 4);
        // The first pixel's left neighbour and the last pixel's right one are clamped.
        blur_span(rows, out, 0, 4, 0, 4);
        blur_span(rows, out, len - 4, 4, 4, 0);
    } else {
        // A one-pixel-wide image: both neighbours are the pixel itself.
        blur_span(rows, out, 0, len, 0, 0);
    }
}

/// Output bytes `start..start + n`: `(sum of bytes i-left, i, i+right of the
/// three rows + 4) / 9`. All nine input views and the output are cut to the
/// same length `n` with `get` (which cannot panic), so the loop indexes them
/// without bounds checks and is a plain element-wise map that vectorizes
/// (with `+simd128` on wasm). A `None` (a span outside the rows) cannot happen
/// for the spans `blur_row` asks for, and would leave `out` alone.
#[inline(never)]
fn blur_span(rows: [&[u8]; 3], out: &mut [u8], start: usize, n: usize, left: usize, right: usize) {
    // One row seen three times: shifted to the left neighbours, here, the right ones.
    // (Inlined so that the optimizer sees each view's length is exactly `n`.)
    #[inline(always)]
    fn views(row: &[u8], start: usize, n: usize, left: usize, right: usize) -> Option<[&[u8]; 3]> {
        let from = start.checked_sub(left)?;
        Some([row.get(from..from + n)?, row.get(start..start + n)?, row.get(start + right..start + right + n)?])
    }
    let [up, mid, down] = rows;
    let (Some(u), Some(m), Some(d), Some(out)) = (
        views(up, start, n, left, right),
        views(mid, start, n, left, right),
        views(down, start, n, left, right),
        out.get_mut(start..start + n),
    ) else {
        return;
    };
    // With wasm SIMD, whole 16-byte blocks go first (simd.rs); this loop does the rest.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = crate::simd::blur_blocks([u, m, d], out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for i in done..n {
        #[rustfmt::skip]
        let sum = u[0][i] as u32 + u[1][i] as u32 + u[2][i] as u32
            + m[0][i] as u32 + m[1][i] as u32 + m[2][i] as u32
            + d[0][i] as u32 + d[1][i] as u32 + d[2][i] as u32;
        out[i] = ((sum + 4) / 9) as u8;
    }
}

/// `x / 9` as a multiply and a shift: `(x * DIV9_MUL) >> 16`, exact for every
/// `x` a 3x3 box can give (`0 ..= 9 * 255 + 4`). The scalar loop above simply
/// writes `/ 9` (compilers make this rewrite themselves where it pays); the
/// wasm SIMD blur (simd.rs) needs it by hand, since wasm SIMD has no integer
/// divide. Why it is exact: 7282 / 65536 = 1/9 + 1/294912, and the excess
/// `x / 294912` stays below 1/9 (the least distance from `x / 9` up to the next
/// integer) for all `x < 32768`. `div9_by_multiply_is_exact` checks every sum.
#[cfg_attr(not(all(target_arch = "wasm32", target_feature = "simd128")), allow(dead_code))]
pub(crate) const DIV9_MUL: u32 = 7282;

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
    fn div9_by_multiply_is_exact() {
        for x in 0..=9 * 255 + 4 {
            assert_eq!((x * DIV9_MUL) >> 16, x / 9, "x = {x}");
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
