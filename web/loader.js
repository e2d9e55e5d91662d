// One loader for every core module of the wasm-rosetta contract, with the
// plain WebAssembly API (browser and Node alike). Nothing here knows which
// language made a module: it links only the imports the contract lists
// (contract/README.md, "Imports"), calls `_initialize` if exported, and
// wraps the exports in a small JS API that copies through alloc/dealloc.

import contract from "../target/web/contract.js";

/** The contract's function exports and status names, read from contract.toml
 *  (`just -f web/justfile build` writes it as target/web/contract.js). */
export const CONTRACT_FUNCTIONS = Object.entries(contract.exports)
  .filter(([, spec]) => (spec.kind ?? "func") === "func")
  .map(([name]) => name);
export const STATUS_NAMES = Object.fromEntries(Object.entries(contract.status).map(([name, code]) => [code, name]));

/** A non-zero status from grayscale or blur, as an exception. */
export class KernelError extends Error {
  constructor(op, status) {
    super(`${op} returned status ${status} (${STATUS_NAMES[status] ?? "unknown"})`);
    this.name = "KernelError";
    this.op = op;
    this.status = status;
  }
}

/** WASI proc_exit, or AssemblyScript's env.abort: the module stopped itself. */
export class ModuleExit extends Error {
  constructor(message, code) {
    super(message);
    this.name = "ModuleExit";
    this.code = code;
  }
}

// WASI preview 1 errno values (wasi_snapshot_preview1 witx).
const ESUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;
const ENOSYS = 52;

/**
 * WASI preview 1 with no capabilities, as the host links it: no arguments,
 * no environment, no directories (so no file descriptor but stdio). Clocks
 * and random work; writes to stdout/stderr go to `onOutput` line by line (a
 * Go panic says why there); every other call returns ENOSYS, and proc_exit
 * throws. `memory()` gives the instance's memory once it exists.
 */
function wasi(memory, onOutput) {
  const view = () => new DataView(memory().buffer);
  const decoder = new TextDecoder();
  const pending = { 1: "", 2: "" };
  const zeroPair = (countPtr, sizePtr) => {
    view().setUint32(countPtr, 0, true);
    view().setUint32(sizePtr, 0, true);
    return ESUCCESS;
  };
  const known = {
    args_sizes_get: zeroPair,
    environ_sizes_get: zeroPair,
    args_get: () => ESUCCESS,
    environ_get: () => ESUCCESS,
    clock_time_get(id, _precision, out) {
      // 0 realtime, 1 monotonic, 2/3 cpu time: all from the JS clocks, in ns.
      if (id < 0 || id > 3) return EINVAL;
      const ms = id === 0 ? Date.now() : performance.now();
      view().setBigUint64(out, BigInt(Math.round(ms * 1e6)), true);
      return ESUCCESS;
    },
    clock_res_get(id, out) {
      if (id < 0 || id > 3) return EINVAL;
      view().setBigUint64(out, 1000n, true);
      return ESUCCESS;
    },
    random_get(ptr, len) {
      const bytes = new Uint8Array(memory().buffer, ptr, len);
      for (let i = 0; i < len; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      return ESUCCESS;
    },
    fd_write(fd, iovs, iovsLen, nwritten) {
      if (fd !== 1 && fd !== 2) return EBADF;
      const v = view();
      let total = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + 8 * i, true);
        const len = v.getUint32(iovs + 8 * i + 4, true);
        pending[fd] += decoder.decode(new Uint8Array(memory().buffer, ptr, len));
        total += len;
      }
      const lines = pending[fd].split("\n");
      pending[fd] = lines.pop();
      for (const line of lines) onOutput(fd, line);
      v.setUint32(nwritten, total, true);
      return ESUCCESS;
    },
    sched_yield: () => ESUCCESS,
    proc_exit(code) {
      throw new ModuleExit(`the module called proc_exit(${code})`, code);
    },
  };
  return new Proxy(known, {
    get: (target, name) => target[name] ?? (() => ENOSYS),
  });
}

/** AssemblyScript's string at `ptr`: UTF-16LE, its byte length in the header word before it. */
function asString(memory, ptr) {
  if (!ptr) return "";
  const buffer = memory().buffer;
  const bytes = new DataView(buffer).getUint32(ptr - 4, true);
  return String.fromCharCode(...new Uint16Array(buffer.slice(ptr, ptr + (bytes & ~1))));
}

/**
 * The import object for `module`: only what the contract allows. Any other
 * import is an error that names it, before instantiation.
 */
export function contractImports(module, memory, { onOutput = () => {} } = {}) {
  const preview1 = wasi(memory, onOutput);
  const env = {
    abort(msg, file, line, col) {
      const where = `${asString(memory, file)}:${line}:${col}`;
      throw new ModuleExit(`abort: ${asString(memory, msg)} at ${where}`, 1);
    },
    emscripten_notify_memory_growth() {},
  };
  const provided = { wasi_snapshot_preview1: preview1, env };
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    const ok =
      imp.kind === "function" &&
      ((imp.module === "wasi_snapshot_preview1" && typeof preview1[imp.name] === "function") ||
        (imp.module === "env" && imp.name in env));
    if (!ok) {
      throw new WebAssembly.LinkError(
        `the module imports ${imp.module}.${imp.name} (${imp.kind}), which the contract does not provide`,
      );
    }
    (imports[imp.module] ??= {})[imp.name] = provided[imp.module][imp.name];
  }
  return imports;
}

/**
 * Compile (if needed) and instantiate a core module of the contract.
 * `source`: a Response or a promise of one (streaming compile), bytes, or a
 * WebAssembly.Module. Returns { module, instance, exports, api }.
 */
export async function instantiate(source, options = {}) {
  const module = await compile(source);
  let memory = null;
  const imports = contractImports(module, () => memory, options);
  const instance = await WebAssembly.instantiate(module, imports);
  const exports = instance.exports;
  const missing = CONTRACT_FUNCTIONS.filter((n) => typeof exports[n] !== "function");
  if (!(exports.memory instanceof WebAssembly.Memory)) missing.unshift("memory");
  if (missing.length) throw new TypeError(`the module does not export ${missing.join(", ")}`);
  memory = exports.memory;
  if (typeof exports._initialize === "function") exports._initialize();
  return { module, instance, exports, api: wrap(exports) };
}

async function compile(source) {
  source = await source;
  if (source instanceof WebAssembly.Module) return source;
  if (typeof Response !== "undefined" && source instanceof Response) {
    if (!source.ok) throw new Error(`fetching ${source.url}: HTTP ${source.status}`);
    const type = source.headers.get("Content-Type") || "";
    if (WebAssembly.compileStreaming && type.startsWith("application/wasm")) {
      return WebAssembly.compileStreaming(source);
    }
    return WebAssembly.compile(await source.arrayBuffer());
  }
  return WebAssembly.compile(source);
}

/**
 * The JS API over a contract's exports (a module's, or fallback.js's):
 *   add(a, b)
 *   new Counter() / .increment() / .get() / .free()
 *   grayscale(pixels, width, height): in place, returns pixels
 *   blur(src, width, height, dst?): returns dst
 * Images are copied into buffers from the module's alloc and back out;
 * a non-zero status throws a KernelError.
 */
export function wrap(exports) {
  const bytes = () => new Uint8Array(exports.memory.buffer); // fresh: memory may grow
  const place = (len, from) => {
    if (len === 0) return 0; // the module then reports bad_dimensions itself
    const ptr = exports.alloc(len) >>> 0;
    if (ptr === 0) throw new RangeError(`alloc(${len}) returned 0: the module is out of memory`);
    if (from) bytes().set(from, ptr);
    return ptr;
  };
  const sizeCheck = (what, pixels, width, height) => {
    const len = width > 0 && height > 0 ? width * height * 4 : 0;
    if (pixels.length !== len && len !== 0) {
      throw new RangeError(`${what} has ${pixels.length} bytes, a ${width}x${height} RGBA image has ${len}`);
    }
    return Math.min(len, pixels.length);
  };

  class Counter {
    constructor() {
      this.handle = exports.counter_new();
      if (this.handle === 0) throw new RangeError("counter_new returned 0: the module is out of memory");
    }
    increment() {
      return exports.counter_increment(this.live());
    }
    get() {
      return exports.counter_get(this.live());
    }
    free() {
      exports.counter_free(this.handle);
      this.handle = 0;
    }
    live() {
      if (this.handle === 0) throw new Error("this Counter was freed");
      return this.handle;
    }
  }

  return {
    exports,
    add: (a, b) => exports.add(a | 0, b | 0),
    Counter,
    memoryBytes: () => exports.memory.buffer.byteLength,
    grayscale(pixels, width, height) {
      const len = sizeCheck("pixels", pixels, width, height);
      const ptr = place(len, pixels);
      try {
        const status = exports.grayscale(ptr, width, height);
        if (status !== 0) throw new KernelError("grayscale", status);
        pixels.set(bytes().subarray(ptr, ptr + len));
        return pixels;
      } finally {
        if (ptr) exports.dealloc(ptr, len);
      }
    },
    blur(src, width, height, dst = new Uint8Array(src.length)) {
      const len = sizeCheck("src", src, width, height);
      sizeCheck("dst", dst, width, height);
      const s = place(len, src);
      let d = 0;
      try {
        d = place(len);
        const status = exports.blur(s, d, width, height);
        if (status !== 0) throw new KernelError("blur", status);
        dst.set(bytes().subarray(d, d + len));
        return dst;
      } finally {
        if (s) exports.dealloc(s, len);
        if (d) exports.dealloc(d, len);
      }
    },
  };
}
