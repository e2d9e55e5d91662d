// The contract (contract/README.md), checked on every build in
// ../build/assemblyscript/ with node's own WebAssembly engine.
// Run: npm test (after npm run build), or `just test`.

import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  builds, runtimeOf, instantiate, contractExports, signatures,
  refGrayscale, refBlur, randomImage, firstDifference, PAGE, CAP_BYTES,
} from "./harness.mjs";

const I32_MAX = 0x7fffffff, I32_MIN = -0x80000000;
const SHAPES = [[1, 1], [1, 9], [9, 1], [2, 2], [3, 3], [5, 4], [6, 3], [7, 5], [17, 13], [64, 64], [333, 77], [1023, 3]];

/** Copies an image into a fresh buffer of the module; returns its pointer. */
function put(m, img) {
  const ptr = m.alloc(img.length);
  assert.notEqual(ptr, 0, "alloc failed");
  m.u8().set(img, ptr);
  return ptr;
}
const get = (m, ptr, len) => m.u8().slice(ptr, ptr + len);
const sameBytes = (actual, expected, width, what) => {
  const diff = firstDifference(actual, expected, width);
  assert.equal(diff, null, `${what}: ${diff}`);
};

// The one 4K image shared by every build (its reference is computed once).
const K4 = { width: 3840, height: 2160 };

for (const build of builds()) {
  const runtime = runtimeOf(build);

  describe(`${build.name} (${build.flags.replace(/ --outFile.*/, "")})`, () => {
    it("exports the contract's names and signatures, and imports at most env.abort", () => {
      const { imports, exports } = signatures(build.bytes);
      for (const [name, want] of Object.entries(contractExports())) {
        assert.ok(exports[name], `missing export ${name}`);
        if (want.kind) assert.equal(exports[name].kind, want.kind, name);
        else assert.deepEqual(exports[name], { params: want.params, results: want.results }, name);
      }
      assert.ok(imports.every((i) => i === "env.abort"), `unexpected imports ${imports}`);
      // `--use abort=` removes the only import.
      if (build.flags.includes("--use abort=")) assert.deepEqual(imports, []);
    });

    it("add wraps like two's complement", () => {
      const m = instantiate(build);
      assert.equal(m.add(1, 2), 3);
      assert.equal(m.add(I32_MAX, 1), I32_MIN);
      assert.equal(m.add(I32_MIN, -1), I32_MAX);
      assert.equal(m.add(-1, -1), -2);
      assert.equal(m.add(0, 0), 0);
    });

    it("counters: many at once, independent, freed and reused, wrapping", () => {
      const m = instantiate(build);
      m.counter_free(0); // does nothing
      const handles = Array.from({ length: 200 }, () => m.counter_new());
      assert.ok(handles.every((h) => h !== 0));
      assert.equal(new Set(handles).size, handles.length, "handles are distinct");
      handles.forEach((h, i) => { for (let k = 0; k < i % 7; k++) m.counter_increment(h); });
      handles.forEach((h, i) => assert.equal(m.counter_get(h), i % 7));
      for (let i = 0; i < handles.length; i += 2) m.counter_free(handles[i]);
      for (let i = 0; i < handles.length; i += 2) {
        handles[i] = m.counter_new();
        assert.equal(m.counter_get(handles[i]), 0, "a new counter starts at 0");
      }
      handles.forEach((h, i) => assert.equal(m.counter_get(h), i % 2 ? i % 7 : 0));
      // Wrapping: `value` is Counter's first field, at the handle's address.
      const h = handles[1];
      new Int32Array(m.memory.buffer, h, 1)[0] = I32_MAX;
      assert.equal(m.counter_increment(h), I32_MIN);
      assert.equal(m.counter_get(h), I32_MIN);
      handles.forEach((x) => m.counter_free(x));
    });

    it("100,000 counter new/free cycles do not grow memory, and live objects survive them", () => {
      const m = instantiate(build);
      // Live counters and a buffer held only by the host across a lot of
      // allocation: with the incremental GC this is where unpinned objects
      // would be collected.
      const live = Array.from({ length: 1000 }, (_, i) => {
        const h = m.counter_new();
        for (let k = 0; k < i % 5; k++) m.counter_increment(h);
        return h;
      });
      const buf = put(m, randomImage(64, 64, 7));
      for (let i = 0; i < 1000; i++) m.counter_free(m.counter_new()); // warm-up
      const before = m.memory.buffer.byteLength;
      for (let i = 0; i < 100_000; i++) {
        const h = m.counter_new();
        m.counter_increment(h);
        m.counter_free(h);
      }
      const grown = m.memory.buffer.byteLength - before;
      assert.ok(grown <= 2 * PAGE, `memory grew by ${grown} bytes`);
      live.forEach((h, i) => assert.equal(m.counter_get(h), i % 5, "a live counter changed"));
      assert.deepEqual(get(m, buf, 64 * 64 * 4), randomImage(64, 64, 7), "a live buffer changed");
    });

    it("alloc: 0 for len <= 0 and past the 1 GiB cap, 8-byte aligned, buffers disjoint and stable", () => {
      const m = instantiate(build);
      for (const len of [0, -1, I32_MIN, I32_MAX, CAP_BYTES, CAP_BYTES - PAGE]) assert.equal(m.alloc(len), 0, `alloc(${len})`);
      m.dealloc(0, 16); // does nothing
      const blocks = [];
      for (let len = 1; len < 3000; len += 37) {
        const ptr = m.alloc(len);
        assert.ok(ptr !== 0 && ptr % 8 === 0, `alloc(${len}) = ${ptr}`);
        m.u8().fill(len & 0xff, ptr, ptr + len);
        blocks.push([ptr, len]);
      }
      for (const [ptr, len] of blocks) {
        assert.ok(m.u8().subarray(ptr, ptr + len).every((b) => b === (len & 0xff)), "blocks overlap");
      }
      for (const [ptr, len] of blocks.reverse()) m.dealloc(ptr, len);
    });

    it("alloc holds two 4K images, and freed buffers are reused", () => {
      const m = instantiate(build);
      const len = K4.width * K4.height * 4;
      const a = m.alloc(len), b = m.alloc(len);
      assert.ok(a && b && Math.abs(a - b) >= len);
      m.dealloc(b, len);
      m.dealloc(a, len);
      const before = m.memory.buffer.byteLength;
      for (let i = 0; i < 50; i++) {
        const src = m.alloc(len), dst = m.alloc(len);
        assert.ok(src && dst);
        m.dealloc(dst, len); // LIFO order: even the stub runtime reclaims this
        m.dealloc(src, len);
      }
      if (runtime !== "stub") {
        // TLSF really frees, in any order.
        for (let i = 0; i < 50; i++) {
          const src = m.alloc(len), dst = m.alloc(len);
          m.dealloc(src, len);
          m.dealloc(dst, len);
        }
      }
      assert.ok(m.memory.buffer.byteLength - before <= 2 * PAGE, "memory grew across alloc/dealloc cycles");
    });

    it("running out of memory returns 0 and never traps", () => {
      const m = instantiate(build);
      const held = [];
      for (let size = 64 << 20; size >= 64; size >>= 2) {
        for (let ptr; (ptr = m.alloc(size)) !== 0;) held.push([ptr, size]);
      }
      assert.ok(m.memory.buffer.byteLength <= CAP_BYTES, "memory past the cap");
      assert.ok(held.length > 0);
      // Counters too: 0 when out of memory, never a trap.
      const counters = [];
      for (let h; (h = m.counter_new()) !== 0 && counters.length < 1e6;) counters.push(h);
      assert.ok(counters.length < 1e6, "counter_new never ran out");
      counters.forEach((h) => m.counter_free(h));
      for (const [ptr, size] of held.reverse()) m.dealloc(ptr, size);
      if (runtime !== "stub") {
        // TLSF: everything freed is there to be used again, up to the cap.
        for (const size of [1 << 20, 64 << 20, 512 << 20]) {
          const ptr = m.alloc(size);
          assert.notEqual(ptr, 0, `alloc(${size}) after freeing everything`);
          m.dealloc(ptr, size);
        }
        assert.notEqual(m.counter_new(), 0);
      }
    });

    it("grayscale matches the reference on many shapes and unaligned pointers", () => {
      const m = instantiate(build);
      SHAPES.forEach(([w, h], i) => {
        const img = randomImage(w, h, 100 + i);
        for (const shift of [0, 1, 3]) {
          const ptr = m.alloc(img.length + 8);
          m.u8().set(img, ptr + shift);
          assert.equal(m.grayscale(ptr + shift, w, h), 0);
          sameBytes(get(m, ptr + shift, img.length), refGrayscale(img), w, `${w}x${h}+${shift}`);
          m.dealloc(ptr, img.length + 8);
        }
      });
    });

    it("blur matches the reference on many shapes", () => {
      const m = instantiate(build);
      SHAPES.forEach(([w, h], i) => {
        const img = randomImage(w, h, 200 + i);
        const src = put(m, img), dst = m.alloc(img.length);
        assert.equal(m.blur(src, dst, w, h), 0);
        sameBytes(get(m, dst, img.length), refBlur(img, w, h), w, `${w}x${h}`);
        assert.deepEqual(get(m, src, img.length), img, "src changed");
        m.dealloc(dst, img.length);
        m.dealloc(src, img.length);
      });
    });

    it("blur rounds every possible 3x3 sum (0..2295) exactly", () => {
      // Windows centred on x = 1, 4, 7, ... of row 1 share no pixels, so
      // each gets its own sum; every channel runs through all sums 0..2295.
      const SUMS = 2296, w = 3 * SUMS, h = 3;
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
      const m = instantiate(build);
      const src = put(m, img), dst = m.alloc(img.length);
      assert.equal(m.blur(src, dst, w, h), 0);
      sameBytes(get(m, dst, img.length), refBlur(img, w, h), w, "sums");
    });

    it("status codes, in order, with memory untouched on an error", () => {
      const m = instantiate(build);
      const img = randomImage(8, 8, 3), len = img.length;
      const a = put(m, img), b = put(m, img);
      const end = m.memory.buffer.byteLength;
      const snapshot = m.u8().slice();
      const cases = [
        // [what, call, code]
        ["width 0", () => m.grayscale(a, 0, 8), 1],
        ["height -1", () => m.grayscale(a, 8, -1), 1],
        ["width*height*4 = 2^31", () => m.grayscale(a, 65536, 8192), 1],
        ["i32 max dims", () => m.grayscale(a, I32_MAX, I32_MAX), 1],
        ["bad dims before null", () => m.grayscale(0, 0, 8), 1],
        ["null", () => m.grayscale(0, 8, 8), 2],
        ["past the end by 1", () => m.grayscale(end - len + 1, 8, 8), 2],
        ["pointer near 4 GiB", () => m.grayscale(-16, 8, 8), 2],
        ["blur bad dims first", () => m.blur(0, 0, 0, 0), 1],
        ["blur null src", () => m.blur(0, b, 8, 8), 2],
        ["blur null dst", () => m.blur(a, 0, 8, 8), 2],
        ["blur dst past end", () => m.blur(a, end - len + 1, 8, 8), 2],
        ["blur bounds before overlap", () => m.blur(end - 4, end - 4, 8, 8), 2],
        ["blur src == dst", () => m.blur(a, a, 8, 8), 3],
        ["blur dst overlaps src's last byte", () => m.blur(a, a + len - 1, 8, 8), 3],
        ["blur src overlaps dst's first byte", () => m.blur(a + 1, a, 8, 8), 3],
      ];
      for (const [what, call, code] of cases) assert.equal(call(), code, what);
      assert.deepEqual(m.u8(), snapshot, "memory changed on an error");
      // Adjacent buffers do not overlap.
      const c = m.alloc(2 * len);
      assert.equal(m.blur(c, c + len, 8, 8), 0);
      assert.equal(m.blur(c + len, c, 8, 8), 0);
      // The last bytes of memory are inside it (this scribbles over the
      // allocator's free space, so it comes last).
      assert.equal(m.grayscale(m.memory.buffer.byteLength - len, 8, 8), 0);
    });

    describe("4K", () => {
      let img, gray, blurred;
      before(() => {
        img = K4.img ??= randomImage(K4.width, K4.height, 4);
        gray = K4.gray ??= refGrayscale(img);
        blurred = K4.blurred ??= refBlur(img, K4.width, K4.height);
      });
      it("grayscale and blur of a 3840x2160 image", () => {
        const m = instantiate(build);
        const src = put(m, img), dst = m.alloc(img.length);
        assert.equal(m.blur(src, dst, K4.width, K4.height), 0);
        sameBytes(get(m, dst, img.length), blurred, K4.width, "blur 4K");
        assert.equal(m.grayscale(src, K4.width, K4.height), 0);
        sameBytes(get(m, src, img.length), gray, K4.width, "grayscale 4K");
      });
    });

    if (runtime === "incremental" && !build.flags.includes("--use abort=")) {
      it("a runtime error reaches the host through env.abort, readable", () => {
        const m = instantiate(build);
        const h = m.counter_new();
        m.counter_free(h);
        // Outside the contract (the host never frees twice): the collector
        // refuses to unpin an object that is not pinned, and says so.
        assert.throws(() => m.counter_free(h), /abort: Object is not pinned at ~lib\/rt\/itcms\.ts:\d+:\d+/);
      });
    }
  });
}
