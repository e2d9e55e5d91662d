// Whatever is in ../build/assemblyscript/ (this test never builds): every
// module is valid WebAssembly for node's engine, has the .flags that made it,
// and imports at most `env.abort`, the one import asc adds; the components too.

import { it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dir = new URL("../../build/assemblyscript/", import.meta.url);
const builds = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".wasm")) : [];

if (builds.length === 0) it("no builds in build/assemblyscript/ to check", () => {});

for (const file of builds.sort()) {
  const name = file.slice(0, -".wasm".length);
  it(`${name}: valid, with its .flags, importing at most env.abort`, () => {
    const bytes = readFileSync(new URL(file, dir));
    assert.ok(WebAssembly.validate(bytes), "not valid WebAssembly");
    assert.ok(existsSync(new URL(`${name}.flags`, dir)), "no .flags");
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
    const names = imports.map((i) => `${i.module}.${i.name}`);
    assert.ok(
      names.every((n) => n === "env.abort"),
      `imports ${names}`,
    );
    // `--use abort=` removes even that one.
    const flags = readFileSync(new URL(`${name}.flags`, dir), "utf8");
    if (flags.includes("--use abort=")) assert.deepEqual(names, []);
  });
}

// The components (build/assemblyscript/component/), when wasm-tools is there
// to read them: each has its .flags, imports nothing, and exports exactly its
// world's interfaces.
const KERNEL = ["operations", "counters", "image"].map((i) => `rosetta:kernel/${i}@1.0.0`);
const WORLD_EXPORTS = { calculator: ["example:calc/operations"], kernel: KERNEL };
const components = new URL("component/", dir);
const skip = spawnSync("wasm-tools", ["--version"]).status === 0 ? false : "no wasm-tools";

for (const [world, exports] of Object.entries(WORLD_EXPORTS)) {
  const file = new URL(`${world}.wasm`, components);
  if (!existsSync(file)) continue;
  it(
    `component/${world}: with its .flags, importing nothing, exporting the world`,
    { skip },
    () => {
      assert.ok(existsSync(new URL(`${world}.flags`, components)), "no .flags");
      const wit = execFileSync("wasm-tools", ["component", "wit", fileURLToPath(file)]).toString();
      const root = wit.slice(wit.indexOf("world root {"), wit.indexOf("}"));
      assert.doesNotMatch(root, /import/, "imports something");
      const got = [...root.matchAll(/export ([^;]+);/g)].map((m) => m[1]);
      assert.deepEqual(got, exports);
    },
  );
}
