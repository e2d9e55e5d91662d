// 3x3 box blur with the border replicated; out = (sum + 4) / 9.
//
// A neighbour outside the image is the nearest edge pixel: the row above row
// 0 is row 0 itself, and so on. The scalar structure (contract/README.md,
// "Fast structures"): one row at a time, a pixel's *column* is the sum of its
// three rows, all four channels at once in the 16-bit lanes of a u64 (SWAR).
// Walking the row keeps the columns of x - 1, x and x + 1, so each source
// pixel is read once per output row and there is no divide. Memory access as
// in grayscale.ts.

import { blurSimd } from "./simd";

// (sum + 4) / 9 == (sum * 3641 + 16384) >> 15 for every 3x3 sum 0..=2295
// (contract.toml [blur]; the proof is in contract/README.md).
// @ts-ignore: decorator
@inline export const DIV9_MUL: u32 = 3641;
// @ts-ignore: decorator
@inline export const DIV9_ROUND: u32 = 16384;
// @ts-ignore: decorator
@inline export const DIV9_SHIFT: u32 = 15;

/** `(sum + 4) / 9` for a 3x3 sum, without a divide: the one scalar rewrite
 *  (narrow does the same in two lanes at a time). */
// @ts-ignore: decorator
@inline export function div9(sum: u32): u32 {
  return (sum * DIV9_MUL + DIV9_ROUND) >> DIV9_SHIFT;
}

/** A pixel's four bytes spread into the four 16-bit lanes of a u64, channel
 *  0 lowest: room for sums of up to nine bytes (2295) per lane. */
// @ts-ignore: decorator
@inline export function widen(pixel: u32): u64 {
  let p = <u64>pixel;
  p = (p | (p << 16)) & 0x0000ffff_0000ffff;
  return (p | (p << 8)) & 0x00ff00ff_00ff00ff;
}

/** Four 16-bit lane sums divided by 9 (div9) and packed back into a pixel.
 *  Two lanes at a time, in 32-bit lanes, where `sum * 3641 + 16384` (below
 *  2^23) has room: channels 0 and 2, then 1 and 3. */
// @ts-ignore: decorator
@inline export function narrow(sums: u64): u32 {
  const lanes: u64 = 0x0000ffff_0000ffff;
  const round: u64 = ((<u64>DIV9_ROUND) << 32) | DIV9_ROUND;
  const even = (((sums & lanes) * DIV9_MUL + round) >> DIV9_SHIFT) & 0x000000ff_000000ff;
  const odd = ((((sums >> 16) & lanes) * DIV9_MUL + round) >> DIV9_SHIFT) & 0x000000ff_000000ff;
  const bytes = even | (odd << 8); // channels 0, 1 in bits 0-15; 2, 3 in bits 32-47
  return <u32>(bytes | (bytes >> 16));
}

/** `src` -> `dst`, both `width * height * 4` bytes of RGBA8. */
// @ts-ignore: decorator
@inline export function blur(src: usize, dst: usize, width: i32, height: i32): void {
  // A compile-time constant, as in grayscale.ts: the SIMD build runs its own
  // structure (simd.ts), which calls blurRow for the end of each row.
  if (ASC_FEATURE_SIMD) {
    blurSimd(src, dst, width, height);
    return;
  }
  const stride = (<usize>width) << 2; // bytes per row
  let mid = src;
  let out = dst;
  for (let y = 0; y < height; y++) {
    const up = y > 0 ? mid - stride : mid; // clamp y - 1
    const down = y < height - 1 ? mid + stride : mid; // clamp y + 1
    blurRow(up, mid, down, out, width, 0);
    mid += stride;
    out += stride;
  }
}

/** Output pixels `from .. width` of one row (`from < width`): `up`, `mid`,
 *  `down` are the three (clamped) source rows, `out` the output row, all at
 *  pixel 0. */
export function blurRow(
  up: usize,
  mid: usize,
  down: usize,
  out: usize,
  width: usize,
  from: usize,
): void {
  // wasm addresses are one pointer plus a constant offset (no base + index),
  // so the loop steps the four row pointers and reads the right-hand column
  // at offset 4. Live in the loop: the two columns, four pointers, the end.
  const at = from << 2;
  const left = from > 0 ? at - 4 : 0; // clamp x - 1
  let u = up + at,
    m = mid + at,
    d = down + at,
    o = out + at;
  let prev =
    widen(load<u32>(up + left)) + widen(load<u32>(mid + left)) + widen(load<u32>(down + left));
  let col = widen(load<u32>(u)) + widen(load<u32>(m)) + widen(load<u32>(d));
  const last = out + ((width - 1) << 2); // the last pixel's right column is its own
  for (; o < last; o += 4) {
    const next = widen(load<u32>(u, 4)) + widen(load<u32>(m, 4)) + widen(load<u32>(d, 4));
    store<u32>(o, narrow(prev + col + next));
    prev = col;
    col = next;
    u += 4;
    m += 4;
    d += 4;
  }
  store<u32>(o, narrow(prev + col + col));
}
