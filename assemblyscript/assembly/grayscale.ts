// grayscale: in place over RGBA8, ITU-R 601-2 luma in 16-bit fixed point.
//
// Memory is read with `load<T>`/`store<T>`: plain wasm loads and stores at a
// raw address. That is the AssemblyScript idiom for memory a host hands in:
// there is no array object around it, so nothing to bounds-check per access
// (the one check the kernel needs, "is the whole image inside memory", is
// made once, up front). Inside AssemblyScript's own arrays, `unchecked(a[i])`
// is the way to get the same plain access (README.md).

import { OK, BAD_DIMENSIONS, OUT_OF_BOUNDS, imageBytes, inMemory } from "./status";

// Fixed-point weights (contract.toml [grayscale]); they sum to 65536.
// @ts-ignore: decorator
@inline const WR: u32 = 19595;
// @ts-ignore: decorator
@inline const WG: u32 = 38470;
// @ts-ignore: decorator
@inline const WB: u32 = 7471;
// @ts-ignore: decorator
@inline const ROUND: u32 = 32768;

export function grayscale(ptr: usize, width: i32, height: i32): i32 {
  const len = imageBytes(width, height);
  if (len < 0) return BAD_DIMENSIONS;
  if (!inMemory(ptr, len)) return OUT_OF_BOUNDS;
  const bytes = <usize>len;
  let i: usize = 0;

  // `ASC_FEATURE_SIMD` is a compile-time constant (true with --enable simd):
  // the scalar build does not contain this block at all.
  if (ASC_FEATURE_SIMD) {
    // Four pixels per v128, each pixel one little-endian u32 lane
    // (R in the low byte, A in the high byte).
    const byte = i32x4.splat(0xff);
    for (; i + 16 <= bytes; i += 16) {
      const px = v128.load(ptr + i);
      const r = v128.and(px, byte);
      const g = v128.and(i32x4.shr_u(px, 8), byte);
      const b = v128.and(i32x4.shr_u(px, 16), byte);
      let y = i32x4.add(i32x4.mul(r, i32x4.splat(WR)), i32x4.mul(g, i32x4.splat(WG)));
      y = i32x4.add(y, i32x4.add(i32x4.mul(b, i32x4.splat(WB)), i32x4.splat(ROUND)));
      y = i32x4.shr_u(y, 16);
      // Bytes 0,0,0 of each y lane become R,G,B; byte 3 of each pixel (A) is
      // taken from px (lane indices 16..31 select from the second operand).
      v128.store(ptr + i, i8x16.shuffle(y, px, 0, 0, 0, 19, 4, 4, 4, 23, 8, 8, 8, 27, 12, 12, 12, 31));
    }
  }

  // Scalar: one pixel a step (also the tail of the SIMD loop).
  for (; i < bytes; i += 4) {
    const px = load<u32>(ptr + i);
    const y = (WR * (px & 0xff) + WG * ((px >> 8) & 0xff) + WB * ((px >> 16) & 0xff) + ROUND) >> 16;
    store<u32>(ptr + i, (px & 0xff000000) | (y * 0x010101));
  }
  return OK;
}
