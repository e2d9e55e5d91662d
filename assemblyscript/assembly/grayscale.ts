// ITU-R 601-2 luma in 16-bit fixed point (contract/README.md), two pixels per u64.
//
// Memory is read with `load<T>`/`store<T>`: plain wasm loads and stores at a
// raw address. That is the AssemblyScript idiom for memory a host hands in:
// there is no array object around it, so nothing to bounds-check per access
// (the one check the kernel needs, "is the whole image inside memory", is
// made once, up front, in exports.ts). Inside AssemblyScript's own arrays,
// `unchecked(a[i])` is the way to get the same plain access (README.md).

import { grayscaleSimd } from "./simd";

// Fixed-point weights (contract.toml [grayscale]); they sum to 65536.
// @ts-ignore: decorator
@inline export const WR: u32 = 19595;
// @ts-ignore: decorator
@inline export const WG: u32 = 38470;
// @ts-ignore: decorator
@inline export const WB: u32 = 7471;
/** Half of 65536: rounds to nearest instead of truncating. */
// @ts-ignore: decorator
@inline export const ROUND: u32 = 32768;

/** The plain formula for one pixel (the odd last pixel of an image). */
// @ts-ignore: decorator
@inline export function luma(r: u32, g: u32, b: u32): u32 {
  return (WR * r + WG * g + WB * b + ROUND) >> 16;
}

/** Two pixels in one little-endian u64 (pixel 0 in the low 32 bits), both
 *  turned gray at once (SWAR). Each channel is masked into its pixel's
 *  32-bit lane, so one u64 multiply weighs it for both pixels; a lane's sum
 *  stays below 2^25, so no carry reaches the other lane. */
// @ts-ignore: decorator
@inline export function grayPair(pair: u64): u64 {
  const lanes: u64 = 0x000000ff_000000ff;
  const r = pair & lanes;
  const g = (pair >> 8) & lanes;
  const b = (pair >> 16) & lanes;
  const sum = r * WR + g * WG + b * WB + (((<u64>ROUND) << 32) | ROUND);
  const y = (sum >> 16) & lanes;
  return (pair & 0xff000000_ff000000) | (y * 0x010101);
}

/** In place over the `len` bytes of RGBA8 at `ptr`: R = G = B = luma, alpha
 *  unchanged. */
export function grayscale(ptr: usize, len: usize): void {
  // `ASC_FEATURE_SIMD` is a compile-time constant (true with --enable simd):
  // the SIMD build does four pixels at a time first (simd.ts) and leaves
  // fewer than four; the scalar build does not contain that call at all.
  // wasm addresses are one pointer plus a constant offset (no base + index),
  // so the loop steps the pointer itself.
  const end = ptr + len;
  let p = ptr;
  if (ASC_FEATURE_SIMD) p += grayscaleSimd(ptr, len);
  for (; p + 8 <= end; p += 8) store<u64>(p, grayPair(load<u64>(p)));
  if (p < end) {
    const px = load<u32>(p);
    const y = luma(px & 0xff, (px >> 8) & 0xff, (px >> 16) & 0xff);
    store<u32>(p, (px & 0xff000000) | (y * 0x010101));
  }
}
