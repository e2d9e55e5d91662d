// The simd128 versions of grayscale and blur, bit-identical to the scalar code, which does the rest.
//
// Called behind `if (ASC_FEATURE_SIMD)`, a compile-time constant, so scalar builds
// never compile it. The shapes: contract/README.md, "Fast structures" and "Why wasm".

import { LUMA_R, LUMA_G, LUMA_B, LUMA_ROUND } from "./grayscale";
import { DIV9_MUL, blurRow } from "./blur";

/** Grayscale of the whole 16-byte blocks (four pixels) of `[ptr, ptr + len)`;
 *  returns the bytes done (the scalar code does the fewer than four left). */
// @ts-ignore: decorator
@inline export function grayscaleSimd(ptr: usize, len: usize): usize {
  // Per pixel, u16 lanes [R, G] and [B, A] (lanes 16+ of a shuffle pick from
  // the zero vector), so one dot product per pair weighs two channels and
  // adds them into the pixel's i32 lane. The dot is signed: G's weight 38470
  // does not fit in i16, so it is given as 38470 - 65536 and G << 16 is added
  // back. The sum stays below 2^24 and its byte 2 is y.
  const zero = i32x4.splat(0);
  const r = <i16>LUMA_R,
    g = <i16>(LUMA_G - 65536),
    b = <i16>LUMA_B;
  const wRG = i16x8(r, g, r, g, r, g, r, g);
  const wB = i16x8(b, 0, b, 0, b, 0, b, 0);
  const round = i32x4.splat(LUMA_ROUND);
  const gMask = i32x4.splat(0x00ff0000);
  const end = ptr + (len & ~15);
  for (let p = ptr; p < end; p += 16) {
    const px = v128.load(p);
    // prettier-ignore
    const rg = i8x16.shuffle(px, zero, 0, 16, 1, 16, 4, 16, 5, 16, 8, 16, 9, 16, 12, 16, 13, 16);
    // prettier-ignore
    const ba = i8x16.shuffle(px, zero, 2, 16, 3, 16, 6, 16, 7, 16, 10, 16, 11, 16, 14, 16, 15, 16);
    let sum = i32x4.add(i32x4.dot_i16x8_s(rg, wRG), i32x4.dot_i16x8_s(ba, wB));
    sum = i32x4.add(sum, v128.and(i32x4.shl(px, 8), gMask)); // + G << 16
    sum = i32x4.add(sum, round);
    // Byte 2 of each sum into R, G, B; A from px (shuffle lanes 16..31).
    // prettier-ignore
    v128.store(p, i8x16.shuffle(sum, px, 2, 2, 2, 19, 6, 6, 6, 23, 10, 10, 10, 27, 14, 14, 14, 31));
  }
  return len & ~15;
}

/** The two pixels straddling `a` and `b`: a's high pixel, then b's low one. */
// @ts-ignore: decorator
@inline function pair(a: v128, b: v128): v128 {
  // prettier-ignore
  return i8x16.shuffle(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
}

/** Four output pixels from column sums (u16 lanes, two pixels per v128): the
 *  block's `lo` and `hi`, the previous block's `hi` and the next block's `lo`. */
// @ts-ignore: decorator
@inline function blurBlock(prevHi: v128, lo: v128, hi: v128, nextLo: v128): v128 {
  const middle = pair(lo, hi);
  const sumLo = i16x8.add(i16x8.add(pair(prevHi, lo), lo), middle);
  const sumHi = i16x8.add(i16x8.add(middle, hi), pair(hi, nextLo));
  // (sum * 3641 + 16384) >> 15 is the rounded / 9 (every sum < 16384, no saturation).
  const k = i16x8.splat(<i16>DIV9_MUL);
  return i8x16.narrow_i16x8_u(i16x8.q15mulr_sat_s(sumLo, k), i16x8.q15mulr_sat_s(sumHi, k));
}

/** Column sums (u16 lanes) of a 16-byte block: its low 8 bytes, or its high 8
 *  (AssemblyScript returns one value, so a block's two halves are two calls). */
// @ts-ignore: decorator
@inline function widen(block: v128, high: bool): v128 {
  return high ? i16x8.extend_high_i8x16_u(block) : i16x8.extend_low_i8x16_u(block);
}

// @ts-ignore: decorator
@inline function add(a: v128, b: v128): v128 {
  return i16x8.add(a, b);
}

/** The low pixel of `lo` twice: the left neighbour of a row's first pixel. */
// @ts-ignore: decorator
@inline function firstPixelTwice(lo: v128): v128 {
  return i64x2.shuffle(lo, lo, 0, 0);
}

/** Output rows for the source rows `a, b, c, d` (rows y-1 .. y+2): `out0` from
 *  a, b, c and `out1` from b, c, d, sharing b + c. Returns the pixels done in
 *  each row; blocks run while the next block is whole. */
// @ts-ignore: decorator
@inline function blurTwoRows(
  a: usize,
  b: usize,
  c: usize,
  d: usize,
  out0: usize,
  out1: usize,
  width: usize,
): usize {
  if (width < 8) return 0;
  let va = v128.load(a),
    vb = v128.load(b),
    vc = v128.load(c),
    vd = v128.load(d);
  let bc = add(widen(vb, false), widen(vc, false));
  let lo0 = add(widen(va, false), bc),
    lo1 = add(bc, widen(vd, false));
  bc = add(widen(vb, true), widen(vc, true));
  let hi0 = add(widen(va, true), bc),
    hi1 = add(bc, widen(vd, true));
  let prev0 = firstPixelTwice(lo0),
    prev1 = firstPixelTwice(lo1);
  // One pointer per row steps along, the next block at offset 16 (contract/README.md#why-wasm).
  const end = out0 + (((width >> 2) - 1) << 4);
  for (; out0 < end; out0 += 16, out1 += 16) {
    va = v128.load(a, 16);
    vb = v128.load(b, 16);
    vc = v128.load(c, 16);
    vd = v128.load(d, 16);
    bc = add(widen(vb, false), widen(vc, false));
    const nextLo0 = add(widen(va, false), bc),
      nextLo1 = add(bc, widen(vd, false));
    v128.store(out0, blurBlock(prev0, lo0, hi0, nextLo0));
    v128.store(out1, blurBlock(prev1, lo1, hi1, nextLo1));
    bc = add(widen(vb, true), widen(vc, true));
    prev0 = hi0;
    prev1 = hi1;
    lo0 = nextLo0;
    lo1 = nextLo1;
    hi0 = add(widen(va, true), bc);
    hi1 = add(bc, widen(vd, true));
    a += 16;
    b += 16;
    c += 16;
    d += 16;
  }
  return ((width >> 2) - 1) << 2;
}

/** One output row from the source rows `a, b, c` (an odd last row). */
// @ts-ignore: decorator
@inline function blurOneRow(a: usize, b: usize, c: usize, out: usize, width: usize): usize {
  if (width < 8) return 0;
  let va = v128.load(a),
    vb = v128.load(b),
    vc = v128.load(c);
  let lo = add(add(widen(va, false), widen(vb, false)), widen(vc, false));
  let hi = add(add(widen(va, true), widen(vb, true)), widen(vc, true));
  let prev = firstPixelTwice(lo);
  const end = out + (((width >> 2) - 1) << 4);
  for (; out < end; out += 16) {
    va = v128.load(a, 16);
    vb = v128.load(b, 16);
    vc = v128.load(c, 16);
    const nextLo = add(add(widen(va, false), widen(vb, false)), widen(vc, false));
    v128.store(out, blurBlock(prev, lo, hi, nextLo));
    prev = hi;
    lo = nextLo;
    hi = add(add(widen(va, true), widen(vb, true)), widen(vc, true));
    a += 16;
    b += 16;
    c += 16;
  }
  return ((width >> 2) - 1) << 2;
}

/** The blur of blur.ts for images at least 8 pixels wide: rows in pairs (an
 *  odd last row alone), then `blurRow` finishes each row (4 to 7 pixels). */
// @ts-ignore: decorator
@inline export function blurSimd(src: usize, dst: usize, width: i32, height: i32): void {
  const w = <usize>width;
  const stride = w << 2;
  let y = 0;
  let mid = src; // row y
  let out = dst;
  for (; y + 2 <= height; y += 2) {
    const up = y > 0 ? mid - stride : mid; // clamp y - 1
    const down = mid + stride; // row y + 1
    const below = y + 2 < height ? down + stride : down; // clamp y + 2
    const done = blurTwoRows(up, mid, down, below, out, out + stride, w);
    blurRow(up, mid, down, out, w, done);
    blurRow(mid, down, below, out + stride, w, done);
    mid += stride << 1;
    out += stride << 1;
  }
  if (y < height) {
    // An odd last row: the row below is itself.
    const up = y > 0 ? mid - stride : mid;
    const done = blurOneRow(up, mid, mid, out, w);
    blurRow(up, mid, mid, out, w, done);
  }
}
