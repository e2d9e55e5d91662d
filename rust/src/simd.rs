//! Explicit wasm SIMD (`simd128`) for the two kernels: compiled only into the
//! `simd` build (`-C target-feature=+simd128`), bit-identical to the scalar code
//! in `grayscale.rs` and `blur.rs`, which still handles whatever tail is left over.
//!
//! Why by hand: LLVM does vectorize the scalar loops for wasm, but poorly. For
//! blur it picks 32-bit lanes (the type of the `u32` sums) and spends most of
//! its instructions on shuffles and widening, and grayscale's stride-4 loop
//! gains little. Here:
//! - grayscale treats a v128 as four RGBA pixels in four `u32` lanes (wasm is
//!   little-endian, so R is the low byte): three masks, three multiplies, one
//!   shift, and `y * 0x010101` writes y into R, G and B at once;
//! - blur adds the nine neighbours of 16 bytes in `u16` lanes: the largest sum,
//!   9 * 255 + 4 = 2299, fits 16 bits, so 8 lanes per op instead of 4. wasm
//!   SIMD has no integer divide, so `/ 9` is the exact multiply-and-shift of
//!   `blur::DIV9_MUL`, with the 32-bit products from `extmul`.

use core::arch::wasm32::*;

use crate::blur::DIV9_MUL;

/// Reads 16 bytes as a v128.
#[inline(always)]
fn load(bytes: &[u8; 16]) -> v128 {
    // SAFETY: reads exactly the 16 bytes of the array; wasm loads need no alignment.
    unsafe { v128_load(bytes.as_ptr().cast()) }
}

/// Writes a v128 as 16 bytes.
#[inline(always)]
fn store(bytes: &mut [u8; 16], v: v128) {
    // SAFETY: writes exactly the 16 bytes of the array, which we borrow mutably.
    unsafe { v128_store(bytes.as_mut_ptr().cast(), v) }
}

/// Grayscale of every whole group of four pixels; returns the bytes left over
/// (fewer than 16) for the scalar loop.
pub(crate) fn grayscale_blocks(pixels: &mut [u8]) -> &mut [u8] {
    let (blocks, rest) = pixels.as_chunks_mut::<16>();
    let byte = u32x4_splat(0xff);
    let alpha = u32x4_splat(0xff00_0000);
    for block in blocks {
        let px = load(block);
        let r = v128_and(px, byte);
        let g = v128_and(u32x4_shr(px, 8), byte);
        let b = v128_and(u32x4_shr(px, 16), byte);
        // (19595*R + 38470*G + 7471*B + 32768) >> 16, in u32 lanes as in grayscale.rs.
        let weighted = u32x4_add(
            u32x4_add(u32x4_mul(r, u32x4_splat(19595)), u32x4_mul(g, u32x4_splat(38470))),
            u32x4_add(u32x4_mul(b, u32x4_splat(7471)), u32x4_splat(32768)),
        );
        let y = u32x4_shr(weighted, 16);
        // y <= 255, so y * 0x010101 is y in bytes 0, 1 and 2; alpha is kept.
        store(block, v128_or(u32x4_mul(y, u32x4_splat(0x0001_0101)), v128_and(px, alpha)));
    }
    rest
}

/// `(x + 4) / 9` on eight u16 lanes, narrowed to eight u16 lanes <= 255.
#[inline(always)]
fn div9_rounded(sum: v128) -> v128 {
    let x = u16x8_add(sum, u16x8_splat(4));
    let k = u16x8_splat(DIV9_MUL as u16);
    let lo = u32x4_shr(u32x4_extmul_low_u16x8(x, k), 16);
    let hi = u32x4_shr(u32x4_extmul_high_u16x8(x, k), 16);
    u16x8_narrow_i32x4(lo, hi)
}

/// The blur span loop of `blur::blur_span` over whole 16-byte blocks: the nine
/// views (rows above, here and below; each shifted left, centred, right) and
/// `out` all have the same length. Returns how many bytes were done.
pub(crate) fn blur_blocks(views: [[&[u8]; 3]; 3], out: &mut [u8]) -> usize {
    let (blocks, _) = out.as_chunks_mut::<16>();
    let n = blocks.len();
    // Every view cut to the same number of blocks (they are as long as `out`,
    // so the cut cannot fail), which lets the loop index them unchecked.
    let [u, m, d] = views.map(|row| row.map(|view| &view.as_chunks::<16>().0[..n]));
    for (i, block) in blocks.iter_mut().enumerate() {
        // Sum the nine neighbour blocks in u16 lanes (low and high 8 bytes),
        // written out one by one so that all stays in registers.
        let add = |[lo, hi]: [v128; 2], bytes: &[u8; 16]| {
            let v = load(bytes);
            [u16x8_add(lo, u16x8_extend_low_u8x16(v)), u16x8_add(hi, u16x8_extend_high_u8x16(v))]
        };
        let mut sum = [u16x8_splat(0); 2];
        sum = add(sum, &u[0][i]);
        sum = add(sum, &u[1][i]);
        sum = add(sum, &u[2][i]);
        sum = add(sum, &m[0][i]);
        sum = add(sum, &m[1][i]);
        sum = add(sum, &m[2][i]);
        sum = add(sum, &d[0][i]);
        sum = add(sum, &d[1][i]);
        sum = add(sum, &d[2][i]);
        let [lo, hi] = sum;
        store(block, u8x16_narrow_i16x8(div9_rounded(lo), div9_rounded(hi)));
    }
    n * 16
}
