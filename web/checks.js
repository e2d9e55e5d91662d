// The host's conformance checks (host/src/verify/checks.rs) in plain
// JavaScript, for every path that runs them outside the host: under Node
// (conformance.mjs, `just verify-node`) and in the browser (the playground's
// worker, playground-worker.js). One copy, so a module gets the same verdict
// and the same message on every path. Inputs are the host's very images
// (images.js reproduces its ChaCha8 generator); outputs are held against a
// reference written, like host/src/verify/reference.rs, straight from the
// contract's formulas, and must be bit-identical.

import { STATUS } from "./fallback.js";
import { cases, randomImage, ChaCha8 } from "./images.js";

const I32_MAX = 0x7fffffff;
const I32_MIN = -0x80000000;

/** A check that did not hold; the message says what was expected and what came. */
export class CheckFailure extends Error {
  name = "CheckFailure";
}

/** The few assertions the checks need, with the message given, on any JS engine. */
const assert = {
  ok(value, message) {
    if (!value) throw new CheckFailure(message);
  },
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) throw new CheckFailure(message ?? `${actual} !== ${expected}`);
  },
  notEqual(actual, expected, message) {
    if (Object.is(actual, expected)) throw new CheckFailure(message ?? `${actual} === ${expected}`);
  },
  /** Arrays or typed arrays, element by element. */
  deepEqual(actual, expected, message) {
    const same = actual.length === expected.length && actual.every((v, i) => Object.is(v, expected[i]));
    if (!same) throw new CheckFailure(message ?? "the arrays differ");
  },
};

/** The largest test image, in pixels: 1080p unless told (the host's 4K case is 8294400). */
let maxPixels = 1920 * 1080;
export function configure({ maxPixels: max }) {
  if (max !== maxPixels) CASES = null;
  maxPixels = max;
}

// ------------------------------------------------------------ the reference

/** The 4 channels of pixel (x, y), with coordinates clamped into the image (replicate border). */
function pixelClamped(img, x, y) {
  const cx = Math.min(Math.max(x, 0), img.width - 1);
  const cy = Math.min(Math.max(y, 0), img.height - 1);
  const i = (cy * img.width + cx) * 4;
  return img.pixels.subarray(i, i + 4);
}

/** y = (19595 R + 38470 G + 7471 B + 32768) >> 16; alpha kept. */
export function refGrayscale(img) {
  const out = img.pixels.slice();
  for (let i = 0; i < out.length; i += 4) {
    const y = (19595 * out[i] + 38470 * out[i + 1] + 7471 * out[i + 2] + 32768) >>> 16;
    out[i] = out[i + 1] = out[i + 2] = y;
  }
  return out;
}

/** 3x3 box blur of all four channels, replicate border, (sum + 4) / 9 (integer division). */
export function refBlur(img) {
  const out = new Uint8Array(img.pixels.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const sums = [0, 0, 0, 0];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const p = pixelClamped(img, x + dx, y + dy);
          for (let c = 0; c < 4; c++) sums[c] += p[c];
        }
      }
      const i = (y * img.width + x) * 4;
      for (let c = 0; c < 4; c++) out[i + c] = Math.floor((sums[c] + 4) / 9);
    }
  }
  return out;
}

/** The first pixel where two images differ, for failure messages (or null). */
function firstDifference(width, expected, actual) {
  if (expected.length !== actual.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] !== actual[i]) {
      const p = i >> 2;
      const px = (a) => `[${[...a.subarray(p * 4, p * 4 + 4)].join(", ")}]`;
      return `first differing pixel at (x=${p % width}, y=${Math.floor(p / width)}): expected RGBA ${px(expected)}, got ${px(actual)}`;
    }
  }
  return null;
}

// The cases with their reference outputs, made once (the 4K blur takes seconds).
let CASES = null;
export function referenceCases() {
  CASES ??= cases({ maxPixels }).map((c) => ({ ...c, gray: refGrayscale(c), blurred: refBlur(c) }));
  return CASES;
}

// ------------------------------------------------------------ the checks
// Each gets a fresh instance (`k`), like the host's: exports, memory size, read, write.

export function kernelOf(exports) {
  return {
    x: exports,
    memorySize: () => exports.memory.buffer.byteLength,
    read: (ptr, len) => new Uint8Array(exports.memory.buffer, ptr >>> 0, len).slice(),
    write: (ptr, bytes) => new Uint8Array(exports.memory.buffer).set(bytes, ptr >>> 0),
  };
}

function checkAdd(k) {
  const fixed = [
    [0, 0],
    [1, 2],
    [-1, 1],
    [I32_MAX, 1],
    [I32_MIN, -1],
    [I32_MIN, I32_MIN],
    [-7, -8],
  ];
  const rng = new ChaCha8(1);
  for (let i = 0; i < 1000; i++) fixed.push([rng.nextI32(), rng.nextI32()]);
  for (const [a, b] of fixed) {
    const got = k.x.add(a, b);
    assert.equal(got, (a + b) | 0, `add(${a}, ${b}) returned ${got}, expected ${(a + b) | 0}`);
  }
}

function newCounter(k, live) {
  const h = k.x.counter_new();
  assert.notEqual(h, 0, `counter_new returned 0 (out of memory) with ${live.length} counters live`);
  assert.ok(!live.some(([l]) => l === h), `counter_new returned handle ${h}, which is still live`);
  return h;
}

function interleave(k, live, rng, steps) {
  for (let s = 0; s < steps; s++) {
    const c = live[rng.nextU32() % live.length];
    c[1] = (c[1] + 1) | 0;
    const got = k.x.counter_increment(c[0]);
    assert.equal(got, c[1], `counter_increment(${c[0]}) returned ${got}, expected ${c[1]}`);
  }
}

/** Many counters at once, interleaved, freed and reused: each is its own object. */
function checkCounters(k) {
  let live = [];
  for (let i = 0; i < 64; i++) live.push([newCounter(k, live), 0]);
  const rng = new ChaCha8(2);
  interleave(k, live, rng, 5000);
  const freed = live.filter((_, i) => i % 2 === 1);
  live = live.filter((_, i) => i % 2 === 0);
  for (const [h] of freed) k.x.counter_free(h);
  k.x.counter_free(0); // freeing the null handle must do nothing
  for (let i = 0; i < 32; i++) {
    const h = newCounter(k, live);
    assert.equal(k.x.counter_get(h), 0, `a new counter (handle ${h}) does not start at 0`);
    live.push([h, 0]);
  }
  interleave(k, live, rng, 5000);
  for (const [h, want] of live) assert.equal(k.x.counter_get(h), want, `counter ${h} holds the wrong value`);
}

/** 100,000 new/free cycles after as long a warm-up: memory may grow by at most 2 pages. */
function checkCounterCycles(k) {
  const BOUND = 2 * 65536;
  const cycle = () => {
    const h = k.x.counter_new();
    assert.notEqual(h, 0, "counter_new returned 0");
    k.x.counter_increment(h);
    k.x.counter_free(h);
  };
  for (let i = 0; i < 100_000; i++) cycle();
  const before = k.memorySize();
  for (let i = 0; i < 100_000; i++) cycle();
  const grew = k.memorySize() - before;
  assert.ok(grew <= BOUND, `memory grew by ${grew} bytes over 100,000 counter new/free cycles (bound ${BOUND})`);
}

const pattern = (len, tag) => Uint8Array.from({ length: len }, (_, i) => (i * 31 + tag) & 0xff);

function allocBlock(k, len, live, tag) {
  const p = k.x.alloc(len) >>> 0;
  assert.notEqual(p, 0, `alloc(${len}) returned 0`);
  assert.equal(p % 8, 0, `alloc(${len}) returned ${p}, not 8-byte aligned`);
  assert.ok(p + len <= k.memorySize(), `alloc(${len}) returned ${p}, past the end of memory`);
  for (const [q, qlen] of live) {
    assert.ok(p + len <= q || q + qlen <= p, `alloc(${len}) at ${p} overlaps a live block at ${q}`);
  }
  k.write(p, pattern(len, tag));
  return [p, len];
}

function checkPatterns(k, blocks) {
  for (const [p, len] of blocks) {
    const bytes = k.read(p, len);
    assert.deepEqual(bytes, pattern(len, bytes[0]), `the ${len}-byte block at ${p} was overwritten while live`);
  }
}

function checkAlloc(k) {
  for (const len of [0, -1, I32_MIN]) assert.equal(k.x.alloc(len), 0, `alloc(${len}) must return 0`);
  let blocks = [];
  const sizes = [1, 7, 8, 13, 64, 1000, 65536, 1 << 20, 3, 4096];
  sizes.forEach((len, i) => blocks.push(allocBlock(k, len, blocks, i)));
  checkPatterns(k, blocks);
  const gone = blocks.filter((_, i) => i % 2 === 0);
  for (const [p, len] of gone) k.x.dealloc(p, len);
  blocks = blocks.filter((_, i) => i % 2 === 1);
  k.x.dealloc(0, 16); // must do nothing
  sizes.forEach((len, i) => blocks.push(allocBlock(k, len, blocks, 100 + i)));
  checkPatterns(k, blocks);
  // The host caps memory at 1 GiB; here the engine's own limit (4 GiB in V8)
  // or the module's maximum applies: 2 GiB must still be refused cleanly.
  const huge = k.x.alloc(I32_MAX);
  assert.equal(huge, 0, `alloc(i32::MAX) returned ${huge >>> 0}, expected 0`);
  assert.notEqual(k.x.alloc(1024), 0, "alloc(1024) failed after a refused huge alloc");
}

function place(k, bytes) {
  const p = k.x.alloc(bytes.length);
  assert.notEqual(p, 0, `alloc(${bytes.length}) returned 0`);
  k.write(p, bytes);
  return p;
}

export function compare(what, c, expected, actual) {
  const diff = firstDifference(c.width, expected, actual);
  assert.equal(diff, null, `${what} on ${c.label}: ${diff}`);
}

function checkGrayscale(k) {
  for (const c of referenceCases()) {
    const p = place(k, c.pixels);
    const status = k.x.grayscale(p, c.width, c.height);
    assert.equal(status, 0, `grayscale on ${c.label} returned status ${status}, expected 0`);
    compare("grayscale", c, c.gray, k.read(p, c.pixels.length));
    k.x.dealloc(p, c.pixels.length);
  }
}

function checkBlur(k) {
  for (const c of referenceCases()) {
    const len = c.pixels.length;
    const src = place(k, c.pixels);
    const dst = place(k, new Uint8Array(len).fill(0xa5));
    const status = k.x.blur(src, dst, c.width, c.height);
    assert.equal(status, 0, `blur on ${c.label} returned status ${status}, expected 0`);
    compare("blur", c, c.blurred, k.read(dst, len));
    assert.deepEqual(k.read(src, len), c.pixels, `blur on ${c.label} changed its source`);
    k.x.dealloc(src, len);
    k.x.dealloc(dst, len);
  }
}

/** Every status code, their order, and "on an error, memory is untouched". */
function checkErrors(k) {
  const img = randomImage(4, 3, 7);
  const len = img.pixels.length; // 48
  const both = new Uint8Array(2 * len);
  both.set(img.pixels);
  both.set(randomImage(4, 3, 8).pixels, len);
  const a = place(k, both);
  const b = a + len;
  const end = k.memorySize() | 0; // first byte past memory, as an i32
  const S = STATUS;
  const grayCases = [
    ["width 0", [a, 0, 3], S.badDimensions],
    ["height -1", [a, 4, -1], S.badDimensions],
    ["width -4", [a, -4, 3], S.badDimensions],
    ["32768x16384 (w*h*4 = 2^31 overflows i32)", [a, 32768, 16384], S.badDimensions],
    ["46341x46341 (w*h overflows i32)", [a, 46341, 46341], S.badDimensions],
    ["null with width 0 (dimensions are checked first)", [0, 0, 3], S.badDimensions],
    ["null pointer", [0, 4, 3], S.outOfBounds],
    ["one byte past the end of memory", [(end - len + 1) | 0, 4, 3], S.outOfBounds],
    ["pointer 0xFFFFFFF0 (wraps around)", [-16, 4, 3], S.outOfBounds],
    ["16384x32767 (fits i32, larger than memory)", [a, 16384, 32767], S.outOfBounds],
  ];
  for (const [what, [p, w, h], want] of grayCases) {
    assert.equal(k.x.grayscale(p, w, h), want, `grayscale with ${what}`);
    assert.deepEqual(k.read(a, both.length), both, `grayscale with ${what} wrote to memory`);
  }
  const blurCases = [
    ["width 0", [a, b, 0, 3], S.badDimensions],
    ["null src and dst with height 0 (dimensions first)", [0, 0, 4, 0], S.badDimensions],
    ["null src", [0, b, 4, 3], S.outOfBounds],
    ["null dst", [a, 0, 4, 3], S.outOfBounds],
    ["dst one byte past the end of memory", [a, (end - len + 1) | 0, 4, 3], S.outOfBounds],
    ["src past the end and src == dst (bounds before overlap)", [end, end, 4, 3], S.outOfBounds],
    ["src == dst", [a, a, 4, 3], S.overlap],
    ["dst overlapping the last byte of src", [a, b - 1, 4, 3], S.overlap],
    ["src overlapping the last byte of dst", [b - 1, a, 4, 3], S.overlap],
  ];
  for (const [what, [src, dst, w, h], want] of blurCases) {
    assert.equal(k.x.blur(src, dst, w, h), want, `blur with ${what}`);
    assert.deepEqual(k.read(a, both.length), both, `blur with ${what} wrote to memory`);
  }
  assert.equal(k.x.blur(a, b, 4, 3), S.ok, "blur into the adjacent buffer");
}

/** The seven checks by the host's names, each `(k) => void`, throwing a CheckFailure. */
export const CHECKS = {
  add: checkAdd,
  counters: checkCounters,
  "counter-cycles": checkCounterCycles,
  alloc: checkAlloc,
  grayscale: checkGrayscale,
  blur: checkBlur,
  errors: checkErrors,
};
