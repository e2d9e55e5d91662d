// Whatever is in ../build/assemblyscript/ (this test never builds): every
// module is valid WebAssembly for node's engine, has the .flags that made it,
// and imports at most `env.abort`, the one import asc adds.

import { it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";

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
