// The contract's kernels written the obvious way (contract/README.md), and
// the helpers the tests share: test images, a byte-for-byte comparison, and
// asc compiling in memory. (node --test loads this file too: it has no tests
// of its own.)

import assert from "node:assert/strict";
import asc from "assemblyscript/asc";

/** Compile with asc in memory (`argv` as on the command line, with -o NAME.wasm). */
export async function compileInMemory(argv) {
  let wasm = null;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main(argv, {
    stdout: asc.createMemoryStream(),
    stderr,
    writeFile: (name, contents) => {
      if (name.endsWith(".wasm")) wasm = contents;
    },
  });
  assert.ifError(error ? new Error(`asc ${argv.join(" ")}: ${stderr}`) : null);
  return new WebAssembly.Module(wasm);
}

export function refGrayscale(img) {
  const out = Uint8Array.from(img);
  for (let i = 0; i < out.length; i += 4) {
    out[i] = out[i + 1] = out[i + 2] = refLuma(out[i], out[i + 1], out[i + 2]);
  }
  return out;
}

export function refBlur(img, width, height) {
  const out = new Uint8Array(img.length);
  const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
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
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** The contract's luma of one pixel. */
export const refLuma = (r, g, b) => (19595 * r + 38470 * g + 7471 * b + 32768) >>> 16;

/** Asserts equal bytes, naming the first differing pixel. */
export function sameImage(actual, expected, width, what) {
  const i = expected.findIndex((b, k) => actual[k] !== b);
  if (i < 0) return;
  const p = i >> 2;
  assert.fail(
    `${what}: pixel (${p % width}, ${Math.floor(p / width)}) channel ${i & 3}: ` +
      `got ${actual[i]}, want ${expected[i]}`,
  );
}
