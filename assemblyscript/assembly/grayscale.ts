// ITU-R 601-2 luma in 16-bit fixed point (contract/README.md).
//
// Memory is read with `load<T>`/`store<T>`: plain wasm loads and stores at a
// raw address. That is the AssemblyScript idiom for memory a host hands in:
// there is no array object around it, so nothing to bounds-check per access
// (the one check the kernel needs, "is the whole image inside memory", is
// made once, up front, in exports.ts). Inside AssemblyScript's own arrays,
// `unchecked(a[i])` is the way to get the same plain access (README.md).

import { grayscaleBlocks } from "./simd";

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

/** In place over the `len` bytes of RGBA8 at `ptr`: R = G = B = luma, alpha
 *  unchanged. */
export function grayscale(ptr: usize, len: usize): void {
  // `ASC_FEATURE_SIMD` is a compile-time constant (true with --enable simd):
  // the SIMD build does four pixels at a time first (simd.ts), the loop does
  // the rest; the scalar build does not contain that call at all.
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) i = grayscaleBlocks(ptr, len);

  // One pixel, one little-endian u32: R in the low byte, A in the high byte.
  for (; i < len; i += 4) {
    const px = load<u32>(ptr + i);
    const y = (WR * (px & 0xff) + WG * ((px >> 8) & 0xff) + WB * ((px >> 16) & 0xff) + ROUND) >> 16;
    store<u32>(ptr + i, (px & 0xff000000) | (y * 0x010101));
  }
}
