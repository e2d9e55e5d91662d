//! An image and what the reference makes of it: the work `verify` and
//! `bench` both hand a kernel, and hold its output against.

use super::reference::{self, Rgba};
use crate::load::kernel::Op;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub struct Workload {
    /// How failure messages name it, e.g. `random 31x7`.
    pub label: String,
    pub input: Rgba,
    pub gray: Rgba,
    pub blurred: Rgba,
}

impl Workload {
    /// `input` with both reference outputs, made once (the 4K blur is slow).
    pub fn new(label: String, input: Rgba) -> Workload {
        Workload { label, gray: reference::grayscale(&input), blurred: reference::blur(&input), input }
    }

    /// A seeded random image of `width` x `height`.
    pub fn random(width: usize, height: usize, seed: u64) -> Workload {
        Workload::new(format!("random {width}x{height}"), random_image(width, height, seed))
    }

    /// What `op` must turn the input into.
    pub fn expected(&self, op: Op) -> &Rgba {
        match op {
            Op::Grayscale => &self.gray,
            Op::Blur => &self.blurred,
        }
    }
}

/// A seeded random image: the same bytes on every machine and every run.
pub fn random_image(width: usize, height: usize, seed: u64) -> Rgba {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pixels = vec![0u8; width * height * 4];
    rng.fill(&mut pixels[..]);
    Rgba::new(width, height, pixels)
}
