// Status codes and the checks the kernels make before touching memory
// (contract/README.md, "Status codes": checked in this order, nothing written
// on an error).

export const OK: i32 = 0;
export const BAD_DIMENSIONS: i32 = 1;
export const OUT_OF_BOUNDS: i32 = 2;
export const OVERLAP: i32 = 3;

/** `width * height * 4`, or -1 when a dimension is not positive or the
 *  product does not fit in an i32. Multiplied in u64, so it cannot overflow. */
export function imageBytes(width: i32, height: i32): i32 {
  if (width <= 0 || height <= 0) return -1;
  const bytes = <u64>width * <u64>height * 4;
  return bytes > <u64>i32.MAX_VALUE ? -1 : <i32>bytes;
}

/** Whether `[ptr, ptr + len)` is non-null and lies wholly inside the current
 *  linear memory. `memory.size()` is the wasm `memory.size` instruction (in
 *  64 KiB pages); u64 arithmetic, since 65536 pages is 2^32 bytes. */
export function inMemory(ptr: usize, len: i32): bool {
  return ptr != 0 && <u64>ptr + <u64>len <= (<u64>memory.size() << 16);
}

/** Whether `[a, a + len)` and `[b, b + len)` share a byte (len > 0). */
export function overlaps(a: usize, b: usize, len: i32): bool {
  return <u64>a < <u64>b + <u64>len && <u64>b < <u64>a + <u64>len;
}
