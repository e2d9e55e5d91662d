// The scalar blur: sliding column sums, four channels per u64 (SWAR).
//
// Raw `load<u32>`/`store<u32>` as in grayscale.ts; one pointer per row steps
// along (contract/README.md#why-wasm).

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
  // Pixel x needs the columns of x-1, x and x+1; walking right, each column
  // is summed once and slides from `right` to `here` to `left`. One pointer
  // per row steps along, the right column at offset 4 (contract/README.md#why-wasm).
  const skip = from << 2;
  let u = up + skip,
    m = mid + skip,
    d = down + skip,
    at = out + skip;
  let here = widen(load<u32>(u)) + widen(load<u32>(m)) + widen(load<u32>(d));
  let left =
    from == 0 ? here : widen(load<u32>(u - 4)) + widen(load<u32>(m - 4)) + widen(load<u32>(d - 4));
  const last = out + ((width - 1) << 2);
  for (; at < last; at += 4) {
    const right = widen(load<u32>(u, 4)) + widen(load<u32>(m, 4)) + widen(load<u32>(d, 4));
    store<u32>(at, narrow(left + here + right));
    left = here;
    here = right;
    u += 4;
    m += 4;
    d += 4;
  }
  store<u32>(last, narrow(left + here + here)); // the last pixel's right neighbour is itself
}
