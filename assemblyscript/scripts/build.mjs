// Builds every target of asconfig.json (or those named) through
// ../scripts/rosetta-build, which writes the module, its .flags and the rest.
//
// asconfig.json is the one place where the builds are defined. Each target is
// spelled out here as plain asc flags, so that <build>.flags shows the real
// command rather than `--target tuned`; test/asconfig.test.mjs checks that
// the spelled-out flags mean exactly the target.
//
// The WASI command (wasi/command.ts, contract/README.md "WASI commands") is
// the one build that is not an asconfig.json target: a program, not the
// kernel module, built with @assemblyscript/wasi-shim's config. The
// components (`component`: component/calculator.ts and component/kernel.ts,
// the worlds of ../contract/wit/) are not targets either: their core module
// is built with the `tuned` target's flags plus the export-renaming transform,
// then `wasm-tools component embed` and `component new` wrap it.
//
// Usage: node scripts/build.mjs [target ... | command | component]

import { existsSync, readFileSync } from "node:fs";
import { spawnSync, execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const ENTRY = "assembly/exports.ts";
export const COMMAND = "wasi/command.ts";
export const WORLDS = ["calculator", "kernel"]; // component/<world>.ts, ../contract/wit/<world>/
// Names each canonical-ABI export (`@exportAs("...")`), which asc cannot spell.
export const TRANSFORM = "./component/export-as.mjs";
// The core modules inside the components (kept: their size is worth a look).
const CORE_DIR = "../target/assemblyscript/component";
// WASI for asc: `process` (argv, stderr, exit) on WASI imports, abort on stderr.
const SHIM = "node_modules/@assemblyscript/wasi-shim/asconfig.json";
const here = fileURLToPath(new URL("../", import.meta.url));
const config = JSON.parse(readFileSync(`${here}asconfig.json`, "utf8"));

/** The asc flags of one asconfig.json target (over its shared "options"). */
export function targetFlags(name) {
  const { optimize, optimizeLevel, shrinkLevel, ...rest } = {
    ...config.options,
    ...config.targets[name],
  };
  const flags = [];
  if (optimize) flags.push("--optimize");
  if (optimizeLevel !== undefined || shrinkLevel !== undefined) {
    // asc's own shorthands: -O3, -O3s, -Oz (= optimizeLevel 0, shrinkLevel 2), ...
    const level = optimizeLevel ?? 0;
    const shrink = ["", "s", "z"][shrinkLevel ?? 0];
    flags.push(level === 0 && shrink ? `-O${shrink}` : `-O${level}${shrink}`);
  }
  for (const [key, value] of Object.entries(rest)) {
    if (value === true) flags.push(`--${key}`);
    else if (Array.isArray(value)) for (const v of value) flags.push(`--${key}`, v);
    else if (value !== false) flags.push(`--${key}`, String(value));
  }
  return flags; // all shell-safe as they are (`--use abort=` has an empty value)
}

/** The WASI command into ../build/assemblyscript/wasi/command.wasm, PAM in and out. */
function buildCommand(env) {
  if (!existsSync(`${here}${SHIM}`)) {
    const why = "@assemblyscript/wasi-shim is not installed (run `just setup`)";
    rosettaBuild(["unavailable", "--kind", "wasi", "assemblyscript", "command", "--why", why], env);
    return;
  }
  const command = ["asc", COMMAND, "--config", SHIM, "--optimize", "--outFile", "{out}"];
  const kind = ["--kind", "wasi", "--format", "pam"];
  rosettaBuild(
    ["run", "--needs", "asc", ...kind, "assemblyscript", "command", "--", ...command],
    env,
  );
}

/** The asc flags of a component's core module: `tuned`'s (minimal runtime:
 *  TLSF frees every list; no `env.abort` import, which no world provides). */
export function componentFlags() {
  return [...targetFlags("tuned"), "--transform", TRANSFORM];
}

/** One world into ../build/assemblyscript/component/<world>.wasm. */
function buildComponent(world, env) {
  const core = `${CORE_DIR}/${world}.core.wasm`;
  const asc = ["asc", `component/${world}.ts`, ...componentFlags(), "--outFile", core];
  const embed = ["wasm-tools", "component", "embed", `../contract/wit/${world}`, "--world", world];
  const command = [
    ...["mkdir", "-p", CORE_DIR, "&&", ...asc],
    ...["&&", ...embed, core, "|", "wasm-tools", "component", "new", "-o", "{out}"],
  ];
  const needs = ["--needs", "asc", "--needs", "wasm-tools"];
  rosettaBuild(
    ["run", "--kind", "component", ...needs, "assemblyscript", world, "--", ...command],
    env,
  );
}

function rosettaBuild(args, env) {
  const { status } = spawnSync("../scripts/rosetta-build", args, { stdio: "inherit", env });
  if (status !== 0) process.exit(status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.chdir(here); // rosetta-build runs each command from this folder
  // `asc` as npm scripts see it: the pinned one in node_modules/.bin.
  const env = { ...process.env, PATH: `${here}node_modules/.bin:${process.env.PATH}` };
  const names =
    process.argv.length > 2
      ? process.argv.slice(2)
      : [...Object.keys(config.targets), "command", "component"];
  for (const name of names) {
    if (name === "command") {
      buildCommand(env);
      continue;
    }
    if (name === "component") {
      for (const world of WORLDS) buildComponent(world, env);
      continue;
    }
    if (!config.targets[name]) throw new Error(`no target ${name} in asconfig.json`);
    const command = ["asc", ENTRY, ...targetFlags(name), "--outFile", "{out}"];
    // (Options before LANG BUILD: after them, rosetta-build takes all as the command.)
    rosettaBuild(["run", "--needs", "asc", "assemblyscript", name, "--", ...command], env);
  }
  // toolchain.txt: asc, the Binaryen it optimizes with, node and wasm-tools, as installed.
  const tools = [`node=${process.version}`];
  try {
    const asc = execFileSync("asc", ["--version"], { env, encoding: "utf8" });
    const binaryen = createRequire(import.meta.url)("binaryen/package.json").version;
    tools.unshift(`asc=${asc.replace(/^Version /, "").trim()}`, `binaryen=${binaryen}`);
  } catch {
    // no asc: the builds say so in their .unavailable
  }
  try {
    const version = execFileSync("wasm-tools", ["--version"], { env, encoding: "utf8" });
    tools.push(`wasm-tools=${version.split(" ")[1]}`); // "wasm-tools 1.262.0 (e22db44da ...)"
  } catch {
    // no wasm-tools: the components say so in their .unavailable
  }
  rosettaBuild(["toolchain", "assemblyscript", ...tools], env);
}
