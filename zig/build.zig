//! `zig build`: the same core builds as the justfile, for Zig's own build
//! system (`zig build` puts default.wasm, tuned.wasm and simd.wasm in
//! zig-out/bin/; `zig build test` runs the native unit tests). The justfile
//! calls `zig build-exe` directly instead, through ../scripts/rosetta-build, so
//! that each build's .flags is the one command line that made it.

const std = @import("std");

/// The contract's function exports (contract/contract.toml, `[exports]`).
const exports = [_][]const u8{
    "add",   "counter_new", "counter_increment", "counter_get", "counter_free",
    "alloc", "dealloc",     "grayscale",         "blur",
};

pub fn build(b: *std.Build) void {
    const wasm = b.resolveTargetQuery(.{ .cpu_arch = .wasm32, .os_tag = .freestanding });
    var simd_query: std.Target.Query = .{ .cpu_arch = .wasm32, .os_tag = .freestanding, .cpu_model = .{ .explicit = &std.Target.wasm.cpu.lime1 } };
    simd_query.cpu_features_add.addFeature(@backingInt(std.Target.wasm.Feature.simd128));
    const builds = [_]struct { name: []const u8, optimize: std.builtin.OptimizeMode, target: std.Build.ResolvedTarget }{
        .{ .name = "default", .optimize = .ReleaseFast, .target = wasm },
        .{ .name = "tuned", .optimize = .ReleaseSmall, .target = wasm },
        .{ .name = "simd", .optimize = .ReleaseFast, .target = b.resolveTargetQuery(simd_query) },
    };
    for (builds) |build_| {
        const module = b.createModule(.{
            .root_source_file = b.path("src/exports.zig"),
            .target = build_.target,
            .optimize = build_.optimize,
            .strip = true,
        });
        module.export_symbol_names = &exports;
        const exe = b.addExecutable(.{ .name = build_.name, .root_module = module });
        exe.entry = .disabled;
        b.installArtifact(exe);
    }

    const tests = b.addTest(.{ .root_module = b.createModule(.{
        .root_source_file = b.path("src/kernel.zig"),
        .target = b.graph.host,
    }) });
    b.step("test", "Run the native unit tests").dependOn(&b.addRunArtifact(tests).step);
}
