// Builds every target of asconfig.json into ../build/assemblyscript/.
//
// asconfig.json is the one place where builds are defined (`npx asc
// assembly/index.ts --target tuned` builds one of them by hand). This script
// spells each target out as plain command-line flags, runs exactly that
// command through asc's own API, and writes it beside the module as
// <target>.flags, so the tables show real flags rather than "--target tuned".
// test/asconfig.test.mjs checks that the spelled-out flags mean the same
// configuration as the target. Also writes toolchain.txt.
//
// Usage: node scripts/build.mjs [target ...]   (no argument: all targets)

import { readFile, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const here = new URL("../", import.meta.url);
process.chdir(fileURLToPath(here)); // asc resolves entry and outFile from here
const config = JSON.parse(await readFile(new URL("asconfig.json", here), "utf8"));
const ENTRY = "assembly/index.ts";

/** asc flags for one asconfig target (merged over the shared "options"). */
export function targetFlags(name) {
  const opts = { ...config.options, ...config.targets[name] };
  const flags = [];
  const { optimize, optimizeLevel, shrinkLevel, outFile, ...rest } = opts;
  if (optimize) flags.push("--optimize");
  if (optimizeLevel !== undefined || shrinkLevel !== undefined) {
    // asc's own shorthands: -O3, -O3s, -Oz (= optimizeLevel 0, shrinkLevel 2), ...
    const level = optimizeLevel ?? 0, shrink = ["", "s", "z"][shrinkLevel ?? 0];
    flags.push(level === 0 && shrink ? `-O${shrink}` : `-O${level}${shrink}`);
  }
  for (const [key, value] of Object.entries(rest)) {
    if (value === true) flags.push(`--${key}`);
    else if (Array.isArray(value)) for (const v of value) flags.push(`--${key}`, v);
    else if (value !== false) flags.push(`--${key}`, String(value));
  }
  return { flags, outFile };
}

async function build(name) {
  const { flags, outFile } = targetFlags(name);
  const argv = [ENTRY, ...flags, "--outFile", outFile];
  const { error } = await asc.main(argv, { stdout: process.stdout, stderr: process.stderr });
  if (error) throw new Error(`asc failed for target ${name}: ${error.message}`);
  // `--use abort=` has an empty value; everything else is shell-safe as is.
  const command = ["asc", ...argv].join(" ");
  await writeFile(new URL(outFile.replace(/\.wasm$/, ".flags"), here), command + "\n");
  console.log(`built ${outFile}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(config.targets);
  const outDir = new URL("../build/assemblyscript/", here);
  await mkdir(outDir, { recursive: true });
  for (const name of names) {
    if (!config.targets[name]) throw new Error(`no target ${name} in asconfig.json`);
    await build(name);
  }
  // toolchain.txt: one line per tool, as the tools report themselves.
  const require = createRequire(import.meta.url);
  const binaryen = require("binaryen/package.json").version; // the wasm optimizer asc runs
  await writeFile(new URL("toolchain.txt", outDir),
    `asc ${asc.version}\nbinaryen ${binaryen}\nnode ${process.version}\n`);
}
