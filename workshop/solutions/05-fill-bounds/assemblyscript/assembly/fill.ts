// fill(ptr, len, value) -> status, every byte set to value.
import { checkBuffer, BAD_DIMENSIONS, OK } from "./status";

export function fill(ptr: usize, len: i32, value: i32): i32 {
  if (len <= 0) return BAD_DIMENSIONS;
  const status = checkBuffer(ptr, len, (<u64>memory.size()) << 16);
  if (status != OK) return status;
  memory.fill(ptr, <u8>value, <usize>len);
  return OK;
}
