//! The scalar grayscale: safe Rust over a byte slice, integers only.
//!
//! Every pixel is a `[u8; 4]` array (`as_chunks_mut`), so the optimizer sees
//! each index is in range: the loop carries no bounds checks, and the `small`
//! wasm build no panic path.

// ITU-R 601-2 luma in 16-bit fixed point (contract/README.md).
// The weights add up to 65536; ROUND, half of it, rounds to nearest.
const R_WEIGHT: u32 = 19595;
const G_WEIGHT: u32 = 38470;
const B_WEIGHT: u32 = 7471;
const ROUND: u32 = 32768;

/// Luma of one pixel: `(19595*R + 38470*G + 7471*B + 32768) >> 16`.
/// The largest sum is 255 * 65536 + 32768, so `u32` never overflows and the
/// result is at most 255.
#[inline(always)]
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((R_WEIGHT * r as u32 + G_WEIGHT * g as u32 + B_WEIGHT * b as u32 + ROUND) >> 16) as u8
}

/// In-place grayscale over RGBA8 (`len = width * height * 4`): R = G = B = luma,
/// alpha unchanged. Trailing bytes that do not make a whole pixel are left alone.
pub fn grayscale(pixels: &mut [u8]) {
    // With wasm SIMD, four pixels at a time first (simd.rs); the loop does the rest.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let pixels = crate::simd::grayscale_blocks(pixels);

    let (whole, _partial) = pixels.as_chunks_mut::<4>();
    for px in whole {
        let y = luma(px[0], px[1], px[2]);
        px[0] = y;
        px[1] = y;
        px[2] = y;
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
    fn grayscale_ignores_a_partial_pixel() {
        let mut px = vec![255, 0, 0, 1, 9, 9];
        grayscale(&mut px);
        assert_eq!(px, [76, 76, 76, 1, 9, 9]);
    }
}
