//! The suite's test images, made once and shared by every module.

use super::reference::Rgba;
use super::workload::Workload;
use std::sync::OnceLock;

/// Shapes that catch edge handling: single pixels, single rows and
/// columns, odd sizes, and a full 4K frame.
const SHAPES: [(usize, usize); 10] =
    [(1, 1), (1, 17), (17, 1), (2, 2), (3, 5), (31, 7), (64, 64), (255, 3), (1920, 1080), (3840, 2160)];

pub fn cases() -> &'static [Workload] {
    static CASES: OnceLock<Vec<Workload>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut cases = vec![Workload::new("sweep 256x4".into(), sweep())];
        cases.extend(SHAPES.iter().map(|&(w, h)| Workload::random(w, h, (w * 31 + h) as u64)));
        cases
    })
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
