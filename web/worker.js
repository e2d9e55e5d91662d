// One row of the page, in a Web Worker (a module worker): load one build,
// time it, hash its outputs, try add and counters, and post the results.
//
// Core modules go through loader.js (the one loader, nothing per language).
// The two JS-glue builds are loaded through their own glue, as a page using
// them would: wasm-bindgen's `--target web` module, Emscripten's MODULARIZE
// factory. Everything else is the same for every row.

import { instantiate, wrap } from "./loader.js";
import { instantiateFallback } from "./fallback.js";
import { testCard } from "./images.js";
import { bindgenApi, emscriptenExports } from "./glue.js";

const I32_MAX = 0x7fffffff;
const I32_MIN = -0x80000000;

/** The JS API of a row: add, Counter, grayscale(px, w, h), blur(src, w, h). */
async function load(row, output) {
  switch (row.kind) {
    case "fallback":
      return wrap(instantiateFallback());
    case "core":
      return (await instantiate(fetch(row.url), { onOutput: (fd, line) => output.push(`fd${fd}: ${line}`) })).api;
    case "bindgen": {
      const glue = await import(row.url);
      await glue.default({ module_or_path: row.wasmUrl });
      return bindgenApi(glue);
    }
    case "emscripten": {
      const factory = (await import(row.url)).default;
      const log = (line) => output.push(line);
      return wrap(emscriptenExports(await factory({ print: log, printErr: log })));
    }
    default:
      throw new Error(`unknown row kind ${row.kind}`);
  }
}

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const sha256 = async (bytes) => hex(await crypto.subtle.digest("SHA-256", bytes));

/** The smallest step performance.now() takes here: engines coarsen it unless the
 *  page is cross-origin isolated (serve.mjs sends COOP and COEP for that). */
function timerResolutionMs() {
  let best = Infinity;
  for (let i = 0; i < 20; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    best = Math.min(best, b - a);
  }
  return best;
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], samples: s.length };
}

/** Gzip size in the browser (CompressionStream), of the bytes at `url`. */
async function gzipSize(url) {
  if (typeof CompressionStream === "undefined") return null;
  const body = (await fetch(url)).body.pipeThrough(new CompressionStream("gzip"));
  return (await new Response(body).arrayBuffer()).byteLength;
}

/** A small picture for the canvas: the left half grayscale output, the right half blur output. */
function thumbnail(gray, blurred, width, height, tw) {
  const th = Math.max(1, Math.round((tw * height) / width));
  const out = new Uint8ClampedArray(tw * th * 4);
  for (let y = 0; y < th; y++) {
    const sy = Math.floor((y * height) / th);
    for (let x = 0; x < tw; x++) {
      const sx = Math.floor((x * width) / tw);
      const from = sx < width / 2 ? gray : blurred;
      const si = (sy * width + sx) * 4;
      out.set(from.subarray(si, si + 4), (y * tw + x) * 4);
    }
  }
  return { width: tw, height: th, pixels: out };
}

/** add and counters: several at once, incremented apart, freed; a new one starts at 0. */
function tryCalls(api) {
  const add = [api.add(2, 3), api.add(I32_MAX, 1), api.add(-7, -8)];
  const counters = [new api.Counter(), new api.Counter(), new api.Counter()];
  counters.forEach((c, i) => {
    for (let k = 0; k <= i; k++) c.increment();
  });
  const values = counters.map((c) => c.get());
  counters.forEach((c) => c.free());
  const fresh = new api.Counter();
  const freshValue = fresh.get();
  fresh.free();
  const ok = add[0] === 5 && add[1] === I32_MIN && add[2] === -15 && values.join() === "1,2,3" && freshValue === 0;
  return { add, counters: values, fresh: freshValue, ok };
}

self.onmessage = async ({ data }) => {
  const { row, width, height, reps, warmup } = data;
  const output = [];
  try {
    const card = testCard(width, height);
    const t0 = performance.now();
    const api = await load(row, output);
    const first = api.grayscale(card.pixels.slice(), width, height);
    const coldMs = performance.now() - t0;

    const timings = {};
    let gray = first;
    let blurred = null;
    for (const op of ["grayscale", "blur"]) {
      const samples = [];
      // The first `warmup` calls are not timed: an engine may still be tiering
      // the code up (a baseline compiler first, the optimizing one later).
      for (let r = -warmup; r < reps; r++) {
        const input = card.pixels.slice(); // not timed: grayscale works in place
        const t = performance.now();
        const out = op === "grayscale" ? api.grayscale(input, width, height) : api.blur(input, width, height);
        if (r >= 0) samples.push(performance.now() - t);
        if (op === "grayscale") gray = out;
        else blurred = out;
      }
      timings[op] = stats(samples);
    }
    const calls = tryCalls(api);
    const hashes = { grayscale: await sha256(gray), blur: await sha256(blurred) };
    const gzip = row.url ? await gzipSize(row.wasmUrl || row.url) : null;
    const glueGzip = row.wasmUrl ? await gzipSize(row.url) : null;
    const thumb = thumbnail(gray, blurred, width, height, 192);
    const timer = { resolutionMs: timerResolutionMs(), isolated: self.crossOriginIsolated === true };
    const result = { id: row.id, ok: true, coldMs, timings, timer, hashes, calls, gzip, glueGzip, thumb, output };
    self.postMessage(result, [thumb.pixels.buffer]);
  } catch (e) {
    self.postMessage({ id: row.id, ok: false, error: `${e?.name || "Error"}: ${e?.message || e}`, output });
  }
};
