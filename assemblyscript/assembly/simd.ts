// The simd128 halves of the kernels, compiled only with --enable simd.
//
// grayscale.ts and blur.ts call these behind `if (ASC_FEATURE_SIMD)`, a
// compile-time constant, so the scalar builds never compile this file's code.
// Each function does the whole 16-byte blocks and returns where the scalar
// loop takes over: the same integer formulas, four pixels per v128.

import { WR, WG, WB, ROUND } from "./grayscale";

/** Grayscale of the whole 16-byte blocks of `[ptr, ptr + len)`; returns the
 *  bytes done. Each pixel is one little-endian u32 lane (R low, A high). */
// @ts-ignore: decorator
@inline export function grayscaleBlocks(ptr: usize, len: usize): usize {
  const byte = i32x4.splat(0xff);
  let i: usize = 0;
  for (; i + 16 <= len; i += 16) {
    const px = v128.load(ptr + i);
    const r = v128.and(px, byte);
    const g = v128.and(i32x4.shr_u(px, 8), byte);
    const b = v128.and(i32x4.shr_u(px, 16), byte);
    let y = i32x4.add(i32x4.mul(r, i32x4.splat(WR)), i32x4.mul(g, i32x4.splat(WG)));
    y = i32x4.add(y, i32x4.add(i32x4.mul(b, i32x4.splat(WB)), i32x4.splat(ROUND)));
    y = i32x4.shr_u(y, 16);
    // Bytes 0,0,0 of each y lane become R,G,B; byte 3 of each pixel (A) is
    // taken from px (lane indices 16..31 select from the second operand).
    // prettier-ignore
    v128.store(ptr + i, i8x16.shuffle(y, px, 0, 0, 0, 19, 4, 4, 4, 23, 8, 8, 8, 27, 12, 12, 12, 31));
  }
  return i;
}

/** Widen the low 8 bytes of three vectors to u16 lanes and add them. */
// @ts-ignore: decorator
@inline function sum3Low(a: v128, b: v128, c: v128): v128 {
  const ab = i16x8.add(i16x8.extend_low_i8x16_u(a), i16x8.extend_low_i8x16_u(b));
  return i16x8.add(ab, i16x8.extend_low_i8x16_u(c));
}

/** The same for the high 8 bytes. */
// @ts-ignore: decorator
@inline function sum3High(a: v128, b: v128, c: v128): v128 {
  const ab = i16x8.add(i16x8.extend_high_i8x16_u(a), i16x8.extend_high_i8x16_u(b));
  return i16x8.add(ab, i16x8.extend_high_i8x16_u(c));
}

/** Four interior pixels at once, the sums of blur.ts in u16 lanes. `u`, `m`,
 *  `d` address the left neighbour of the first pixel in each row, `out` the
 *  first output pixel; each v128 load takes 16 bytes (4 pixels) starting at
 *  the left neighbours, the pixels themselves, and the right neighbours. u8
 *  lanes widen to u16: a sum of nine u8 is at most 2295, so it fits. */
// @ts-ignore: decorator
@inline function blur4InteriorPixels(u: usize, m: usize, d: usize, out: usize): void {
  // prettier-ignore
  const u0 = v128.load(u), u1 = v128.load(u, 4), u2 = v128.load(u, 8);
  // prettier-ignore
  const m0 = v128.load(m), m1 = v128.load(m, 4), m2 = v128.load(m, 8);
  // prettier-ignore
  const d0 = v128.load(d), d1 = v128.load(d, 4), d2 = v128.load(d, 8);
  // pixels 0-1 (8 channels) from the low halves, pixels 2-3 from the high ones
  let lo = sum3Low(u0, u1, u2);
  let hi = sum3High(u0, u1, u2);
  lo = i16x8.add(lo, sum3Low(m0, m1, m2));
  hi = i16x8.add(hi, sum3High(m0, m1, m2));
  lo = i16x8.add(lo, sum3Low(d0, d1, d2));
  hi = i16x8.add(hi, sum3High(d0, d1, d2));
  // (s + 4) / 9 without a divide (wasm SIMD has none): q15mulr computes
  // (s * 3641 + 16384) >> 15, i.e. s * 3641 / 32768 rounded to nearest.
  // 3641 / 32768 is 1/9 * (1 + 1/32768), so for s <= 2295 the product is off
  // from s / 9 by less than 0.008, while s / 9 is never closer than 1/18 to a
  // rounding midpoint (its fraction is k/9). So this is round(s / 9), which
  // is exactly (s + 4) / 9 in integers. The unit tests check every s.
  const ninth = i16x8.splat(3641);
  lo = i16x8.q15mulr_sat_s(lo, ninth);
  hi = i16x8.q15mulr_sat_s(hi, ninth);
  v128.store(out, i8x16.narrow_i16x8_u(lo, hi));
}

/** Blur of a row's interior pixels in whole blocks of four, from byte offset
 *  4 while a block ends before `last` (the last column's offset); the three
 *  rows and `out` as in blur.ts. Returns the offset the scalar loop goes on at. */
// @ts-ignore: decorator
@inline export function blurBlocks(
  up: usize,
  mid: usize,
  down: usize,
  out: usize,
  last: usize,
): usize {
  let c: usize = 4;
  for (; c + 16 <= last; c += 16) {
    blur4InteriorPixels(up + c - 4, mid + c - 4, down + c - 4, out + c);
  }
  return c;
}
