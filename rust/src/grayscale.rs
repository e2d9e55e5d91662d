//! The scalar grayscale: the luma weights, the plain formula and two pixels per u64.
//!
//! Safe Rust over a byte slice: the chunks are `[u8; 8]` arrays (`as_chunks_mut`),
//! so the loop carries no bounds check, and the `small` build no panic path.

// ITU-R 601-2 luma in 16-bit fixed point (contract.toml [grayscale]). The
// weights add up to 65536; the rounding is half of it.
const LUMA_R: u32 = 19595;
const LUMA_G: u32 = 38470;
const LUMA_B: u32 = 7471;
const LUMA_ROUND: u32 = 32768;
const LUMA_SHIFT: u32 = 16;

/// One pixel, the plain formula (for an odd last pixel). The largest sum is
/// 255 * 65536 + 32768, so `u32` never overflows and the result is at most 255.
#[inline(always)]
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((LUMA_R * r as u32 + LUMA_G * g as u32 + LUMA_B * b as u32 + LUMA_ROUND) >> LUMA_SHIFT) as u8
}

/// Two RGBA pixels in one little-endian `u64` (pixel 0 in bits 0-31) to their
/// grays, SWAR: each channel is masked into two 32-bit lanes and multiplied by
/// its weight once for both pixels. A lane's sum stays below 2^24, so no carry
/// crosses into the other pixel. `y * 0x010101` puts y in R, G and B; alpha is kept.
#[inline(always)]
fn gray_pair(pair: u64) -> u64 {
    const LOW_BYTES: u64 = 0x0000_00FF_0000_00FF;
    const ALPHA: u64 = 0xFF00_0000_FF00_0000;
    let r = pair & LOW_BYTES;
    let g = (pair >> 8) & LOW_BYTES;
    let b = (pair >> 16) & LOW_BYTES;
    let sum = r * LUMA_R as u64 + g * LUMA_G as u64 + b * LUMA_B as u64 + LUMA_ROUND as u64 * 0x0000_0001_0000_0001;
    let y = (sum >> LUMA_SHIFT) & LOW_BYTES;
    (y * 0x01_0101) | (pair & ALPHA)
}

/// In place over RGBA8: R = G = B = luma, alpha unchanged. Two pixels at a time;
/// an odd last pixel takes the plain formula, and trailing bytes that do not
/// make a whole pixel are left alone.
pub fn grayscale(pixels: &mut [u8]) {
    // With simd128, four pixels at a time first (simd.rs); the loops do the rest.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let pixels = {
        let done = crate::simd::grayscale_simd(pixels);
        &mut pixels[done..]
    };

    let (pairs, rest) = pixels.as_chunks_mut::<8>();
    for pair in pairs {
        *pair = gray_pair(u64::from_le_bytes(*pair)).to_le_bytes();
    }
    if let Some(px) = rest.first_chunk_mut::<4>() {
        let y = luma(px[0], px[1], px[2]);
        px[..3].fill(y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::noise;
    use alloc::vec::Vec;

    #[test]
    fn grayscale_known_values() {
        let mut px = vec![
            0, 0, 0, 255, // black
            255, 255, 255, 0, // white (alpha 0 stays 0)
            255, 0, 0, 7, // red:   (19595*255 + 32768) >> 16 = 76
            0, 255, 0, 8, // green: (38470*255 + 32768) >> 16 = 150
            0, 0, 255, 9, // blue:  (7471*255 + 32768) >> 16 = 29
            10, 20, 30, 40, // (195950 + 769400 + 224130 + 32768) >> 16 = 18
            128, 128, 128, 128, // a gray stays itself
        ];
        grayscale(&mut px);
        assert_eq!(
            px,
            [
                0, 0, 0, 255, 255, 255, 255, 0, 76, 76, 76, 7, 150, 150, 150, 8, 29, 29, 29, 9, 18, 18, 18, 40, 128,
                128, 128, 128
            ]
        );
    }

    #[test]
    fn grayscale_every_gray_is_fixed_and_alpha_kept() {
        let mut px: Vec<u8> = (0..=255u8).flat_map(|v| [v, v, v, 255 - v]).collect();
        let expected = px.clone();
        grayscale(&mut px);
        assert_eq!(px, expected);
    }

    #[test]
    fn grayscale_matches_formula_on_noise() {
        // Odd pixel counts exercise any vector loop's tail.
        for pixels in [0usize, 1, 3, 4, 5, 15, 16, 17, 33, 1000] {
            let src = noise(pixels * 4, 0x9E37_79B9 ^ pixels as u32);
            let mut got = src.clone();
            grayscale(&mut got);
            for (g, s) in got.chunks_exact(4).zip(src.chunks_exact(4)) {
                let y = ((19595 * s[0] as u32 + 38470 * s[1] as u32 + 7471 * s[2] as u32 + 32768) >> 16) as u8;
                assert_eq!(g, [y, y, y, s[3]]);
            }
        }
    }

    #[test]
    fn gray_pair_is_luma_of_both_pixels() {
        let bytes = noise(8 * 4096, 0x1234_5678);
        for pair in bytes.as_chunks::<8>().0 {
            let got = gray_pair(u64::from_le_bytes(*pair)).to_le_bytes();
            let (y0, y1) = (luma(pair[0], pair[1], pair[2]), luma(pair[4], pair[5], pair[6]));
            assert_eq!(got, [y0, y0, y0, pair[3], y1, y1, y1, pair[7]], "{pair:?}");
        }
    }

    #[test]
    fn grayscale_ignores_a_partial_pixel() {
        let mut px = vec![255, 0, 0, 1, 9, 9];
        grayscale(&mut px);
        assert_eq!(px, [76, 76, 76, 1, 9, 9]);
    }
}
