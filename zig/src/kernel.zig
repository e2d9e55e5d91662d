//! The wasm-rosetta kernel in Zig (see contract/README.md): the library root.
//!
//! Two layers:
//! - plain Zig over slices and structs (`add`, `Counter`, `grayscale`, `blur`,
//!   `status`): what `zig test` checks natively;
//! - exports.zig, the wasm module's root, which turns the contract's raw
//!   `i32` offsets into slices after the checks of status.zig and then calls
//!   this layer. The WASI command (wasi/command.zig) and the components
//!   (component/) import this file too.

const std = @import("std");

pub const status = @import("status.zig");
pub const buffers = @import("buffers.zig");
pub const counter = @import("counter.zig");
pub const Counter = counter.Counter;
pub const grayscale = @import("grayscale.zig").grayscale;
pub const blur = @import("blur.zig").blur;

/// Two's-complement wrapping sum: `add(maxInt(i32), 1) == minInt(i32)`.
/// Plain `+` traps on overflow in safe builds; `+%` wraps in every mode.
pub fn add(a: i32, b: i32) i32 {
    return a +% b;
}

/// Test images: a tiny deterministic generator (xorshift32), shared by the
/// grayscale and blur tests. The caller frees the result.
pub fn noise(allocator: std.mem.Allocator, len: usize, seed: u32) ![]u8 {
    const bytes = try allocator.alloc(u8, len);
    var s = seed;
    for (bytes) |*b| {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        b.* = @intCast(s >> 24);
    }
    return bytes;
}

test "add edge cases" {
    const max = std.math.maxInt(i32);
    const min = std.math.minInt(i32);
    const cases = [_][3]i32{
        .{ 2, 3, 5 },      .{ 0, 0, 0 },      .{ -7, 7, 0 },     .{ -1, -1, -2 },
        .{ max, 1, min },  .{ min, -1, max }, .{ max, max, -2 }, .{ min, min, 0 },
        .{ min, max, -1 },
    };
    for (cases) |c| try std.testing.expectEqual(c[2], add(c[0], c[1]));
}

// Every file's tests run with this one: `zig test src/kernel.zig`.
test {
    _ = status;
    _ = buffers;
    _ = counter;
    _ = @import("grayscale.zig");
    _ = @import("blur.zig");
}
