//! The host's own reference implementation of the image kernels.
//!
//! Written for clarity, not speed, straight from contract/README.md, and
//! deliberately NOT shared with rust/: a verifier that reused the code it
//! checks would prove nothing. Every module's output is compared with these.

use crate::load::contract::Contract;

/// An RGBA8 image, row-major, 4 bytes a pixel, no row padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgba {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Rgba {
    pub fn new(width: usize, height: usize, pixels: Vec<u8>) -> Self {
        assert_eq!(pixels.len(), width * height * 4, "pixel buffer size");
        Rgba { width, height, pixels }
    }

    /// The 4 channels of pixel (x, y).
    pub fn pixel(&self, x: usize, y: usize) -> [u8; 4] {
        let i = (y * self.width + x) * 4;
        [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2], self.pixels[i + 3]]
    }

    /// The pixel at (x, y) with coordinates clamped into the image:
    /// this is the "replicate" border rule.
    fn pixel_clamped(&self, x: isize, y: isize) -> [u8; 4] {
        let cx = x.clamp(0, self.width as isize - 1) as usize;
        let cy = y.clamp(0, self.height as isize - 1) as usize;
        self.pixel(cx, cy)
    }
}

/// ITU-R 601-2 luma in 16-bit fixed point; alpha is kept.
pub fn grayscale(image: &Rgba) -> Rgba {
    let luma = Contract::get().grayscale;
    let mut out = image.clone();
    for px in out.pixels.chunks_exact_mut(4) {
        let (r, g, b) = (px[0] as u32, px[1] as u32, px[2] as u32);
        let sum = luma.r * r + luma.g * g + luma.b * b + luma.round;
        debug_assert!(sum < luma.sum_below, "contract.toml [grayscale] sum_below");
        let y = sum >> luma.shift;
        px[0] = y as u8;
        px[1] = y as u8;
        px[2] = y as u8;
    }
    out
}

/// 3x3 box blur of all four channels, replicate border, (sum + 4) / 9.
pub fn blur(image: &Rgba) -> Rgba {
    let mut out = image.clone();
    for y in 0..image.height {
        for x in 0..image.width {
            let mut sums = [0u32; 4];
            for dy in -1..=1isize {
                for dx in -1..=1isize {
                    let p = image.pixel_clamped(x as isize + dx, y as isize + dy);
                    for c in 0..4 {
                        sums[c] += p[c] as u32;
                    }
                }
            }
            let i = (y * image.width + x) * 4;
            for (out, sum) in out.pixels[i..i + 4].iter_mut().zip(sums) {
                *out = ((sum + 4) / 9) as u8;
            }
        }
    }
    out
}

/// The first pixel where two same-sized images differ, for failure messages.
pub fn first_difference(expected: &Rgba, actual: &[u8]) -> Option<String> {
    let width = expected.width;
    let (idx, (want, got)) =
        expected.pixels.chunks_exact(4).zip(actual.chunks_exact(4)).enumerate().find(|(_, (a, b))| a != b)?;
    Some(format!(
        "first differing pixel at (x={}, y={}): expected RGBA {:?}, got {:?}",
        idx % width,
        idx / width,
        want,
        got
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grayscale_matches_hand_computed_values() {
        // Pure red: (19595*255 + 32768) >> 16 = 76; pure green: 150; pure blue: 29;
        // white stays 255 (the three weights add up to exactly 65536).
        let img = Rgba::new(4, 1, vec![255, 0, 0, 9, 0, 255, 0, 8, 0, 0, 255, 7, 255, 255, 255, 6]);
        let g = grayscale(&img);
        assert_eq!(g.pixels, vec![76, 76, 76, 9, 150, 150, 150, 8, 29, 29, 29, 7, 255, 255, 255, 6]);
    }

    #[test]
    fn blur_of_single_pixel_is_itself() {
        let img = Rgba::new(1, 1, vec![10, 20, 30, 40]);
        assert_eq!(blur(&img), img);
    }

    #[test]
    fn blur_replicates_edges_and_rounds() {
        // 2x1 image [0, 9]: pixel 0 sees columns (0,0,9) on all three rows:
        // sum = 3*(0+0+9) = 27 -> (27+4)/9 = 3; pixel 1 sees (0,9,9): 54 -> 6.
        let img = Rgba::new(2, 1, vec![0, 0, 0, 0, 9, 9, 9, 9]);
        assert_eq!(blur(&img).pixels, vec![3, 3, 3, 3, 6, 6, 6, 6]);
    }

    #[test]
    fn first_difference_names_the_pixel() {
        let img = Rgba::new(2, 2, vec![0; 16]);
        let mut other = vec![0u8; 16];
        other[13] = 1; // pixel 3 = (x=1, y=1), green
        let msg = first_difference(&img, &other).unwrap();
        assert!(msg.contains("x=1, y=1"), "{msg}");
        assert!(first_difference(&img, &[0; 16]).is_none());
    }
}
