// The playground's worker: compile AssemblyScript with asc in the browser,
// then run the host's checks (checks.js, the very ones `just verify-node`
// runs) on the module, each on a fresh instance through loader.js.
//
// asc is npm's `assemblyscript` package, as assemblyscript/package-lock.json
// pins it, with binaryen.js (Binaryen compiled to wasm) and long.js. Its ES
// modules import each other by bare name ("binaryen"), which a page resolves
// with an import map, but a worker cannot (workers take no import map); so
// each is fetched, its bare names rewritten to URLs, and imported from a Blob.

import { instantiate } from "./loader.js";
import { CHECKS, CheckFailure, kernelOf, referenceCases } from "./checks.js";

const NODE_MODULES = new URL("../assemblyscript/node_modules/", import.meta.url);
const SOURCES = new URL("../assemblyscript/assembly/", import.meta.url);

/** A module's text with each `from"NAME"` replaced by an URL, imported from a Blob. */
async function importRewritten(url, names) {
  let text = await (await fetch(url)).text();
  for (const [name, target] of Object.entries(names)) {
    const from = `from"${name}"`;
    if (!text.includes(from)) throw new Error(`${url} no longer imports "${name}" as expected (a new asc?)`);
    text = text.replaceAll(from, `from"${target}"`);
  }
  return URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
}

/** asc's main(), loaded once. */
let ascPromise = null;
function loadAsc() {
  ascPromise ??= (async () => {
    const binaryen = new URL("binaryen/index.js", NODE_MODULES).href;
    const long = new URL("long/index.js", NODE_MODULES).href;
    const compiler = await importRewritten(new URL("assemblyscript/dist/assemblyscript.js", NODE_MODULES), {
      binaryen,
      long,
    });
    const ascUrl = await importRewritten(new URL("assemblyscript/dist/asc.js", NODE_MODULES), {
      assemblyscript: compiler,
      binaryen,
    });
    return import(ascUrl);
  })();
  return ascPromise;
}

/** The kernel's own file (assemblyscript/assembly/NAME), or null. */
async function fetchSource(name) {
  const res = await fetch(new URL(name, SOURCES));
  return res.ok ? res.text() : null;
}

/**
 * Compile `files` (name -> source; a name not given is read from
 * assemblyscript/assembly/) from `entry` with the `default` build's flags.
 * Returns { binary, diagnostics }: binary is null when asc failed; diagnostics
 * is asc's text.
 */
async function compile(files, entry, flags) {
  const asc = await loadAsc();
  let binary = null;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main([entry, "--outFile", "module.wasm", ...flags], {
    readFile: async (name) => files[name] ?? (name.includes("/") ? null : await fetchSource(name)),
    writeFile: (name, contents) => {
      if (name.endsWith(".wasm")) binary = contents;
    },
    listFiles: () => [],
    stdout: asc.createMemoryStream(),
    stderr,
  });
  // asc's own messages, as on the command line: each with its file, line and a caret.
  const diagnostics = stderr.toString().trim();
  return {
    binary: error ? null : binary,
    diagnostics: error ? `${diagnostics}\n${error.message}`.trim() : diagnostics,
  };
}

/** Bytes after gzip (CompressionStream, as the page's worker measures). */
async function gzipSize(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** Every check on a fresh instance of the module: [{ check, ok, message }]. */
async function runChecks(module) {
  const results = [];
  for (const [check, run] of Object.entries(CHECKS)) {
    try {
      const { exports } = await instantiate(module);
      run(kernelOf(exports));
      results.push({ check, ok: true, message: "" });
    } catch (e) {
      // A CheckFailure says what it expected; anything else (a trap, a
      // missing export) is reported as the engine says it.
      const message = e instanceof CheckFailure ? e.message : `${e.name}: ${e.message}`;
      results.push({ check, ok: false, message });
    }
  }
  return results;
}

/** The reference builds' sizes (build/assemblyscript/BUILD.wasm), raw and gzip; null when not built. */
async function referenceSizes(builds) {
  const out = [];
  for (const build of builds) {
    const res = await fetch(new URL(`../build/assemblyscript/${build}.wasm`, import.meta.url));
    const bytes = res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
    out.push({ build, raw: bytes?.length ?? null, gzip: bytes ? await gzipSize(bytes) : null });
  }
  return out;
}

const handlers = {
  /** Load asc and make the test images, so the first check is quick. */
  async warm({ builds }) {
    await loadAsc();
    referenceCases();
    return { sizes: await referenceSizes(builds) };
  },
  async check({ files, entry, flags }) {
    const started = performance.now();
    const { binary, diagnostics } = await compile(files, entry, flags);
    const compileMs = performance.now() - started;
    if (!binary) return { compiled: false, diagnostics, compileMs };
    let module;
    try {
      module = await WebAssembly.compile(binary);
    } catch (e) {
      return { compiled: false, diagnostics: `${diagnostics}\nWebAssembly.compile: ${e.message}`.trim(), compileMs };
    }
    const results = await runChecks(module);
    return { compiled: true, diagnostics, compileMs, raw: binary.length, gzip: await gzipSize(binary), results };
  },
};

self.onmessage = async ({ data: { id, kind, ...args } }) => {
  try {
    self.postMessage({ id, ok: true, ...(await handlers[kind](args)) });
  } catch (e) {
    self.postMessage({ id, ok: false, error: `${e.name}: ${e.message}` });
  }
};
