// blur: 3x3 box blur of all four channels, src -> dst, replicate border.
//
// Each output channel is (sum of the 3x3 neighbourhood + 4) / 9, where a
// neighbour outside the image is the nearest edge pixel. Clamping the
// coordinates does that: the row above row 0 is row 0 itself, and so on.
// Rows are clamped once per row (three row addresses); columns only matter
// at the first and last pixel of a row, so the interior of each row runs a
// loop without any clamping. Memory access as in grayscale.ts.

import { OK, BAD_DIMENSIONS, OUT_OF_BOUNDS, OVERLAP, imageBytes, inMemory, overlaps } from "./status";

/** The 3x3 sum of one channel at any pixel: `up`, `mid`, `down` are the
 *  addresses of the channel's byte in pixel 0 of the three rows; `l`, `c`,
 *  `r` the byte offsets of the left, centre and right columns (clamped).
 *  u8 samples, u32 sum: the first term is widened, so the whole sum is. */
// @ts-ignore: decorator
@inline function sum3x3(up: usize, mid: usize, down: usize, l: usize, c: usize, r: usize): u32 {
  return <u32>load<u8>(up + l) + load<u8>(up + c) + load<u8>(up + r)
       + load<u8>(mid + l) + load<u8>(mid + c) + load<u8>(mid + r)
       + load<u8>(down + l) + load<u8>(down + c) + load<u8>(down + r);
}

/** A pixel in the first or last column, all four channels, stored as one
 *  u32. Deliberately not @inline: edges run twice a row, so one shared copy
 *  of this code is enough. */
function blurEdgePixel(up: usize, mid: usize, down: usize, l: usize, c: usize, r: usize, out: usize): void {
  const c0 = (sum3x3(up,     mid,     down,     l, c, r) + 4) / 9;
  const c1 = (sum3x3(up + 1, mid + 1, down + 1, l, c, r) + 4) / 9;
  const c2 = (sum3x3(up + 2, mid + 2, down + 2, l, c, r) + 4) / 9;
  const c3 = (sum3x3(up + 3, mid + 3, down + 3, l, c, r) + 4) / 9;
  store<u32>(out + c, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
}

/** The 3x3 sum of one channel at an interior pixel: `u`, `m`, `d` address
 *  the channel's byte in the left neighbour in each row, so the nine bytes
 *  sit at the fixed distances 0, 4 and 8 from them. Fixed distances go into
 *  the wasm load instructions themselves (`load<u8>(ptr, offset)`, the
 *  offset must be a constant), which saves computing nine addresses. */
// @ts-ignore: decorator
@inline function sum3x3Interior(u: usize, m: usize, d: usize): u32 {
  return <u32>load<u8>(u) + load<u8>(u, 4) + load<u8>(u, 8)
       + load<u8>(m) + load<u8>(m, 4) + load<u8>(m, 8)
       + load<u8>(d) + load<u8>(d, 4) + load<u8>(d, 8);
}

/** An interior pixel (`u`, `m`, `d` as above; `out` the output pixel). */
// @ts-ignore: decorator
@inline function blurInteriorPixel(u: usize, m: usize, d: usize, out: usize): void {
  const c0 = (sum3x3Interior(u,     m,     d)     + 4) / 9;
  const c1 = (sum3x3Interior(u + 1, m + 1, d + 1) + 4) / 9;
  const c2 = (sum3x3Interior(u + 2, m + 2, d + 2) + 4) / 9;
  const c3 = (sum3x3Interior(u + 3, m + 3, d + 3) + 4) / 9;
  store<u32>(out, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
}

/** Widen the low 8 bytes of three vectors to u16 lanes and add them. */
// @ts-ignore: decorator
@inline function sum3Low(a: v128, b: v128, c: v128): v128 {
  return i16x8.add(i16x8.add(i16x8.extend_low_i8x16_u(a), i16x8.extend_low_i8x16_u(b)), i16x8.extend_low_i8x16_u(c));
}

/** The same for the high 8 bytes. */
// @ts-ignore: decorator
@inline function sum3High(a: v128, b: v128, c: v128): v128 {
  return i16x8.add(i16x8.add(i16x8.extend_high_i8x16_u(a), i16x8.extend_high_i8x16_u(b)), i16x8.extend_high_i8x16_u(c));
}

/** Four interior pixels at once (simd build), the same sums in u16 lanes.
 *  `u`, `m`, `d`, `out` as in blurInteriorPixel; each v128 load takes 16
 *  bytes (4 pixels) starting at the left neighbours, the pixels themselves,
 *  and the right neighbours. u8 lanes widen to u16: a sum of nine u8 is at
 *  most 2295, so it fits. */
// @ts-ignore: decorator
@inline function blur4InteriorPixels(u: usize, m: usize, d: usize, out: usize): void {
  const u0 = v128.load(u), u1 = v128.load(u, 4), u2 = v128.load(u, 8);
  const m0 = v128.load(m), m1 = v128.load(m, 4), m2 = v128.load(m, 8);
  const d0 = v128.load(d), d1 = v128.load(d, 4), d2 = v128.load(d, 8);
  // pixels 0-1 (8 channels) from the low halves, pixels 2-3 from the high ones
  let lo = sum3Low(u0, u1, u2), hi = sum3High(u0, u1, u2);
  lo = i16x8.add(lo, sum3Low(m0, m1, m2));
  hi = i16x8.add(hi, sum3High(m0, m1, m2));
  lo = i16x8.add(lo, sum3Low(d0, d1, d2));
  hi = i16x8.add(hi, sum3High(d0, d1, d2));
  // (s + 4) / 9 without a divide (wasm SIMD has none): q15mulr computes
  // (s * 3641 + 16384) >> 15, i.e. s * 3641 / 32768 rounded to nearest.
  // 3641 / 32768 is 1/9 * (1 + 1/32768), so for s <= 2295 the product is off
  // from s / 9 by less than 0.008, while s / 9 is never closer than 1/18 to a
  // rounding midpoint (its fraction is k/9). So this is round(s / 9), which
  // is exactly (s + 4) / 9 in integers. test/ checks every s from 0 to 2295.
  const ninth = i16x8.splat(3641);
  lo = i16x8.q15mulr_sat_s(lo, ninth);
  hi = i16x8.q15mulr_sat_s(hi, ninth);
  v128.store(out, i8x16.narrow_i16x8_u(lo, hi));
}

export function blur(src: usize, dst: usize, width: i32, height: i32): i32 {
  const len = imageBytes(width, height);
  if (len < 0) return BAD_DIMENSIONS;
  if (!inMemory(src, len) || !inMemory(dst, len)) return OUT_OF_BOUNDS;
  if (overlaps(src, dst, len)) return OVERLAP;

  const stride = <usize>width << 2;        // bytes per row
  const last = <usize>(width - 1) << 2;    // byte offset of the last column
  for (let y = 0; y < height; y++) {
    const mid = src + <usize>y * stride;
    const up = y > 0 ? mid - stride : mid;              // clamp y - 1
    const down = y < height - 1 ? mid + stride : mid;   // clamp y + 1
    const out = dst + <usize>y * stride;

    // First column: its left neighbour is itself (and so is its right one
    // when the image is one pixel wide).
    blurEdgePixel(up, mid, down, 0, 0, min<usize>(4, last), out);

    // Interior columns: no clamping. `c` is the pixel's byte offset.
    let c: usize = 4;
    if (ASC_FEATURE_SIMD) {
      for (; c + 16 <= last; c += 16) blur4InteriorPixels(up + c - 4, mid + c - 4, down + c - 4, out + c);
    }
    for (; c < last; c += 4) blurInteriorPixel(up + c - 4, mid + c - 4, down + c - 4, out + c);

    // Last column: its right neighbour is itself.
    if (last > 0) blurEdgePixel(up, mid, down, last - 4, last, last, out);
  }
  return OK;
}
