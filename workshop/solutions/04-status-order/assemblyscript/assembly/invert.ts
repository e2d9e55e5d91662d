// invert(ptr, width, height) -> status: each colour byte becomes 255 minus
// itself, alpha is kept; in place over RGBA8, with grayscale's checks.
import { checkImage, imageLen, OK } from "./status";

export function invert(ptr: usize, width: i32, height: i32): i32 {
  // The contract's checks, in its order, before anything is written.
  const status = checkImage(ptr, width, height, (<u64>memory.size()) << 16);
  if (status != OK) return status;
  const end = ptr + <usize>imageLen(width, height);
  for (let p = ptr; p < end; p += 4) {
    store<u8>(p, 255 - load<u8>(p));
    store<u8>(p + 1, 255 - load<u8>(p + 1));
    store<u8>(p + 2, 255 - load<u8>(p + 2));
  }
  return OK;
}
