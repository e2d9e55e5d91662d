// Unit tests of status, counter, buffers, grayscale and blur: test/units.ts
// (the pure functions and kernels as exports) compiled in memory for each
// runtime and with SIMD, run on node's WebAssembly engine. The contract
// itself, export by export, is `rosetta verify`'s job.

import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  refGrayscale,
  refBlur,
  randomImage,
  refLuma,
  sameImage,
  compileInMemory,
} from "./reference.mjs";

const I32_MAX = 0x7fffffff;
const I32_MIN = -0x80000000;
const PAGE = 65536;
const CAP_PAGES = 16384; // the host's 1 GiB cap, set as the memory's maximum
const GIB4 = 2n ** 32n; // a full 32-bit memory, in bytes

// One compile of test/units.ts per runtime, plus SIMD on the default runtime.
const VARIANTS = {
  incremental: [],
  minimal: ["--runtime", "minimal"],
  stub: ["--runtime", "stub"],
  simd: ["--enable", "simd"],
};

const compiled = new Map();

/** test/units.ts compiled with these flags, once per set of flags. */
function compile(flags) {
  const key = flags.join(" ");
  if (!compiled.has(key)) compiled.set(key, compileNow(flags));
  return compiled.get(key);
}

function compileNow(flags) {
  const entry = relative(process.cwd(), fileURLToPath(new URL("units.ts", import.meta.url)));
  return compileInMemory([
    entry,
    ...flags,
    "--maximumMemory",
    String(CAP_PAGES),
    "-o",
    "units.wasm",
  ]);
}

/** A fresh instance; runtime errors (env.abort) become exceptions. */
function instantiate(module) {
  const env = {
    abort: () => {
      throw new Error("abort");
    },
  };
  const { exports } = new WebAssembly.Instance(module, { env });
  return { ...exports, u8: () => new Uint8Array(exports.memory.buffer) };
}

/** Copies bytes into a fresh buffer of the instance, at `shift` past an aligned start. */
function place(m, bytes, shift = 0) {
  const ptr = m.alloc(bytes.length + shift);
  assert.notEqual(ptr, 0, "alloc failed");
  m.u8().set(bytes, ptr + shift);
  return ptr + shift;
}

// prettier-ignore
const SHAPES = [[1, 1], [1, 9], [9, 1], [2, 2], [3, 3], [5, 4], [6, 3], [7, 5], [17, 13], [64, 64], [333, 77]];

/** Every width 1..20 with every height 1..5: each row tail (the SIMD blocks
 *  stop 4 to 7 pixels before the end) and odd and even row counts. */
const SMALL = Array.from({ length: 100 }, (_, i) => [1 + (i % 20), 1 + Math.floor(i / 20)]);

/** A pixel as the u32 the kernels load: channel 0 in the low byte. */
const pixelOf = (c0, c1, c2, c3) => (c0 | (c1 << 8) | (c2 << 16) | (c3 << 24)) >>> 0;

/** Four u16 lanes as the u64 (BigInt) that widen and narrow use. */
const lanesOf = (l) => l.reduce((acc, v, i) => acc | (BigInt(v) << BigInt(16 * i)), 0n);

for (const [variant, flags] of Object.entries(VARIANTS)) {
  describe(`units (${variant})`, () => {
    let module;
    before(async () => {
      module = await compile(flags);
    });

    describe("status", () => {
      it("codes are the contract's", () => {
        const m = instantiate(module);
        const codes = [m.OK, m.BAD_DIMENSIONS, m.OUT_OF_BOUNDS, m.OVERLAP].map((g) => g.value);
        assert.deepEqual(codes, [0, 1, 2, 3]);
      });

      it("imageLen: width * height * 4, or 0", () => {
        const { imageLen } = instantiate(module);
        assert.equal(imageLen(1, 1), 4);
        assert.equal(imageLen(3, 2), 24);
        assert.equal(imageLen(3840, 2160), 3840 * 2160 * 4);
        // prettier-ignore
        const bad = [[0, 1], [1, 0], [-1, 5], [5, -1], [I32_MIN, 1], [0, 0]];
        for (const [w, h] of bad) assert.equal(imageLen(w, h), 0, `${w}x${h}`);
        // The largest image that still fits: 4 * w * h <= 2^31 - 1.
        assert.equal(imageLen(1, Math.floor(I32_MAX / 4)), I32_MAX - 3);
        assert.equal(imageLen(1, Math.floor(I32_MAX / 4) + 1), 0);
        assert.equal(imageLen(32768, 16384), 0); // exactly 2^31
        assert.equal(imageLen(65536, 65536), 0); // 2^34: would wrap to 0 in i32
        assert.equal(imageLen(I32_MAX, I32_MAX), 0);
      });

      it("checkBuffer: non-null and wholly inside memory, without overflow", () => {
        const { checkBuffer } = instantiate(module);
        const mem = 2n * BigInt(PAGE);
        assert.equal(checkBuffer(0, 4, mem), 2, "null");
        assert.equal(checkBuffer(16, 4, mem), 0);
        assert.equal(checkBuffer(2 * PAGE - 4, 4, mem), 0, "the last bytes");
        assert.equal(checkBuffer(2 * PAGE - 3, 4, mem), 2, "one past the end");
        assert.equal(checkBuffer(16, 4, 0n), 2, "no memory");
        // A pointer near 4 GiB (i32 -16 is u32 2^32 - 16): no wrap-around.
        assert.equal(checkBuffer(-16, 16, GIB4), 0, "ends exactly at 4 GiB");
        assert.equal(checkBuffer(-16, 17, GIB4), 2, "past 4 GiB");
        assert.equal(checkBuffer(-16, I32_MAX, GIB4), 2);
      });

      it("checkNoOverlap: byte ranges sharing a byte, without overflow", () => {
        const { checkNoOverlap } = instantiate(module);
        assert.equal(checkNoOverlap(100, 100, 8), 3, "the same range");
        assert.equal(checkNoOverlap(100, 107, 8), 3, "b starts at a's last byte");
        assert.equal(checkNoOverlap(107, 100, 8), 3, "a starts at b's last byte");
        assert.equal(checkNoOverlap(100, 108, 8), 0, "adjacent");
        assert.equal(checkNoOverlap(108, 100, 8), 0, "adjacent, the other way");
        assert.equal(checkNoOverlap(-16, 0, 16), 0, "a ends at 4 GiB, b starts at 0");
        assert.equal(checkNoOverlap(-16, -8, 16), 3);
      });

      it("checkImage: dimensions, then the buffer", () => {
        const { checkImage } = instantiate(module);
        const mem = BigInt(PAGE);
        assert.equal(checkImage(16, 8, 8, mem), 0);
        assert.equal(checkImage(16, 0, 8, mem), 1);
        assert.equal(checkImage(0, 0, 8, mem), 1, "bad dimensions before null");
        assert.equal(checkImage(16, 65536, 8192, mem), 1, "2^31 bytes");
        assert.equal(checkImage(0, 8, 8, mem), 2, "null");
        assert.equal(checkImage(PAGE - 256, 8, 8, mem), 0, "the last 256 bytes");
        assert.equal(checkImage(PAGE - 255, 8, 8, mem), 2, "one past the end");
      });

      it("checkBlur: dimensions, src, dst, then overlap", () => {
        const { checkBlur } = instantiate(module);
        const mem = BigInt(PAGE),
          len = 256,
          end = PAGE;
        assert.equal(checkBlur(16, 16 + len, 8, 8, mem), 0);
        assert.equal(checkBlur(16 + len, 16, 8, 8, mem), 0);
        assert.equal(checkBlur(0, 0, 0, 0, mem), 1, "bad dimensions first");
        assert.equal(checkBlur(0, 16, 8, 8, mem), 2, "null src");
        assert.equal(checkBlur(16, 0, 8, 8, mem), 2, "null dst");
        assert.equal(checkBlur(16, end - len + 1, 8, 8, mem), 2, "dst past the end");
        assert.equal(checkBlur(end - 4, end - 4, 8, 8, mem), 2, "bounds before overlap");
        assert.equal(checkBlur(16, 16, 8, 8, mem), 3, "src == dst");
        assert.equal(checkBlur(16, 16 + len - 1, 8, 8, mem), 3, "dst on src's last byte");
        assert.equal(checkBlur(17, 16, 8, 8, mem), 3, "src on dst's last bytes");
      });
    });

    describe("counter", () => {
      it("starts at 0, increments, wraps; counters are independent", () => {
        const m = instantiate(module);
        const [a, b] = [m.newHandle(), m.newHandle()];
        assert.ok(a !== 0 && b !== 0 && a !== b);
        assert.equal(m.get(a), 0);
        assert.deepEqual([m.increment(a), m.increment(a), m.increment(a)], [1, 2, 3]);
        assert.equal(m.get(b), 0);
        m.setValue(b, I32_MAX);
        assert.equal(m.increment(b), I32_MIN);
        assert.equal(m.get(b), I32_MIN);
        assert.equal(m.get(a), 3);
        m.freeHandle(a);
        m.freeHandle(b);
      });

      it("a freed counter's memory comes back; a new counter starts at 0", () => {
        const m = instantiate(module);
        const live = Array.from({ length: 100 }, () => m.newHandle());
        live.forEach((h, i) => m.setValue(h, i));
        const h = m.newHandle();
        m.increment(h);
        m.freeHandle(h);
        const again = m.newHandle();
        assert.equal(m.get(again), 0);
        // The runtimes without a collector reuse the freed counter itself.
        if (variant === "minimal" || variant === "stub") assert.equal(again, h);
        m.freeHandle(again);
        const before = m.memory.buffer.byteLength;
        for (let i = 0; i < 100_000; i++) m.freeHandle(m.newHandle());
        assert.ok(m.memory.buffer.byteLength - before <= 2 * PAGE, "new/free cycles grew memory");
        live.forEach((x, i) => assert.equal(m.get(x), i, "a live counter changed"));
      });
    });

    describe("buffers", () => {
      it("alloc: 0 for len <= 0 and past the cap; 8-byte aligned, disjoint", () => {
        const m = instantiate(module);
        for (const len of [0, -1, I32_MIN, I32_MAX, 1 << 30])
          assert.equal(m.alloc(len), 0, `${len}`);
        m.dealloc(0, 16); // does nothing
        const blocks = [];
        for (let len = 1; len < 3000; len += 37) {
          const ptr = m.alloc(len);
          assert.ok(ptr !== 0 && ptr % 8 === 0, `alloc(${len}) = ${ptr}`);
          m.u8().fill(len & 0xff, ptr, ptr + len);
          blocks.push([ptr, len]);
        }
        for (const [ptr, len] of blocks) {
          assert.ok(
            m
              .u8()
              .subarray(ptr, ptr + len)
              .every((b) => b === (len & 0xff)),
            "overlap",
          );
        }
        for (const [ptr, len] of blocks.reverse()) m.dealloc(ptr, len);
      });

      // The TLSF bitmap test in buffers.ts reads the allocator's internals:
      // fill memory to the cap, and everything freed must be usable again.
      if (variant !== "simd") {
        it("out of memory returns 0, never traps; freed memory is used again", () => {
          const m = instantiate(module);
          const held = [];
          for (let size = 64 << 20; size >= 64; size >>= 2) {
            for (let ptr; (ptr = m.alloc(size)) !== 0;) held.push([ptr, size]);
          }
          assert.ok(held.length > 0);
          const counters = [];
          for (let h; (h = m.newHandle()) !== 0 && counters.length < 1e6;) counters.push(h);
          assert.ok(counters.length < 1e6, "newHandle never ran out");
          counters.forEach((h) => m.freeHandle(h));
          for (const [ptr, size] of held.reverse()) m.dealloc(ptr, size);
          if (variant === "stub") return; // a bump allocator takes back only the last block
          for (const size of [1 << 20, 64 << 20, 512 << 20]) {
            const ptr = m.alloc(size);
            assert.notEqual(ptr, 0, `alloc(${size}) after freeing everything`);
            m.dealloc(ptr, size);
          }
          assert.notEqual(m.newHandle(), 0);
        });
      }
    });

    describe("grayscale", () => {
      it("luma is the contract's formula", () => {
        const m = instantiate(module);
        // prettier-ignore
        const rgbs = [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 255, 0], [0, 0, 255], [1, 2, 3], [200, 100, 50]];
        for (const [r, g, b] of rgbs)
          assert.equal(m.luma(r, g, b), refLuma(r, g, b), `${r},${g},${b}`);
      });

      it("grayPair: both pixels of a u64 as luma does them, alpha kept", () => {
        const m = instantiate(module);
        const noise = randomImage(4096, 2, 7);
        for (let i = 0; i < noise.length; i += 8) {
          const px = noise.subarray(i, i + 8);
          const pair = BigInt.asUintN(64, m.grayPair(new BigUint64Array(px.slice().buffer)[0]));
          const want = [0, 4].map((k) => {
            const y = refLuma(px[k], px[k + 1], px[k + 2]);
            return BigInt(pixelOf(y, y, y, px[k + 3]));
          });
          assert.equal(pair, want[0] | (want[1] << 32n), `bytes ${px}`);
        }
      });

      it("matches the reference on many shapes and unaligned pointers", () => {
        const m = instantiate(module);
        [...SHAPES, ...SMALL].forEach(([w, h], i) => {
          const img = randomImage(w, h, 100 + i);
          for (const shift of [0, 1, 3]) {
            const ptr = place(m, img, shift);
            m.grayscale(ptr, img.length);
            sameImage(
              m.u8().subarray(ptr, ptr + img.length),
              refGrayscale(img),
              w,
              `${w}x${h}+${shift}`,
            );
          }
        });
      });

      it("every channel value, and nothing past len", () => {
        const m = instantiate(module);
        const img = new Uint8Array(256 * 4 + 4).map((_, i) => (i * 7 + (i >> 2)) & 0xff);
        const ptr = place(m, img);
        m.grayscale(ptr, 256 * 4);
        const out = m.u8().slice(ptr, ptr + img.length);
        sameImage(out.subarray(0, 256 * 4), refGrayscale(img.subarray(0, 256 * 4)), 256, "ramp");
        assert.deepEqual(
          out.subarray(256 * 4),
          img.subarray(256 * 4),
          "the pixel after len changed",
        );
      });
    });

    describe("blur", () => {
      it("div9(s) == (s + 4) / 9 for every 3x3 sum 0..2295", () => {
        const m = instantiate(module);
        for (let s = 0; s <= 9 * 255; s++) assert.equal(m.div9(s), Math.floor((s + 4) / 9), `${s}`);
      });

      it("widen puts the bytes in u16 lanes; narrow(widen(p) * 9) == p", () => {
        const m = instantiate(module);
        for (let v = 0; v < 256; v++) {
          const c = [v, 255 - v, (v * 7) & 0xff, (v * 13 + 5) & 0xff];
          const p = pixelOf(...c);
          assert.equal(BigInt.asUintN(64, m.widen(p)), lanesOf(c), `widen ${p}`);
          assert.equal(m.narrow(m.widen(p) * 9n) >>> 0, p, `narrow ${p}`);
        }
      });

      it("narrow divides each lane as div9 does", () => {
        const m = instantiate(module);
        const noise = randomImage(1000, 2, 11);
        for (let i = 0; i < noise.length; i += 8) {
          const sums = [0, 2, 4, 6].map((k) => ((noise[i + k] << 8) | noise[i + k + 1]) % 2296);
          const want = pixelOf(...sums.map((s) => Math.floor((s + 4) / 9)));
          assert.equal(m.narrow(lanesOf(sums)) >>> 0, want, `sums ${sums}`);
        }
      });

      it("blurRow does pixels from..width of a row and nothing before", () => {
        const m = instantiate(module);
        for (const w of [1, 2, 3, 9, 20]) {
          const img = randomImage(w, 3, 300 + w);
          const want = refBlur(img, w, 3).subarray(w * 4, w * 8);
          const src = place(m, img),
            dst = m.alloc(w * 4);
          for (let from = 0; from < w; from++) {
            m.u8().fill(0xee, dst, dst + w * 4);
            m.blurRow(src, src + w * 4, src + w * 8, dst, w, from);
            const row = m.u8().subarray(dst, dst + w * 4);
            assert.ok(
              row.subarray(0, from * 4).every((b) => b === 0xee),
              `${w} from ${from}`,
            );
            sameImage(row.subarray(from * 4), want.subarray(from * 4), w, `${w} from ${from}`);
          }
        }
      });

      it("matches the reference on many shapes; src is left alone", () => {
        const m = instantiate(module);
        [...SHAPES, ...SMALL].forEach(([w, h], i) => {
          const img = randomImage(w, h, 200 + i);
          const src = place(m, img),
            dst = m.alloc(img.length);
          m.blur(src, dst, w, h);
          sameImage(m.u8().subarray(dst, dst + img.length), refBlur(img, w, h), w, `${w}x${h}`);
          assert.deepEqual(m.u8().slice(src, src + img.length), img, "src changed");
        });
      });

      it("rounds every possible 3x3 sum (0..2295) exactly", () => {
        // Windows centred on x = 1, 4, 7, ... of row 1 share no pixels, so
        // each gets its own sum; every channel runs through all sums 0..2295
        // (this is what proves the SIMD divide by 9, simd.ts).
        const SUMS = 2296,
          w = 3 * SUMS,
          h = 3;
        const img = new Uint8Array(w * h * 4);
        for (let k = 0; k < SUMS; k++) {
          for (let ch = 0; ch < 4; ch++) {
            let rest = (k + ch * 577) % SUMS;
            for (let dy = 0; dy < 3; dy++) {
              for (let dx = 0; dx < 3; dx++) {
                const v = Math.min(255, rest);
                img[(dy * w + 3 * k + dx) * 4 + ch] = v;
                rest -= v;
              }
            }
          }
        }
        const m = instantiate(module);
        const src = place(m, img),
          dst = m.alloc(img.length);
        m.blur(src, dst, w, h);
        sameImage(m.u8().subarray(dst, dst + img.length), refBlur(img, w, h), w, "sums");
      });

      // The SIMD build's blur is blurSimd (blur.ts dispatches at compile
      // time): compare it with the scalar build's blur, byte for byte.
      if (variant === "simd") {
        it("blurSimd gives the scalar blur's bytes", async () => {
          const simd = instantiate(module);
          const scalar = instantiate(await compile(VARIANTS.incremental));
          // prettier-ignore
          const shapes = [...SMALL, [8, 2], [11, 7], [64, 3], [257, 67], [1023, 5], [1920, 9]];
          shapes.forEach(([w, h], i) => {
            const img = randomImage(w, h, 400 + i);
            const out = [simd, scalar].map((m) => {
              const src = place(m, img),
                dst = m.alloc(img.length);
              m.blur(src, dst, w, h);
              const bytes = m.u8().slice(dst, dst + img.length);
              m.dealloc(src, img.length);
              m.dealloc(dst, img.length);
              return bytes;
            });
            sameImage(out[0], out[1], w, `${w}x${h}`);
          });
        });
      }
    });
  });
}
