// Exercise 03: invert(ptr, width, height) -> status: each colour byte becomes
// 255 minus itself, alpha is kept; in place over RGBA8.
import { checkImage, imageLen, OK } from "./status";

export function invert(ptr: usize, width: i32, height: i32): i32 {
  // The contract's checks, in its order, before anything is written.
  const status = checkImage(ptr, width, height, (<u64>memory.size()) << 16);
  if (status != OK) return status;
  const end = ptr + <usize>imageLen(width, height);
  // TODO: 255 - R, G and B of every pixel from ptr to end; alpha kept.
  return OK;
}
