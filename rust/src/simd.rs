//! The simd128 versions of grayscale and blur, bit-identical to the scalar code, which does the rest.
//!
//! `core::arch::wasm32` intrinsics, compiled only into the `simd` build
//! (`-C target-feature=+simd128`). The shapes: contract/README.md, "Fast structures" and "Why wasm".

use core::arch::wasm32::*;

use crate::blur::blur_row;

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

/// Grayscale of every whole group of four pixels; returns how many bytes it did
/// (the scalar loop does the rest, fewer than 16).
pub(crate) fn grayscale_simd(pixels: &mut [u8]) -> usize {
    let (blocks, _) = pixels.as_chunks_mut::<16>();
    let zero = u8x16_splat(0);
    // 38470 does not fit an i16: weigh G by 38470 - 65536 and add G << 16 back.
    const G: i16 = (38470 - 65536) as i16;
    let rg_weights = i16x8(19595, G, 19595, G, 19595, G, 19595, G);
    let b_weights = i16x8(7471, 0, 7471, 0, 7471, 0, 7471, 0);
    for block in blocks.iter_mut() {
        let px = load(block);
        // u16 lanes [R, G] and [B, A] of the four pixels (index 16 is a zero byte).
        let rg = i8x16_shuffle::<0, 16, 1, 16, 4, 16, 5, 16, 8, 16, 9, 16, 12, 16, 13, 16>(px, zero);
        let ba = i8x16_shuffle::<2, 16, 3, 16, 6, 16, 7, 16, 10, 16, 11, 16, 14, 16, 15, 16>(px, zero);
        let g_high = v128_and(u32x4_shl(px, 8), u32x4_splat(0x00FF_0000));
        let sum = u32x4_add(
            u32x4_add(i32x4_dot_i16x8(rg, rg_weights), i32x4_dot_i16x8(ba, b_weights)),
            u32x4_add(g_high, u32x4_splat(32768)),
        );
        // Byte 2 of each sum is the luma: [y, y, y, A] per pixel (17.. is the source).
        store(block, i8x16_shuffle::<2, 2, 2, 19, 6, 6, 6, 23, 10, 10, 10, 27, 14, 14, 14, 31>(sum, px));
    }
    blocks.len() * 16
}

/// The two pixels straddling `a` and `b`: a's high pixel, then b's low one.
#[inline(always)]
fn pair(a: v128, b: v128) -> v128 {
    i8x16_shuffle::<8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23>(a, b)
}

/// Four output pixels from column sums (u16 lanes, two pixels per v128): the
/// block's `lo` and `hi`, the previous block's `hi` and the next block's `lo`.
#[inline(always)]
fn blur_block(prev_hi: v128, lo: v128, hi: v128, next_lo: v128) -> v128 {
    let middle = pair(lo, hi);
    let sum_lo = u16x8_add(u16x8_add(pair(prev_hi, lo), lo), middle);
    let sum_hi = u16x8_add(u16x8_add(middle, hi), pair(hi, next_lo));
    // (sum * 3641 + 16384) >> 15 is the rounded / 9 (every sum < 16384, no saturation).
    // The `and` keeps LLVM from clamping each lane to 0..=255 again before the narrow.
    let div9 = |sum| v128_and(i16x8_q15mulr_sat(sum, i16x8_splat(3641)), u16x8_splat(0xFF));
    u8x16_narrow_i16x8(div9(sum_lo), div9(sum_hi))
}

/// A row's 16-byte blocks, all cut to the same count `n`.
#[inline(always)]
fn blocks(row: &[u8], n: usize) -> &[[u8; 16]] {
    &row.as_chunks::<16>().0[..n]
}

/// Column sums (u16 lanes) of 16 bytes: `[low 8 bytes, high 8 bytes]`.
#[inline(always)]
fn widen(block: &[u8; 16]) -> [v128; 2] {
    let v = load(block);
    [u16x8_extend_low_u8x16(v), u16x8_extend_high_u8x16(v)]
}

#[inline(always)]
fn add([a_lo, a_hi]: [v128; 2], [b_lo, b_hi]: [v128; 2]) -> [v128; 2] {
    [u16x8_add(a_lo, b_lo), u16x8_add(a_hi, b_hi)]
}

/// The low pixel of `lo` twice: the left neighbour of a row's first pixel.
#[inline(always)]
fn first_pixel_twice(lo: v128) -> v128 {
    i8x16_shuffle::<0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7>(lo, lo)
}

/// Output rows for the source rows `a, b, c, d` (row y-1 .. y+2): `out0` from
/// a, b, c and `out1` from b, c, d, sharing b + c. Returns the pixels done in
/// each row; blocks run while the next block is whole.
fn blur_two_rows(rows: [&[u8]; 4], out0: &mut [u8], out1: &mut [u8], width: usize) -> usize {
    let n = width / 4; // whole blocks
    let [a, b, c, d] = rows.map(|row| blocks(row, n));
    let (out0, out1) = (&mut out0.as_chunks_mut::<16>().0[..n], &mut out1.as_chunks_mut::<16>().0[..n]);
    let columns = |i: usize| {
        let bc = add(widen(&b[i]), widen(&c[i]));
        (add(widen(&a[i]), bc), add(bc, widen(&d[i])))
    };
    let ([mut lo0, mut hi0], [mut lo1, mut hi1]) = columns(0);
    let (mut prev0, mut prev1) = (first_pixel_twice(lo0), first_pixel_twice(lo1));
    for i in 0..n - 1 {
        let ([next_lo0, next_hi0], [next_lo1, next_hi1]) = columns(i + 1);
        store(&mut out0[i], blur_block(prev0, lo0, hi0, next_lo0));
        store(&mut out1[i], blur_block(prev1, lo1, hi1, next_lo1));
        (prev0, lo0, hi0) = (hi0, next_lo0, next_hi0);
        (prev1, lo1, hi1) = (hi1, next_lo1, next_hi1);
    }
    (n - 1) * 4
}

/// One output row from the source rows `a, b, c` (an odd last row).
fn blur_one_row(rows: [&[u8]; 3], out: &mut [u8], width: usize) -> usize {
    let n = width / 4;
    let [a, b, c] = rows.map(|row| blocks(row, n));
    let out = &mut out.as_chunks_mut::<16>().0[..n];
    let columns = |i: usize| add(add(widen(&a[i]), widen(&b[i])), widen(&c[i]));
    let [mut lo, mut hi] = columns(0);
    let mut prev = first_pixel_twice(lo);
    for (i, block) in out.iter_mut().enumerate().take(n - 1) {
        let [next_lo, next_hi] = columns(i + 1);
        store(block, blur_block(prev, lo, hi, next_lo));
        (prev, lo, hi) = (hi, next_lo, next_hi);
    }
    (n - 1) * 4
}

/// The blur of `blur.rs` for images at least 8 pixels wide: rows in pairs
/// (an odd last row alone), then `blur_row` finishes each row.
pub(crate) fn blur_simd(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    let stride = width * 4;
    let row = |y: usize| &src[y.min(height - 1) * stride..][..stride];
    let mut outs = dst.chunks_exact_mut(stride);
    let mut y: usize = 0;
    while let Some(out0) = outs.next() {
        let (up, mid) = (row(y.saturating_sub(1)), row(y));
        if let Some(out1) = outs.next() {
            let (down, below) = (row(y + 1), row(y + 2));
            let done = blur_two_rows([up, mid, down, below], out0, out1, width);
            blur_row([up, mid, down], out0, done);
            blur_row([mid, down, below], out1, done);
            y += 2;
        } else {
            // An odd last row: the row below is itself.
            let done = blur_one_row([up, mid, mid], out0, width);
            blur_row([up, mid, mid], out0, done);
            y += 1;
        }
    }
}
