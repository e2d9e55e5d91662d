// 3x3 box blur with the border replicated; out = (sum + 4) / 9.
//
// A neighbour outside the image is the nearest edge pixel. Clamping the
// coordinates does that: the row above row 0 is row 0 itself, and so on.
// Rows are clamped once per row (three row addresses); columns only matter
// at the first and last pixel of a row, so the interior of each row runs a
// loop without any clamping. Memory access as in grayscale.ts.

import { blurBlocks } from "./simd";

/** The 3x3 sum of one channel at any pixel: `up`, `mid`, `down` are the
 *  addresses of the channel's byte in pixel 0 of the three rows; `l`, `c`,
 *  `r` the byte offsets of the left, centre and right columns (clamped).
 *  u8 samples, u32 sum: the first term is widened, so the whole sum is. */
// prettier-ignore
// @ts-ignore: decorator
@inline function sum3x3(up: usize, mid: usize, down: usize, l: usize, c: usize, r: usize): u32 {
  return <u32>load<u8>(up + l) + load<u8>(up + c) + load<u8>(up + r)
       + load<u8>(mid + l) + load<u8>(mid + c) + load<u8>(mid + r)
       + load<u8>(down + l) + load<u8>(down + c) + load<u8>(down + r);
}

/** A pixel in the first or last column, all four channels, stored as one
 *  u32. Deliberately not @inline: edges run twice a row, so one shared copy
 *  of this code is enough. */
// prettier-ignore
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
// prettier-ignore
// @ts-ignore: decorator
@inline function sum3x3Interior(u: usize, m: usize, d: usize): u32 {
  return <u32>load<u8>(u) + load<u8>(u, 4) + load<u8>(u, 8)
       + load<u8>(m) + load<u8>(m, 4) + load<u8>(m, 8)
       + load<u8>(d) + load<u8>(d, 4) + load<u8>(d, 8);
}

/** An interior pixel (`u`, `m`, `d` as above; `out` the output pixel). */
// prettier-ignore
// @ts-ignore: decorator
@inline function blurInteriorPixel(u: usize, m: usize, d: usize, out: usize): void {
  const c0 = (sum3x3Interior(u,     m,     d)     + 4) / 9;
  const c1 = (sum3x3Interior(u + 1, m + 1, d + 1) + 4) / 9;
  const c2 = (sum3x3Interior(u + 2, m + 2, d + 2) + 4) / 9;
  const c3 = (sum3x3Interior(u + 3, m + 3, d + 3) + 4) / 9;
  store<u32>(out, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
}

/** `src` -> `dst`, both `width * height * 4` bytes of RGBA8. */
// @ts-ignore: decorator
@inline export function blur(src: usize, dst: usize, width: i32, height: i32): void {
  const stride = (<usize>width) << 2; // bytes per row
  const last = (<usize>(width - 1)) << 2; // byte offset of the last column
  for (let y = 0; y < height; y++) {
    const mid = src + <usize>y * stride;
    const up = y > 0 ? mid - stride : mid; // clamp y - 1
    const down = y < height - 1 ? mid + stride : mid; // clamp y + 1
    const out = dst + <usize>y * stride;

    // First column: its left neighbour is itself (and so is its right one
    // when the image is one pixel wide).
    blurEdgePixel(up, mid, down, 0, 0, min<usize>(4, last), out);

    // Interior columns: no clamping. `c` is the pixel's byte offset. The
    // SIMD build does four pixels at a time first (simd.ts), the loop the rest.
    let c: usize = 4;
    if (ASC_FEATURE_SIMD) c = blurBlocks(up, mid, down, out, last);
    for (; c < last; c += 4) blurInteriorPixel(up + c - 4, mid + c - 4, down + c - 4, out + c);

    // Last column: its right neighbour is itself.
    if (last > 0) blurEdgePixel(up, mid, down, last - 4, last, last, out);
  }
}
