// The calculator world (contract/wit/calculator/calculator.wit) by hand:
// AssemblyScript has no component bindings generator, so this file is the
// canonical ABI's core side of the world. `add(s32, s32) -> s32` lowers to
// (i32, i32) -> i32, exported as `example:calc/operations#add`; no memory
// traffic, so no cabi_realloc. `wasm-tools component embed` and
// `component new` make the component (scripts/build.mjs).

import { add as kernelAdd } from "../assembly/exports";

/** The core module's add: wrapping i32 addition. */
@exportAs("example:calc/operations#add")
export function add(a: i32, b: i32): i32 {
  return kernelAdd(a, b);
}
