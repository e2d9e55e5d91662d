// The flags scripts/build.mjs runs (and rosetta-build writes to <build>.flags)
// must mean exactly what the asconfig.json target says: asc's --showConfig
// prints the resolved options either way, and they must agree.

import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import asc from "assemblyscript/asc";
import { ENTRY, targetFlags } from "../scripts/build.mjs";

const config = JSON.parse(readFileSync(new URL("../asconfig.json", import.meta.url), "utf8"));

async function resolved(argv) {
  const out = asc.createMemoryStream();
  const { error } = await asc.main([...argv, "--showConfig"], { stdout: out, stderr: out });
  assert.ifError(error);
  const { options } = JSON.parse(out.toString());
  delete options.target;
  delete options.showConfig;
  if (options.optimize) {
    // --optimize is shorthand for these levels
    options.optimizeLevel ??= 3;
    options.shrinkLevel ??= 0;
    delete options.optimize;
  }
  return options;
}

for (const name of Object.keys(config.targets)) {
  it(`target ${name}: the written flags are the target`, async () => {
    const out = ["--outFile", "out.wasm"];
    assert.deepEqual(
      await resolved([ENTRY, ...targetFlags(name), ...out]),
      await resolved([ENTRY, "--target", name, ...out]),
    );
  });
}
