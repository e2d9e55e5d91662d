// Every core module in build/ and the JS fallback under Node's V8, at 1080p,
// timed the way the host times Wasmtime (host/src/measure/bench.rs): the
// host bench's input image (seed 0xBE7C4 + width), buffers placed once, the
// input rewritten before every run (not timed), the export call alone timed,
// the output checked against the reference after every run, one warm-up run
// dropped. Writes target/web/v8.json:
//   [{ module: "rust/default" | "js/fallback", engine: "v8", op, size: "1920x1080",
//      ms: { median, min, max, samples } }]
// Builds with a .expect are skipped, as the host skips them.
//
//   node web/bench-v8.mjs            ROSETTA_WEB_REPS=11 (default), ROSETTA_WEB_ONLY=rust

import { readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { instantiate } from "./loader.js";
import { instantiateFallback, grayscalePixels, blurPixels } from "./fallback.js";
import { randomImage, benchSeed } from "./images.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUILD = join(ROOT, "build");
const REPS = Number(process.env.ROSETTA_WEB_REPS || 11);
const ONLY = process.env.ROSETTA_WEB_ONLY || "";
const [W, H] = [1920, 1080];
const SIZE = `${W}x${H}`;

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], samples: s.length };
}

const input = randomImage(W, H, benchSeed(W)).pixels;
const expected = {
  grayscale: grayscalePixels(input.slice()),
  blur: blurPixels(input, new Uint8Array(input.length), W, H),
};
const same = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), b) === 0;

function timeOp(x, op) {
  const len = input.length;
  const src = x.alloc(len) >>> 0;
  const dst = x.alloc(len) >>> 0;
  if (!src || !dst) throw new Error(`alloc(${len}) returned 0`);
  const want = Buffer.from(expected[op].buffer);
  const samples = [];
  for (let rep = 0; rep <= REPS; rep++) {
    new Uint8Array(x.memory.buffer).set(input, src);
    const t = performance.now();
    const status = op === "grayscale" ? x.grayscale(src, W, H) : x.blur(src, dst, W, H);
    const dt = performance.now() - t;
    if (status !== 0) throw new Error(`${op} returned status ${status}`);
    const out = new Uint8Array(x.memory.buffer, op === "grayscale" ? src : dst, len);
    if (!same(out, want)) throw new Error(`${op} ${SIZE} gave a wrong answer while timed`);
    if (rep > 0) samples.push(dt); // rep 0 is the warm-up
  }
  x.dealloc(src, len);
  x.dealloc(dst, len);
  return stats(samples);
}

const targets = [{ module: "js/fallback", load: async () => instantiateFallback() }];
for (const lang of existsSync(BUILD) ? readdirSync(BUILD).sort() : []) {
  let files = [];
  try {
    files = readdirSync(join(BUILD, lang)).sort();
  } catch {
    continue;
  }
  for (const f of files.filter((f) => f.endsWith(".wasm"))) {
    const module = `${lang}/${f.replace(/\.wasm$/, "")}`;
    const path = join(BUILD, lang, f);
    if (!module.includes(ONLY)) continue;
    if (existsSync(path.replace(/\.wasm$/, ".expect"))) {
      console.log(`${module.padEnd(40)} skipped: has a .expect (not benchmarked, as on the host)`);
      continue;
    }
    targets.push({ module, load: async () => (await instantiate(readFileSync(path))).exports });
  }
}

const results = [];
for (const t of targets) {
  for (const op of ["grayscale", "blur"]) {
    const x = await t.load(); // a fresh instance for each op
    const ms = timeOp(x, op);
    results.push({ module: t.module, engine: "v8", op, size: SIZE, ms });
    const f = (v) => v.toFixed(2).padStart(8);
    console.log(`${t.module.padEnd(40)} ${op.padEnd(9)} median ${f(ms.median)} ms  (${f(ms.min)} – ${f(ms.max)})`);
  }
}
mkdirSync(join(ROOT, "target", "web"), { recursive: true });
writeFileSync(join(ROOT, "target", "web", "v8.json"), JSON.stringify(results, null, 2) + "\n");
console.log(`web: target/web/v8.json: ${results.length} timings (node ${process.version}, V8 ${process.versions.v8})`);
