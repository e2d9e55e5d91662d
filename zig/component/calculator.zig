//! The calculator world (contract/wit/calculator/calculator.wit) by hand: Zig
//! has no component bindings generator, so this file is the canonical ABI's
//! core side of the world. `add(s32, s32) -> s32` lowers to (i32, i32) -> i32,
//! exported under the name wit-bindgen uses, `example:calc/operations#add`:
//! `@export` takes any string as a symbol name. No memory traffic, so no
//! `cabi_realloc`. `wasm-tools component embed` and `component new` make the
//! component (justfile, `components`).

const kernel = @import("kernel");

fn add(a: i32, b: i32) callconv(.c) i32 {
    return kernel.add(a, b);
}

comptime {
    @export(&add, .{ .name = "example:calc/operations#add" });
}
