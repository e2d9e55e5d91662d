// Status codes and the checks behind them: pure functions of plain numbers, tested natively.
//
// Every check returns one of the status constants below, OK or the first
// error, so the exports return it as it is. The memory size is an argument
// (exports.ts reads it with `memory.size`), which is what lets the unit tests
// ask about any memory without having one. All sums are made in u64: `ptr +
// len` of two 32-bit numbers cannot overflow 64 bits, so "does it fit" is a
// plain comparison.

export const OK: i32 = 0;
export const BAD_DIMENSIONS: i32 = 1;
export const OUT_OF_BOUNDS: i32 = 2;
export const OVERLAP: i32 = 3;

/** `width * height * 4`, the byte length of an RGBA8 image, or 0 for bad
 *  dimensions: a valid image has at least one pixel, so 0 is free to mean
 *  "invalid". */
export function imageLen(width: i32, height: i32): i32 {
  if (width <= 0 || height <= 0) return 0;
  const len = <u64>width * <u64>height * 4;
  return len > <u64>i32.MAX_VALUE ? 0 : <i32>len;
}

/** OK when `[ptr, ptr + len)` is non-null and lies wholly inside a memory of
 *  `memorySize` bytes; `ptr` is the wasm offset, read as unsigned. */
export function checkBuffer(ptr: usize, len: i32, memorySize: u64): i32 {
  if (ptr == 0 || <u64>ptr + <u64>len > memorySize) return OUT_OF_BOUNDS;
  return OK;
}

/** OK when `[a, a + len)` and `[b, b + len)` share no byte. */
export function checkNoOverlap(a: usize, b: usize, len: i32): i32 {
  if (<u64>a < <u64>b + <u64>len && <u64>b < <u64>a + <u64>len) return OVERLAP;
  return OK;
}

/** All of grayscale's checks, in contract order. */
export function checkImage(ptr: usize, width: i32, height: i32, memorySize: u64): i32 {
  const len = imageLen(width, height);
  if (len == 0) return BAD_DIMENSIONS;
  return checkBuffer(ptr, len, memorySize);
}

/** All of blur's checks, in contract order: src, then dst, then overlap. */
export function checkBlur(src: usize, dst: usize, width: i32, height: i32, memorySize: u64): i32 {
  const len = imageLen(width, height);
  if (len == 0) return BAD_DIMENSIONS;
  let status = checkBuffer(src, len, memorySize);
  if (status != OK) return status;
  status = checkBuffer(dst, len, memorySize);
  if (status != OK) return status;
  return checkNoOverlap(src, dst, len);
}
