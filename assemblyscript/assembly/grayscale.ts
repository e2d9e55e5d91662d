// The scalar grayscale: the luma weights, the plain formula and two pixels per u64.
//
// Memory is read with `load<T>`/`store<T>` at raw addresses, AssemblyScript's
// idiom for memory a host hands in: no array object, so no per-access check
// (exports.ts checks the whole image once, up front).

import { grayscaleSimd } from "./simd";

// ITU-R 601-2 luma in 16-bit fixed point (contract.toml [grayscale]). The
// weights add up to 65536; the rounding is half of it.
// @ts-ignore: decorator
@inline export const LUMA_R: u32 = 19595;
// @ts-ignore: decorator
@inline export const LUMA_G: u32 = 38470;
// @ts-ignore: decorator
@inline export const LUMA_B: u32 = 7471;
// @ts-ignore: decorator
@inline export const LUMA_ROUND: u32 = 32768;
// @ts-ignore: decorator
@inline export const LUMA_SHIFT: u32 = 16;

/** One pixel, the plain formula (for an odd last pixel). The largest sum is
 *  255 * 65536 + 32768, so u32 never overflows and the result is at most 255. */
// @ts-ignore: decorator
@inline export function luma(r: u32, g: u32, b: u32): u32 {
  return (LUMA_R * r + LUMA_G * g + LUMA_B * b + LUMA_ROUND) >> LUMA_SHIFT;
}

/** Two RGBA pixels in one little-endian u64 (pixel 0 in bits 0-31) to their
 *  grays, SWAR: each channel is masked into two 32-bit lanes and multiplied by
 *  its weight once for both pixels. A lane's sum stays below 2^24, so no carry
 *  crosses into the other pixel. y * 0x010101 puts y in R, G and B; alpha is kept. */
// @ts-ignore: decorator
@inline export function grayPair(pair: u64): u64 {
  const lowBytes: u64 = 0x000000ff_000000ff;
  const alpha: u64 = 0xff000000_ff000000;
  const r = pair & lowBytes;
  const g = (pair >> 8) & lowBytes;
  const b = (pair >> 16) & lowBytes;
  const sum = r * LUMA_R + g * LUMA_G + b * LUMA_B + <u64>LUMA_ROUND * 0x00000001_00000001;
  const y = (sum >> LUMA_SHIFT) & lowBytes;
  return (y * 0x010101) | (pair & alpha);
}

/** In place over the `len` bytes of RGBA8 at `pixels`: R = G = B = luma, alpha
 *  unchanged. Two pixels at a time; an odd last pixel takes the plain formula. */
export function grayscale(pixels: usize, len: usize): void {
  // With simd128 (a compile-time constant), four pixels at a time first
  // (simd.ts); the loops do the rest. One pointer steps along
  // (contract/README.md#why-wasm).
  const end = pixels + len;
  let at = pixels;
  if (ASC_FEATURE_SIMD) at += grayscaleSimd(pixels, len);
  for (; at + 8 <= end; at += 8) store<u64>(at, grayPair(load<u64>(at)));
  if (at < end) {
    const px = load<u32>(at);
    const y = luma(px & 0xff, (px >> 8) & 0xff, (px >> 16) & 0xff);
    store<u32>(at, (px & 0xff000000) | (y * 0x010101));
  }
}
