// The whole wasm-rosetta contract in plain JavaScript: what the page uses when
// WebAssembly is unavailable, and the JS baseline of the benchmarks.
//
// It has the same shape as a core module's exports (contract/README.md):
// a `memory` with a `buffer`, add, counter_new/increment/get/free,
// alloc/dealloc, grayscale(ptr, w, h) and blur(src, dst, w, h) over i32
// offsets into that memory, with the same status codes checked in the same
// order. So the loader's wrapper (loader.js `wrap`) and the conformance suite
// treat it exactly like a module. The files are laid out like a language
// folder: status, buffers, counter, grayscale, blur, exports.
//
// Integers only: every value is an integer below 2^53, `>>> 16` and `| 0`
// are integer operations, and `(sum + 4) / 9 | 0` is the integer quotient
// (exact for any sum below 2^31).

// ---------------------------------------------------------------- status

/** Status codes returned by grayscale and blur (checked in this order). */
export const STATUS = Object.freeze({ ok: 0, badDimensions: 1, outOfBounds: 2, overlap: 3 });

const I32_MAX = 0x7fffffff;

/** Byte length of a width x height RGBA8 image, or -1 (bad dimensions). */
export function imageLen(width, height) {
  if (width <= 0 || height <= 0) return -1;
  // Both are at most 2^31 - 1: the product may be inexact above 2^53, but it is
  // then far above I32_MAX, so the comparison is still right.
  const len = width * height * 4;
  return len > I32_MAX ? -1 : len;
}

/** Is [ptr, ptr + len) a non-null range inside a memory of `memorySize` bytes? (`ptr` unsigned) */
export function checkBuffer(ptr, len, memorySize) {
  return ptr === 0 || ptr + len > memorySize ? STATUS.outOfBounds : STATUS.ok;
}

/** Do [a, a + len) and [b, b + len) share no byte? */
export function checkNoOverlap(a, b, len) {
  return a < b + len && b < a + len ? STATUS.overlap : STATUS.ok;
}

/** grayscale's checks in contract order: a status, and the length when ok. */
export function checkImage(ptr, width, height, memorySize) {
  const len = imageLen(width, height);
  if (len < 0) return { status: STATUS.badDimensions, len: 0 };
  return { status: checkBuffer(ptr, len, memorySize), len };
}

/** blur's checks in contract order: dimensions, src, dst, overlap. */
export function checkBlur(src, dst, width, height, memorySize) {
  const first = checkImage(src, width, height, memorySize);
  if (first.status !== STATUS.ok) return first;
  const { len } = first;
  const status = checkBuffer(dst, len, memorySize) || checkNoOverlap(src, dst, len);
  return { status, len };
}

// ---------------------------------------------------------------- buffers

const PAGE = 65536;
const MAX_PAGES = 16384; // 1 GiB, the host's cap
const ALIGN = 8;

/**
 * A growable linear memory over an ArrayBuffer (`buffer` is replaced when it
 * grows, as a WebAssembly.Memory's is), with a size-class free list allocator:
 * a freed block goes back to the list of its (8-byte rounded) size and is the
 * next one handed out for that size, so a freed buffer is really reused.
 */
class Heap {
  constructor(pages = 1) {
    this.memory = { buffer: new ArrayBuffer(pages * PAGE) };
    this.top = ALIGN * 2; // offset 0 is null: never handed out
    this.free = new Map(); // rounded size -> [ptr]
  }

  grow(bytes) {
    const have = this.memory.buffer.byteLength;
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES) return false;
    const bigger = new ArrayBuffer(pages * PAGE);
    new Uint8Array(bigger).set(new Uint8Array(this.memory.buffer, 0, have));
    this.memory.buffer = bigger;
    return true;
  }

  alloc(len) {
    if (len <= 0) return 0;
    const size = Math.ceil(len / ALIGN) * ALIGN;
    const list = this.free.get(size);
    if (list && list.length) return list.pop();
    const ptr = this.top;
    if (ptr + size > this.memory.buffer.byteLength && !this.grow(ptr + size)) return 0;
    this.top = ptr + size;
    return ptr;
  }

  dealloc(ptr, len) {
    if (ptr === 0 || len <= 0) return;
    const size = Math.ceil(len / ALIGN) * ALIGN;
    if (!this.free.has(size)) this.free.set(size, []);
    this.free.get(size).push(ptr);
  }
}

// ---------------------------------------------------------------- counter

/** A counter: starts at 0, counts up by one, wraps at 2^31 - 1. */
export class Counter {
  constructor() {
    this.value = 0;
  }
  increment() {
    this.value = (this.value + 1) | 0;
    return this.value;
  }
  get() {
    return this.value;
  }
}

/** Handles for counters: small non-zero integers, reused after a free. */
class Handles {
  constructor() {
    this.live = new Map();
    this.freed = [];
    this.next = 1;
  }
  insert(counter) {
    const h = this.freed.length ? this.freed.pop() : this.next++;
    this.live.set(h, counter);
    return h;
  }
  get(h) {
    return this.live.get(h);
  }
  remove(h) {
    if (this.live.delete(h)) this.freed.push(h);
  }
}

// ---------------------------------------------------------------- grayscale

// ITU-R 601-2 luma in 16-bit fixed point (contract.toml [grayscale]).
const R_WEIGHT = 19595;
const G_WEIGHT = 38470;
const B_WEIGHT = 7471;
const ROUND = 32768;

/** In place over RGBA8 bytes: R = G = B = luma, alpha kept. */
export function grayscalePixels(px) {
  const n = px.length - (px.length % 4);
  for (let i = 0; i < n; i += 4) {
    const y = (R_WEIGHT * px[i] + G_WEIGHT * px[i + 1] + B_WEIGHT * px[i + 2] + ROUND) >>> 16;
    px[i] = y;
    px[i + 1] = y;
    px[i + 2] = y;
  }
  return px;
}

// ---------------------------------------------------------------- blur

/**
 * 3x3 box blur, replicate border, out = (sum + 4) / 9, src -> dst (both
 * width * height * 4 bytes). Separable: for each row, the column sums of the
 * rows above, at and below it (the row itself where the image ends), then the
 * three neighbouring column sums of each output byte.
 */
export function blurPixels(src, dst, width, height) {
  const stride = width * 4;
  const cols = new Uint16Array(stride);
  for (let y = 0; y < height; y++) {
    const mid = y * stride;
    const up = y > 0 ? mid - stride : mid;
    const down = y < height - 1 ? mid + stride : mid;
    for (let i = 0; i < stride; i++) cols[i] = src[up + i] + src[mid + i] + src[down + i];
    if (width === 1) {
      for (let c = 0; c < 4; c++) dst[mid + c] = ((3 * cols[c] + 4) / 9) | 0;
      continue;
    }
    for (let c = 0; c < 4; c++) {
      // first pixel: its left neighbour is itself; last pixel: its right one.
      dst[mid + c] = ((2 * cols[c] + cols[c + 4] + 4) / 9) | 0;
      const last = stride - 4 + c;
      dst[mid + last] = ((cols[last - 4] + 2 * cols[last] + 4) / 9) | 0;
    }
    for (let i = 4; i < stride - 4; i++) {
      dst[mid + i] = ((cols[i - 4] + cols[i] + cols[i + 4] + 4) / 9) | 0;
    }
  }
  return dst;
}

// ---------------------------------------------------------------- exports

/**
 * A fresh "instance" of the contract in JavaScript: the same exports, by the
 * same names, as a core module's `instance.exports`.
 */
export function instantiateFallback() {
  const heap = new Heap();
  const counters = new Handles();
  const bytes = () => new Uint8Array(heap.memory.buffer);
  const size = () => heap.memory.buffer.byteLength;
  return {
    memory: heap.memory,
    add: (a, b) => (a + b) | 0,
    counter_new: () => counters.insert(new Counter()),
    counter_increment: (h) => counters.get(h).increment(),
    counter_get: (h) => counters.get(h).get(),
    counter_free: (h) => counters.remove(h),
    alloc: (len) => heap.alloc(len | 0),
    dealloc: (ptr, len) => heap.dealloc(ptr >>> 0, len | 0),
    grayscale(ptr, width, height) {
      ptr >>>= 0;
      const { status, len } = checkImage(ptr, width | 0, height | 0, size());
      if (status !== STATUS.ok) return status;
      grayscalePixels(bytes().subarray(ptr, ptr + len));
      return STATUS.ok;
    },
    blur(src, dst, width, height) {
      src >>>= 0;
      dst >>>= 0;
      const { status, len } = checkBlur(src, dst, width | 0, height | 0, size());
      if (status !== STATUS.ok) return status;
      const m = bytes();
      blurPixels(m.subarray(src, src + len), m.subarray(dst, dst + len), width | 0, height | 0);
      return STATUS.ok;
    },
  };
}
