//! Test images and their reference outputs, made once and shared by every
//! module (the 4K reference blur is the slow part).

use crate::reference::{self, Rgba};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::OnceLock;

pub struct Case {
    pub label: String,
    pub input: Rgba,
    pub gray: Rgba,
    pub blurred: Rgba,
}

/// Shapes that catch edge handling: single pixels, single rows and
/// columns, odd sizes, and a full 4K frame.
const SHAPES: [(usize, usize); 10] =
    [(1, 1), (1, 17), (17, 1), (2, 2), (3, 5), (31, 7), (64, 64), (255, 3), (1920, 1080), (3840, 2160)];

pub fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut cases = vec![case("sweep 256x4".into(), sweep())];
        for (w, h) in SHAPES {
            cases.push(case(format!("random {w}x{h}"), random_image(w, h, (w * 31 + h) as u64)));
        }
        cases
    })
}

fn case(label: String, input: Rgba) -> Case {
    Case { label, gray: reference::grayscale(&input), blurred: reference::blur(&input), input }
}

/// A fixed vector: every value 0..=255 in each channel alone, then in all
/// three at once, with alpha running the other way.
fn sweep() -> Rgba {
    let mut pixels = Vec::with_capacity(256 * 4 * 4);
    for row in 0..4 {
        for x in 0..=255u8 {
            let rgb = match row {
                0 => [x, 0, 0],
                1 => [0, x, 0],
                2 => [0, 0, x],
                _ => [x, x, x],
            };
            pixels.extend_from_slice(&[rgb[0], rgb[1], rgb[2], 255 - x]);
        }
    }
    Rgba::new(256, 4, pixels)
}

/// A seeded random image: the same bytes on every machine and every run.
pub fn random_image(width: usize, height: usize, seed: u64) -> Rgba {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pixels = vec![0u8; width * height * 4];
    rng.fill(&mut pixels[..]);
    Rgba::new(width, height, pixels)
}
