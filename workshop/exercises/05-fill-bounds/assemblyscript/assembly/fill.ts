// Exercise 05: fill(ptr, len, value) -> status, every byte set to value.
import { OK } from "./status";

export function fill(ptr: usize, len: i32, value: i32): i32 {
  // TODO: len <= 0 is BAD_DIMENSIONS; a buffer that is null or not wholly
  // inside memory is OUT_OF_BOUNDS; both before anything is written.
  memory.fill(ptr, <u8>value, <usize>len);
  return OK;
}
