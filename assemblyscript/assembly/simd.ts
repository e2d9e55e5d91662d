// The simd128 structures of both kernels, compiled only with --enable simd.
//
// grayscale.ts and blur.ts call these behind `if (ASC_FEATURE_SIMD)`, a
// compile-time constant, so the scalar builds never compile this file's code.
// The v128 builtins carry the wasm instruction names (`i16x8.extend_low_i8x16_u`,
// `i8x16.narrow_i16x8_u`, ...); `v128.load(ptr, offset)` folds a constant
// offset into the instruction, since wasm has no base + index addressing.
// Four pixels per v128, two per u16x8 half.

import { WR, WG, WB, ROUND } from "./grayscale";
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
  const r = <i16>WR,
    g = <i16>(WG - 65536),
    b = <i16>WB;
  const wRG = i16x8(r, g, r, g, r, g, r, g);
  const wB = i16x8(b, 0, b, 0, b, 0, b, 0);
  const round = i32x4.splat(ROUND);
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

/** The 8 bytes 8..23 of `a` then `b`: with u16x8 halves of two pixels each,
 *  the pixel pair that straddles them (a's second pixel, b's first). */
// @ts-ignore: decorator
@inline function pair(a: v128, b: v128): v128 {
  // prettier-ignore
  return i8x16.shuffle(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
}

/** Four output pixels from column sums in u16 lanes: `lo`, `hi` are the
 *  block's pixels 0-1 and 2-3, `prevHi` the two before, `nextLo` the two
 *  after. Each pixel adds its left, own and right column (at most 2295), then
 *  q15mulr_sat_s by 3641 is `(s * 3641 + 16384) >> 15`, div9 in one
 *  instruction (no saturation below 16384), and the u16 lanes narrow to u8. */
// @ts-ignore: decorator
@inline function blurBlock(prevHi: v128, lo: v128, hi: v128, nextLo: v128): v128 {
  const mid = pair(lo, hi); // pixels 1-2: right of lo, left of hi
  const outLo = i16x8.add(i16x8.add(pair(prevHi, lo), lo), mid);
  const outHi = i16x8.add(i16x8.add(mid, hi), pair(hi, nextLo));
  const ninth = i16x8.splat(<i16>DIV9_MUL);
  return i8x16.narrow_i16x8_u(i16x8.q15mulr_sat_s(outLo, ninth), i16x8.q15mulr_sat_s(outHi, ninth));
}

/** Output rows b and c of source rows a..d (clamped by the caller) in whole
 *  blocks, while the next block is whole too; returns the pixels done. The
 *  middle rows' sum `b + c` is shared by both columns: `a + (b + c)` and
 *  `(b + c) + d`. */
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
  let bc = i16x8.add(i16x8.extend_low_i8x16_u(vb), i16x8.extend_low_i8x16_u(vc));
  let lo0 = i16x8.add(i16x8.extend_low_i8x16_u(va), bc);
  let lo1 = i16x8.add(bc, i16x8.extend_low_i8x16_u(vd));
  bc = i16x8.add(i16x8.extend_high_i8x16_u(vb), i16x8.extend_high_i8x16_u(vc));
  let hi0 = i16x8.add(i16x8.extend_high_i8x16_u(va), bc);
  let hi1 = i16x8.add(bc, i16x8.extend_high_i8x16_u(vd));
  // Block 0's left neighbour is pixel 0 itself: its u16 half in both halves.
  let prev0 = i64x2.shuffle(lo0, lo0, 0, 0),
    prev1 = i64x2.shuffle(lo1, lo1, 0, 0);
  // Blocks at byte offsets 0 .. end - 16, each reading the next block at +16.
  const end = out0 + (((width >> 2) - 1) << 4);
  for (; out0 < end; out0 += 16, out1 += 16) {
    va = v128.load(a, 16);
    vb = v128.load(b, 16);
    vc = v128.load(c, 16);
    vd = v128.load(d, 16);
    bc = i16x8.add(i16x8.extend_low_i8x16_u(vb), i16x8.extend_low_i8x16_u(vc));
    const next0 = i16x8.add(i16x8.extend_low_i8x16_u(va), bc);
    const next1 = i16x8.add(bc, i16x8.extend_low_i8x16_u(vd));
    v128.store(out0, blurBlock(prev0, lo0, hi0, next0));
    v128.store(out1, blurBlock(prev1, lo1, hi1, next1));
    bc = i16x8.add(i16x8.extend_high_i8x16_u(vb), i16x8.extend_high_i8x16_u(vc));
    prev0 = hi0;
    prev1 = hi1;
    lo0 = next0;
    lo1 = next1;
    hi0 = i16x8.add(i16x8.extend_high_i8x16_u(va), bc);
    hi1 = i16x8.add(bc, i16x8.extend_high_i8x16_u(vd));
    a += 16;
    b += 16;
    c += 16;
    d += 16;
  }
  return ((width >> 2) - 1) << 2;
}

/** One output row (b) of source rows a, b, c, as blurTwoRows; for the odd
 *  last row. Returns the pixels done. */
// @ts-ignore: decorator
@inline function blurOneRow(a: usize, b: usize, c: usize, out: usize, width: usize): usize {
  if (width < 8) return 0;
  let va = v128.load(a),
    vb = v128.load(b),
    vc = v128.load(c);
  let lo = i16x8.add(i16x8.extend_low_i8x16_u(va), i16x8.extend_low_i8x16_u(vb));
  lo = i16x8.add(lo, i16x8.extend_low_i8x16_u(vc));
  let hi = i16x8.add(i16x8.extend_high_i8x16_u(va), i16x8.extend_high_i8x16_u(vb));
  hi = i16x8.add(hi, i16x8.extend_high_i8x16_u(vc));
  let prev = i64x2.shuffle(lo, lo, 0, 0); // pixel 0 is its own left neighbour
  const end = out + (((width >> 2) - 1) << 4);
  for (; out < end; out += 16) {
    va = v128.load(a, 16);
    vb = v128.load(b, 16);
    vc = v128.load(c, 16);
    let next = i16x8.add(i16x8.extend_low_i8x16_u(va), i16x8.extend_low_i8x16_u(vb));
    next = i16x8.add(next, i16x8.extend_low_i8x16_u(vc));
    v128.store(out, blurBlock(prev, lo, hi, next));
    prev = hi;
    lo = next;
    hi = i16x8.add(i16x8.extend_high_i8x16_u(va), i16x8.extend_high_i8x16_u(vb));
    hi = i16x8.add(hi, i16x8.extend_high_i8x16_u(vc));
    a += 16;
    b += 16;
    c += 16;
  }
  return ((width >> 2) - 1) << 2;
}

/** `src` -> `dst` as blur.ts's blur: output rows in pairs (an odd last row
 *  alone), whole blocks first, then the scalar blurRow from where the blocks
 *  stopped (4 to 7 pixels, or all of a row narrower than 8). */
// @ts-ignore: decorator
@inline export function blurSimd(src: usize, dst: usize, width: i32, height: i32): void {
  const w = <usize>width;
  const stride = w << 2;
  let y = 0;
  let mid = src; // row y
  let out = dst;
  for (; y + 2 <= height; y += 2) {
    const up = y > 0 ? mid - stride : mid; // clamp y - 1
    const next = mid + stride; // row y + 1
    const down = y + 2 < height ? next + stride : next; // clamp y + 2
    const done = blurTwoRows(up, mid, next, down, out, out + stride, w);
    blurRow(up, mid, next, out, w, done);
    blurRow(mid, next, down, out + stride, w, done);
    mid += stride << 1;
    out += stride << 1;
  }
  if (y < height) {
    const up = y > 0 ? mid - stride : mid;
    const done = blurOneRow(up, mid, mid, out, w); // the last row: down is itself
    blurRow(up, mid, mid, out, w, done);
  }
}
