// The two JS-glue builds, as a page using them would load them, turned into
// the shapes the rest of web/ uses. Not the loader: loader.js loads core
// modules with nothing per toolchain; these rows come with their own glue.

import { CONTRACT_FUNCTIONS } from "./loader.js";

/**
 * Emscripten's MODULARIZE factory result as a contract exports object:
 * `_add` -> `add`, ...; the memory is whatever buffer HEAPU8 views now
 * (the glue replaces HEAPU8 when memory grows).
 */
export function emscriptenExports(m) {
  const exports = {
    memory: {
      get buffer() {
        return m.HEAPU8.buffer;
      },
    },
  };
  for (const name of CONTRACT_FUNCTIONS) exports[name] = m[`_${name}`];
  return exports;
}

/**
 * wasm-bindgen's `--target web` module (already initialised) as the page's
 * JS API: add, Counter (free() from wasm-bindgen), grayscale(pixels, w, h),
 * blur(src, w, h, dst?). Errors arrive as exceptions from the Rust side.
 */
export function bindgenApi(glue) {
  return {
    add: glue.add,
    Counter: glue.Counter,
    grayscale(pixels, width, height) {
      glue.grayscale(pixels, width, height);
      return pixels;
    },
    blur(src, width, height, dst = new Uint8Array(src.length)) {
      glue.blur(src, dst, width, height);
      return dst;
    },
  };
}
