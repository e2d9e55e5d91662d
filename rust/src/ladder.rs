//! The speed ladder: the blur's earlier shapes, kept so that a workshop can
//! time each change on its way to `blur.rs` (the `speed-NN-*` builds, see
//! rust/README.md). A build picks one with `--cfg rosetta_blur --cfg
//! rosetta_blur="<step>"` (the bare name says "a ladder step", the value which);
//! `blur::blur` then calls it instead of its own loop. Every shape gives the
//! same bytes, and the tests below hold each one to the plain definition.
//!
//! - `plain`: the definition as written, every coordinate clamped, nine
//!   reads and a `/ 9` per byte;
//! - `rows`: three row slices and one shared index, the edges split off, so
//!   the interior loop has no clamping (still nine reads per byte);
//! - `div9`: `rows` with the divide rewritten as a multiply (`blur::div9`);
//! - `separable`: `div9` with the three rows summed first, once per byte, into
//!   a row of `u16` column sums; then three reads per byte;
//! - then `blur.rs` (`speed-05-swar`: four channels per `u64`, the columns
//!   sliding in registers) and `simd.rs` (`speed-06-simd128`).

// A ladder build uses one of these shapes; the others stay unused there.
#![cfg_attr(rosetta_blur, allow(dead_code))]

use crate::blur::div9;
use alloc::vec;

/// The step this build was made with, in place of `blur::blur`.
#[cfg(rosetta_blur)]
pub fn blur(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    if width == 0 || height == 0 {
        return;
    }
    #[cfg(rosetta_blur = "plain")]
    plain(src, dst, width, height);
    #[cfg(rosetta_blur = "rows")]
    rows(src, dst, width, height);
    #[cfg(rosetta_blur = "div9")]
    div9_rows(src, dst, width, height);
    #[cfg(rosetta_blur = "separable")]
    separable(src, dst, width, height);
}

/// The definition: for each byte, nine clamped reads and a divide.
pub fn plain(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    let clamp = |v: usize, d: isize, n: usize| (v as isize + d).clamp(0, n as isize - 1) as usize;
    for y in 0..height {
        for x in 0..width {
            for c in 0..4 {
                let mut sum = 0u32;
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        sum += src[(clamp(y, dy, height) * width + clamp(x, dx, width)) * 4 + c] as u32;
                    }
                }
                dst[(y * width + x) * 4 + c] = ((sum + 4) / 9) as u8;
            }
        }
    }
}

/// Rows, one shared index: `divide` is `/ 9` (`rows`) or `div9` (`div9`).
fn by_rows(src: &[u8], dst: &mut [u8], width: usize, height: usize, divide: impl Fn(u32) -> u32 + Copy) {
    let stride = width * 4;
    for (y, out) in dst.chunks_exact_mut(stride).enumerate() {
        let row = |y: usize| &src[y.min(height - 1) * stride..][..stride];
        let [up, mid, down] = [row(y.saturating_sub(1)), row(y), row(y + 1)];
        for (i, o) in out.iter_mut().enumerate() {
            // Same channel of the left and right pixel, clamped at the edges.
            let (l, r) = (if i >= 4 { i - 4 } else { i }, if i + 4 < stride { i + 4 } else { i });
            let sum: u32 = [up, mid, down].iter().map(|row| row[l] as u32 + row[i] as u32 + row[r] as u32).sum();
            *o = divide(sum) as u8;
        }
    }
}

pub fn rows(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    by_rows(src, dst, width, height, |sum| (sum + 4) / 9);
}

pub fn div9_rows(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    by_rows(src, dst, width, height, div9);
}

/// Vertical sums first (a row of u16 columns), then horizontal.
pub fn separable(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    let stride = width * 4;
    let mut columns = vec![0u16; stride];
    for (y, out) in dst.chunks_exact_mut(stride).enumerate() {
        let row = |y: usize| &src[y.min(height - 1) * stride..][..stride];
        let [up, mid, down] = [row(y.saturating_sub(1)), row(y), row(y + 1)];
        for (((c, &u), &m), &d) in columns.iter_mut().zip(up).zip(mid).zip(down) {
            *c = u as u16 + m as u16 + d as u16;
        }
        for (i, o) in out.iter_mut().enumerate() {
            let (l, r) = (if i >= 4 { i - 4 } else { i }, if i + 4 < stride { i + 4 } else { i });
            *o = div9(columns[l] as u32 + columns[i] as u32 + columns[r] as u32) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::noise;

    type Blur = fn(&[u8], &mut [u8], usize, usize);

    #[test]
    fn every_step_gives_the_bytes_of_the_final_blur() {
        let steps: [(&str, Blur); 4] =
            [("plain", plain), ("rows", rows), ("div9", div9_rows), ("separable", separable)];
        for (w, h) in (1..=9).flat_map(|w| (1..=4).map(move |h| (w, h))).chain([(33, 17), (64, 3)]) {
            let src = noise(w * h * 4, (w * 31 + h) as u32);
            let mut want = vec![0u8; src.len()];
            crate::blur::blur(&src, &mut want, w, h);
            for (name, step) in steps {
                let mut got = vec![0xAB; src.len()];
                step(&src, &mut got, w, h);
                assert_eq!(got, want, "{name} at {w}x{h}");
            }
        }
    }
}
