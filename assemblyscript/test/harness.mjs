// Shared pieces of the tests: finding the builds, instantiating one the way
// the host does, reading its signatures, and a plain reference of the kernels
// written from contract/README.md (not from the AssemblyScript code).

import { readFileSync, readdirSync, existsSync } from "node:fs";

export const BUILD_DIR = new URL("../../build/assemblyscript/", import.meta.url);
export const CONTRACT = new URL("../../contract/contract.toml", import.meta.url);
export const PAGE = 65536;
export const CAP_BYTES = 1 << 30; // the host's cap on linear memory

/** Every built module: { name, bytes, flags }. */
export function builds() {
  if (!existsSync(BUILD_DIR)) throw new Error(`no ${BUILD_DIR.pathname}: run \`just build\` first`);
  const names = readdirSync(BUILD_DIR).filter((f) => f.endsWith(".wasm")).map((f) => f.slice(0, -5)).sort();
  if (names.length === 0) throw new Error("no .wasm built: run `just build` first");
  return names.map((name) => ({
    name,
    bytes: readFileSync(new URL(`${name}.wasm`, BUILD_DIR)),
    flags: readFileSync(new URL(`${name}.flags`, BUILD_DIR), "utf8").trim(),
  }));
}

/** The runtime a build was compiled with (asc's default is incremental). */
export function runtimeOf(build) {
  return /--runtime (\w+)/.exec(build.flags)?.[1] ?? "incremental";
}

/** An AssemblyScript string in memory: UTF-16LE, byte length at ptr - 4. */
function readString(memory, ptr) {
  if (!ptr) return "null";
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return Buffer.from(memory.buffer, ptr, bytes).toString("utf16le");
}

/** The module's bytes with its memory's maximum set to `pages`. The host
 *  caps every instance at 1 GiB, so there `memory.grow` past it returns -1;
 *  node has no such cap, and this gives the same behaviour. */
export function withMemoryCap(bytes, pages) {
  const leb = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
  let pos = 8;
  const readLeb = () => { let r = 0, s = 0, b; do { b = bytes[pos++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  while (pos < bytes.length) {
    const start = pos, id = bytes[pos++], size = readLeb(), body = pos;
    if (id === 5) {
      if (readLeb() !== 1) throw new Error("expected one memory");
      const flags = bytes[pos++];
      if (flags !== 0) throw new Error("memory already has a maximum or is shared");
      const min = readLeb();
      const content = [...leb(1), 0x01, ...leb(min), ...leb(pages)]; // one memory; flags 1: has a max
      const section = Buffer.from([5, ...leb(content.length), ...content]);
      return Buffer.concat([bytes.subarray(0, start), section, bytes.subarray(body + size)]);
    }
    pos = body + size;
  }
  throw new Error("no memory section");
}

/** Instantiates a build with the only import the host offers it: `env.abort`,
 *  turned into a readable error; memory is capped at 1 GiB like the host's. */
export function instantiate(build) {
  let memory;
  const env = {
    abort(msg, file, line, col) {
      throw new Error(`abort: ${readString(memory, msg)} at ${readString(memory, file)}:${line}:${col}`);
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(withMemoryCap(build.bytes, CAP_BYTES / PAGE)), { env });
  memory = instance.exports.memory;
  if (instance.exports._initialize) instance.exports._initialize();
  return { ...instance.exports, memory, u8: () => new Uint8Array(memory.buffer) };
}

// --- contract.toml: just enough TOML for its [exports.NAME] tables ---------

export function contractExports() {
  const text = readFileSync(CONTRACT, "utf8");
  const exports = {};
  let current = null;
  for (const line of text.split("\n")) {
    const table = /^\[exports\.(\w+)\]/.exec(line);
    if (table) { current = exports[table[1]] = {}; continue; }
    if (/^\[/.test(line)) { current = null; continue; }
    const kv = /^(\w+)\s*=\s*(.*)$/.exec(line);
    if (current && kv) current[kv[1]] = JSON.parse(kv[2]);
  }
  return exports;
}

// --- the module's own imports, exports and signatures, from its bytes ------

export function signatures(bytes) {
  let pos = 8;
  const u8 = () => bytes[pos++];
  const leb = () => { let r = 0, s = 0, b; do { b = u8(); r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  const name = () => { const n = leb(); const s = bytes.subarray(pos, pos + n).toString("utf8"); pos += n; return s; };
  const VAL = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128" };
  const types = [], funcs = [], imports = [], exports = {};
  while (pos < bytes.length) {
    const id = u8(), size = leb(), end = pos + size;
    if (id === 1) {
      for (let n = leb(); n--;) {
        u8(); // 0x60
        const params = Array.from({ length: leb() }, () => VAL[u8()]);
        const results = Array.from({ length: leb() }, () => VAL[u8()]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = leb(); n--;) {
        const module = name(), field = name(), kind = u8();
        imports.push(`${module}.${field}`);
        if (kind === 0) funcs.push(types[leb()]);
        else { pos = end; break; } // only functions are expected; stop reading
      }
    } else if (id === 3) {
      for (let n = leb(); n--;) funcs.push(types[leb()]);
    } else if (id === 7) {
      for (let n = leb(); n--;) {
        const field = name(), kind = u8(), index = leb();
        exports[field] = kind === 0 ? { ...funcs[index] } : { kind: ["func", "table", "memory", "global"][kind] };
      }
    }
    pos = end;
  }
  return { imports, exports };
}

// --- reference kernels --------------------------------------------------------

export function refGrayscale(img) {
  const out = Uint8Array.from(img);
  for (let i = 0; i < out.length; i += 4) {
    const y = (19595 * out[i] + 38470 * out[i + 1] + 7471 * out[i + 2] + 32768) >>> 16;
    out[i] = out[i + 1] = out[i + 2] = y;
  }
  return out;
}

export function refBlur(img, width, height) {
  const out = new Uint8Array(img.length);
  const clamp = (v, hi) => (v < 0 ? 0 : v > hi ? hi : v);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < 4; ch++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            sum += img[(clamp(y + dy, height - 1) * width + clamp(x + dx, width - 1)) * 4 + ch];
          }
        }
        out[(y * width + x) * 4 + ch] = Math.floor((sum + 4) / 9);
      }
    }
  }
  return out;
}

/** Deterministic pseudo-random bytes (mulberry32). */
export function randomImage(width, height, seed) {
  const out = new Uint8Array(width * height * 4);
  let a = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** First index where two byte arrays differ, as a readable pixel position. */
export function firstDifference(actual, expected, width) {
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      const p = i >> 2;
      return `pixel (${p % width}, ${Math.floor(p / width)}) channel ${i & 3}: got ${actual[i]}, want ${expected[i]}`;
    }
  }
  return null;
}
