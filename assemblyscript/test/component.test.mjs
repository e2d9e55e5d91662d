// The components' core modules (component/calculator.ts, component/kernel.ts)
// on node's engine, with the canonical ABI played by hand: the export names,
// lists copied in through cabi_realloc, the result read from its return area
// and freed by the cabi_post_ export, the resource's handles. Compiled in
// memory with the build's own flags (scripts/build.mjs); the components
// themselves are `rosetta verify --components`' job.

import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { componentFlags } from "../scripts/build.mjs";
import { refGrayscale, refBlur, randomImage, sameImage, compileInMemory } from "./reference.mjs";

const PAGE = 65536;
const OPS = "rosetta:kernel/operations@1.0.0#";
const COUNTERS = "rosetta:kernel/counters@1.0.0#";
const IMAGE = "rosetta:kernel/image@1.0.0#";
const RESOURCES = "[export]rosetta:kernel/counters@1.0.0";

/** Every core export of the kernel world, as wit-bindgen names them
 *  (`wasm-tools component embed --dummy-names legacy`). */
const KERNEL_EXPORTS = [
  "memory",
  "cabi_realloc",
  `${OPS}add`,
  `${COUNTERS}[constructor]counter`,
  `${COUNTERS}[method]counter.increment`,
  `${COUNTERS}[method]counter.get`,
  `${COUNTERS}[dtor]counter`,
  `${IMAGE}grayscale`,
  `cabi_post_${IMAGE}grayscale`,
  `${IMAGE}blur`,
  `cabi_post_${IMAGE}blur`,
];

// error-code's cases
const BAD_DIMENSIONS = 0;
const OUT_OF_BOUNDS = 1;

/** component/<world>.ts compiled as scripts/build.mjs compiles it. */
function compile(world) {
  const baseDir = fileURLToPath(new URL("..", import.meta.url));
  return compileInMemory([
    `component/${world}.ts`,
    ...componentFlags(),
    "--baseDir",
    baseDir,
    "-o",
    `${world}.wasm`,
  ]);
}

/** A fresh kernel instance and the host's side of the canonical ABI. */
function kernel(module) {
  const table = new Map(); // the component's handles of its own resource: handle -> rep
  let nextHandle = 1;
  const imports = {
    [RESOURCES]: {
      "[resource-new]counter": (rep) => {
        table.set(nextHandle, rep);
        return nextHandle++;
      },
    },
  };
  const { exports: e } = new WebAssembly.Instance(module, imports);
  const rep = (handle) => {
    assert.ok(table.has(handle), `no handle ${handle}`);
    return table.get(handle);
  };
  return {
    e,
    pages: () => e.memory.buffer.byteLength / PAGE,
    add: (a, b) => e[`${OPS}add`](a, b),
    newCounter: () => e[`${COUNTERS}[constructor]counter`](),
    increment: (handle) => e[`${COUNTERS}[method]counter.increment`](rep(handle)),
    get: (handle) => e[`${COUNTERS}[method]counter.get`](rep(handle)),
    drop(handle) {
      const r = rep(handle);
      table.delete(handle);
      e[`${COUNTERS}[dtor]counter`](r);
    },
    /** `op(pixels, width, height)`: { ok: bytes } or { err: case }. */
    image(op, pixels, width, height) {
      const ptr = e.cabi_realloc(0, 0, 1, pixels.length);
      new Uint8Array(e.memory.buffer).set(pixels, ptr);
      const ret = e[`${IMAGE}${op}`](ptr, pixels.length, width, height);
      assert.equal(ret % 4, 0, "the return area is 4-byte aligned");
      const view = new DataView(e.memory.buffer);
      const discriminant = view.getUint8(ret);
      let result;
      if (discriminant === 0) {
        const [p, n] = [view.getUint32(ret + 4, true), view.getUint32(ret + 8, true)];
        result = { ok: new Uint8Array(e.memory.buffer, p, n).slice() };
      } else {
        assert.equal(discriminant, 1, "a result's discriminant is 0 or 1");
        result = { err: view.getUint8(ret + 4) };
      }
      e[`cabi_post_${IMAGE}${op}`](ret);
      return result;
    },
  };
}

const REFERENCE = { grayscale: refGrayscale, blur: refBlur };

describe("component calculator", () => {
  let module;
  before(async () => {
    module = await compile("calculator");
  });

  it("exports example:calc/operations#add and the memory, imports nothing", () => {
    const names = WebAssembly.Module.exports(module).map((x) => x.name);
    assert.deepEqual(names.sort(), ["example:calc/operations#add", "memory"]);
    assert.deepEqual(WebAssembly.Module.imports(module), []);
  });

  it("add wraps", () => {
    const { exports } = new WebAssembly.Instance(module, {});
    const add = exports["example:calc/operations#add"];
    assert.equal(add(2, 3), 5);
    assert.equal(add(0x7fffffff, 1), -0x80000000);
  });
});

describe("component kernel", () => {
  let module;
  before(async () => {
    module = await compile("kernel");
  });

  it("exports the kernel world's core names, imports only [resource-new]counter", () => {
    const names = WebAssembly.Module.exports(module).map((x) => x.name);
    assert.deepEqual(names.sort(), [...KERNEL_EXPORTS].sort());
    const imports = WebAssembly.Module.imports(module).map((x) => `${x.module} ${x.name}`);
    assert.deepEqual(imports, [`${RESOURCES} [resource-new]counter`]);
  });

  it("add", () => {
    const k = kernel(module);
    assert.equal(k.add(-7, 3), -4);
    assert.equal(k.add(-0x80000000, -1), 0x7fffffff);
  });

  it("counters: independent, start at 0, dropped ones reused", () => {
    const k = kernel(module);
    const [a, b] = [k.newCounter(), k.newCounter()];
    assert.equal(k.get(a), 0);
    assert.equal(k.increment(a), 1);
    assert.equal(k.increment(a), 2);
    assert.equal(k.get(b), 0);
    assert.equal(k.increment(b), 1);
    assert.equal(k.get(a), 2);
    k.drop(a);
    const c = k.newCounter();
    assert.equal(k.get(c), 0, "a new counter starts at 0, even in a recycled object");
    assert.equal(k.get(b), 1);
    const pages = k.pages();
    for (let i = 0; i < 100000; i++) {
      const h = k.newCounter();
      k.increment(h);
      k.drop(h);
    }
    assert.equal(k.pages(), pages, "100,000 constructor/drop cycles grew memory");
  });

  for (const op of ["grayscale", "blur"]) {
    it(`${op}: the reference's bytes, for every shape`, () => {
      const k = kernel(module);
      // prettier-ignore
      const shapes = [[1, 1], [1, 9], [9, 1], [2, 2], [3, 3], [5, 4], [7, 5], [17, 13], [64, 64], [333, 77]];
      shapes.forEach(([w, h], i) => {
        const img = randomImage(w, h, 500 + i);
        const { ok } = k.image(op, img, w, h);
        assert.ok(ok, `${w}x${h}: an error`);
        sameImage(ok, REFERENCE[op](img, w, h), w, `${w}x${h}`);
      });
    });

    it(`${op}: every error code, from dimensions and lengths alone`, () => {
      const k = kernel(module);
      const img = randomImage(4, 3, 7); // 48 bytes
      const cases = [
        [img, 0, 3, BAD_DIMENSIONS],
        [img, 4, 0, BAD_DIMENSIONS],
        [img, 32768, 16384, BAD_DIMENSIONS], // w * h * 4 = 2^31
        [img, 65536, 65536, BAD_DIMENSIONS], // w * h overflows u32
        [img, 0x80000000, 1, BAD_DIMENSIONS], // a u32 above i32's range
        [new Uint8Array(0), 0, 3, BAD_DIMENSIONS],
        [img.subarray(0, 47), 4, 3, OUT_OF_BOUNDS],
        [new Uint8Array(49), 4, 3, OUT_OF_BOUNDS],
        [new Uint8Array(0), 1, 1, OUT_OF_BOUNDS],
      ];
      for (const [pixels, w, h, want] of cases) {
        assert.deepEqual(k.image(op, pixels, w, h), { err: want }, `${pixels.length} B, ${w}x${h}`);
      }
    });

    it(`${op}: every list is freed (argument, result, and on errors)`, () => {
      const k = kernel(module);
      const img = randomImage(256, 256, 9); // 256 KiB: a leak shows in pages at once
      k.image(op, img, 256, 256);
      k.image(op, img, 255, 256);
      const pages = k.pages();
      for (let i = 0; i < 50; i++) {
        assert.ok(k.image(op, img, 256, 256).ok);
        assert.deepEqual(k.image(op, img, 255, 256), { err: OUT_OF_BOUNDS });
      }
      assert.equal(k.pages(), pages, "memory grew: a list was not freed");
    });
  }

  it("cabi_realloc: aligned blocks that grow in place or move, 0 bytes never allocated", () => {
    const { e } = kernel(module);
    for (const align of [1, 2, 4, 8, 16]) {
      assert.equal(e.cabi_realloc(0, 0, align, 0), align, "an empty list's pointer");
      const p = e.cabi_realloc(0, 0, align, 24);
      assert.equal(p % 16, 0);
      new Uint8Array(e.memory.buffer).set([1, 2, 3], p);
      const q = e.cabi_realloc(p, 24, align, 100000);
      assert.deepEqual([...new Uint8Array(e.memory.buffer, q, 3)], [1, 2, 3], "kept its bytes");
      assert.equal(e.cabi_realloc(q, 100000, align, 0), align, "shrunk to nothing: freed");
    }
  });
});
