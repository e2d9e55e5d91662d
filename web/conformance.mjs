// The host's conformance suite (host/src/verify/checks.rs), under Node (V8),
// run against the JS fallback and against every core module in build/
// through loader.js. The checks themselves live in checks.js, shared with
// the browser playground, so every path gives the same verdict and message.
//
//   node --test web/conformance.mjs
//   ROSETTA_WEB_MAX_PIXELS=8294400 node --test ...   add the host's 4K case (default: up to 1080p)
//   ROSETTA_WEB_ONLY=rust node --test ...            only modules whose name contains "rust"

import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { instantiate, wrap, KernelError } from "./loader.js";
import { instantiateFallback, grayscalePixels, blurPixels } from "./fallback.js";
import { randomImage, ChaCha8 } from "./images.js";
import { CHECKS, configure, compare, kernelOf, referenceCases, refBlur, refGrayscale } from "./checks.js";
import { emscriptenExports, bindgenApi } from "./glue.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WEB_OUT = join(ROOT, "target", "web");
const BUILD = process.env.ROSETTA_BUILD_DIR || join(ROOT, "build");
const MAX_PIXELS = Number(process.env.ROSETTA_WEB_MAX_PIXELS || 1920 * 1080);
const ONLY = process.env.ROSETTA_WEB_ONLY || "";
const I32_MAX = 0x7fffffff;
const I32_MIN = -0x80000000;
configure({ maxPixels: MAX_PIXELS });

// ------------------------------------------------------------ the targets

/** `<build>.expect` beside a module: check -> { outcome, reason } (contract/README.md). */
function expectations(wasmPath) {
  const path = wasmPath.replace(/\.wasm$/, ".expect");
  const out = {};
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = line.match(/^(\S+) (fail|slow): (.+)$/);
    if (m) out[m[1]] = { outcome: m[2], reason: m[3] };
  }
  return out;
}

function coreModules() {
  if (!existsSync(BUILD)) return [];
  const out = [];
  for (const lang of readdirSync(BUILD).sort()) {
    const dir = join(BUILD, lang);
    let files;
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of files.filter((f) => f.endsWith(".wasm")).sort()) {
      const name = `${lang}/${f.replace(/\.wasm$/, "")}`;
      if (name.includes(ONLY)) out.push({ name, path: join(dir, f) });
    }
  }
  for (const lang of readdirSync(BUILD).sort()) {
    for (const f of safeList(join(BUILD, lang)).filter((f) => f.endsWith(".unavailable"))) {
      const why = readFileSync(join(BUILD, lang, f), "utf8").trim();
      console.log(`# skipped ${lang}/${f.replace(/\.unavailable$/, "")}: unavailable: ${why}`);
    }
  }
  return out;
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// ------------------------------------------------------------ the tests

describe("reference (hand-computed values, host/src/verify/reference.rs)", () => {
  test("grayscale of red, green, blue and white", () => {
    const img = {
      width: 4,
      height: 1,
      pixels: Uint8Array.of(255, 0, 0, 9, 0, 255, 0, 8, 0, 0, 255, 7, 255, 255, 255, 6),
    };
    assert.deepEqual([...refGrayscale(img)], [76, 76, 76, 9, 150, 150, 150, 8, 29, 29, 29, 7, 255, 255, 255, 6]);
  });
  test("a 1x1 image blurs to itself", () => {
    const img = { width: 1, height: 1, pixels: Uint8Array.of(10, 20, 30, 40) };
    assert.deepEqual([...refBlur(img)], [10, 20, 30, 40]);
  });
  test("blur replicates edges and rounds", () => {
    const img = { width: 2, height: 1, pixels: Uint8Array.of(0, 0, 0, 0, 9, 9, 9, 9) };
    assert.deepEqual([...refBlur(img)], [3, 3, 3, 3, 6, 6, 6, 6]);
  });
  test("images.js reproduces the host's ChaCha8 images", () => {
    // First bytes of host random_image(w, h, w*31+h), printed by rand_chacha 0.9.
    assert.deepEqual([...randomImage(1, 1, 32).pixels], [33, 114, 25, 78]);
    assert.deepEqual([...randomImage(31, 7, 968).pixels.subarray(0, 8)], [123, 145, 0, 157, 242, 199, 58, 97]);
    assert.deepEqual([...randomImage(64, 64, 2048).pixels.subarray(0, 4)], [198, 78, 159, 118]);
    const rng = new ChaCha8(1);
    assert.deepEqual([rng.nextI32(), rng.nextI32(), rng.nextI32()], [-1935405647, 1728662762, -66154901]);
  });
  test("fallback kernels equal the reference on every case", () => {
    for (const c of referenceCases()) {
      compare("fallback grayscale", c, c.gray, grayscalePixels(c.pixels.slice()));
      compare("fallback blur", c, c.blurred, blurPixels(c.pixels, new Uint8Array(c.pixels.length), c.width, c.height));
    }
  });
});

describe("loader API (on the fallback)", () => {
  const api = wrap(instantiateFallback());
  test("add and Counter", () => {
    assert.equal(api.add(I32_MAX, 1), I32_MIN);
    const a = new api.Counter();
    const b = new api.Counter();
    a.increment();
    a.increment();
    assert.equal(b.increment(), 1);
    assert.equal(a.get(), 2);
    a.free();
    assert.throws(() => a.get(), /freed/);
    b.free();
  });
  test("grayscale and blur copy through alloc and throw a KernelError on a status", () => {
    const img = randomImage(5, 4, 3);
    assert.deepEqual(api.grayscale(img.pixels.slice(), 5, 4), refGrayscale(img));
    assert.deepEqual(api.blur(img.pixels, 5, 4), refBlur(img));
    assert.throws(
      () => api.grayscale(new Uint8Array(0), 0, 4),
      (e) => e instanceof KernelError && e.status === 1,
    );
    assert.throws(
      () => api.blur(new Uint8Array(0), 4, 0),
      (e) => e instanceof KernelError && e.status === 1,
    );
    assert.throws(() => api.grayscale(new Uint8Array(3), 1, 1), RangeError);
  });
});

const targets = [{ name: "js/fallback", load: async () => instantiateFallback(), expect: {} }];
for (const m of coreModules()) {
  let compiled = null;
  targets.push({
    name: m.name,
    expect: expectations(m.path),
    load: async () => {
      compiled ??= await WebAssembly.compile(readFileSync(m.path));
      return (await instantiate(compiled, { onOutput: (fd, line) => console.log(`# ${m.name} fd${fd}: ${line}`) }))
        .exports;
    },
  });
}

// The Emscripten JS-glue build (target/web/emscripten): its raw exports are
// the contract's, so it takes the whole suite, through its own glue.
const emJs = join(WEB_OUT, "emscripten", "kernel.mjs");
if (existsSync(emJs) && !ONLY) {
  const wasmBinary = readFileSync(join(WEB_OUT, "emscripten", "kernel.wasm"));
  targets.push({
    name: "cpp/emscripten-glue (target/web)",
    expect: {},
    load: async () => emscriptenExports(await (await import(emJs)).default({ wasmBinary })),
  });
} else if (!ONLY) {
  console.log("# skipped cpp/emscripten-glue: not built (just -f web/justfile build)");
}

for (const t of targets) {
  describe(t.name, () => {
    before(() => referenceCases());
    for (const [name, check] of Object.entries(CHECKS)) {
      const e = t.expect[name];
      // `slow` is the host's instruction budget (Wasmtime fuel), which has no
      // counterpart here: such a check must simply pass. `fail` must fail.
      const label = e ? `${name} (expected ${e.outcome}: ${e.reason})` : name;
      test(label, async () => {
        const k = kernelOf(await t.load());
        if (e?.outcome === "fail") {
          assert.throws(() => check(k), "the check passed, but the build says it fails (a stale .expect)");
        } else {
          check(k);
        }
      });
    }
  });
}

// The wasm-bindgen build (target/web/bindgen): no raw pointers, so the same
// checks through its JS API, and every contract error as an exception.
// ROSETTA_WEB_BINDGEN_DIR: another build of the crate (`just -f web/justfile wasm-pack`).
const BG_DIR = process.env.ROSETTA_WEB_BINDGEN_DIR || join(WEB_OUT, "bindgen");
const bgJs = join(BG_DIR, "rosetta_kernel_bindgen.js");
if (existsSync(bgJs) && !ONLY) {
  describe(`rust/bindgen (${relative(ROOT, BG_DIR)}, wasm-bindgen JS API)`, () => {
    let api;
    before(async () => {
      const glue = await import(bgJs);
      await glue.default({ module_or_path: readFileSync(join(BG_DIR, "rosetta_kernel_bindgen_bg.wasm")) });
      api = bindgenApi(glue);
    });
    test("add", () => {
      const rng = new ChaCha8(1);
      const pairs = [
        [I32_MAX, 1],
        [I32_MIN, -1],
        [I32_MIN, I32_MIN],
        [-7, -8],
      ];
      for (let i = 0; i < 1000; i++) pairs.push([rng.nextI32(), rng.nextI32()]);
      for (const [a, b] of pairs) assert.equal(api.add(a, b), (a + b) | 0, `add(${a}, ${b})`);
    });
    test("counters: many at once, interleaved, freed, new ones at 0", () => {
      const rng = new ChaCha8(2);
      let live = Array.from({ length: 64 }, () => [new api.Counter(), 0]);
      const step = (n) => {
        for (let s = 0; s < n; s++) {
          const c = live[rng.nextU32() % live.length];
          c[1] = (c[1] + 1) | 0;
          assert.equal(c[0].increment(), c[1]);
        }
      };
      step(5000);
      live.filter((_, i) => i % 2).forEach(([c]) => c.free());
      live = live.filter((_, i) => i % 2 === 0);
      for (let i = 0; i < 32; i++) {
        const c = new api.Counter();
        assert.equal(c.get(), 0);
        live.push([c, 0]);
      }
      step(5000);
      for (const [c, want] of live) assert.equal(c.get(), want);
      live.forEach(([c]) => c.free());
    });
    test("grayscale and blur on every case", () => {
      for (const c of referenceCases()) {
        compare("grayscale", c, c.gray, api.grayscale(c.pixels.slice(), c.width, c.height));
        const src = c.pixels.slice();
        compare("blur", c, c.blurred, api.blur(src, c.width, c.height, new Uint8Array(src.length).fill(0xa5)));
        assert.deepEqual(src, c.pixels, `blur on ${c.label} changed its source`);
      }
    });
    test("every error is a readable exception, and nothing is written", () => {
      const px = randomImage(4, 3, 7).pixels;
      const errors = [
        ["width 0", () => api.grayscale(px, 0, 3), /^bad_dimensions \(status 1\)/],
        ["height -1", () => api.grayscale(px, 4, -1), /^bad_dimensions/],
        ["32768x16384", () => api.grayscale(px, 32768, 16384), /^bad_dimensions/],
        ["46341x46341", () => api.grayscale(px, 46341, 46341), /^bad_dimensions/],
        ["a buffer too short", () => api.grayscale(px.subarray(1), 4, 3), /^out_of_bounds \(status 2\)/],
        ["blur with height 0", () => api.blur(px, 4, 0), /^bad_dimensions/],
        ["blur into a short dst", () => api.blur(px, 4, 3, new Uint8Array(47)), /^out_of_bounds/],
      ];
      for (const [what, call, message] of errors) {
        const before = px.slice();
        assert.throws(call, (e) => e instanceof Error && message.test(e.message), what);
        assert.deepEqual(px, before, `${what} wrote to the image`);
      }
    });
  });
} else if (!ONLY) {
  console.log("# skipped rust/bindgen: not built (just -f web/justfile build)");
}
