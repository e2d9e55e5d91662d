// The unit-test entry: the pure functions and the kernels as wasm exports, so
// test/units.test.mjs can call them one by one (it compiles this file itself).

export { OK, BAD_DIMENSIONS, OUT_OF_BOUNDS, OVERLAP } from "../assembly/status";
export { imageLen, checkBuffer, checkNoOverlap, checkImage, checkBlur } from "../assembly/status";
export { alloc, dealloc } from "../assembly/buffers";
export { newHandle, freeHandle } from "../assembly/counter";
export { luma, grayPair, grayscale } from "../assembly/grayscale";
export { div9, widen, narrow, blur, blurRow } from "../assembly/blur";

import { counterAt } from "../assembly/counter";

export function increment(handle: usize): i32 {
  return counterAt(handle).increment();
}

export function get(handle: usize): i32 {
  return counterAt(handle).get();
}

/** Sets a counter's value directly, to test wrapping without 2^31 calls. */
export function setValue(handle: usize, value: i32): void {
  counterAt(handle).value = value;
}
