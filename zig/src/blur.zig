//! The scalar blur, src -> dst, over byte slices, integers only.
//!
//! The shape is chosen for wasm (contract/README.md, "Fast structures"). Wasm
//! has no base+index addressing and Cranelift keeps few values in registers, so
//! a loop reading nine neighbours per byte spends its time on address counters
//! and stack spills. Here each pixel is read once per output row, as a `u32`,
//! its four channels spread into four 16-bit lanes of a `u64` (SWAR), and a row
//! slides three column sums along: three loads, a store and five live values
//! per pixel, and no divide.

const std = @import("std");
const simd = @import("simd.zig");

/// `(sum + 4) / 9 == (sum * DIV9_MUL + DIV9_ROUND) >> DIV9_SHIFT` for every
/// sum a 3x3 box can give (`0 ..= 9 * 255`); the proof is in the contract.
pub const DIV9_MUL: u32 = 3641;
pub const DIV9_ROUND: u32 = 16384;
pub const DIV9_SHIFT: u5 = 15;

/// The contract's rounded `/ 9`, as the multiply the fast code uses.
pub inline fn div9(sum: u32) u32 {
    return (sum * DIV9_MUL + DIV9_ROUND) >> DIV9_SHIFT;
}

/// A pixel's four bytes spread into the four 16-bit lanes of a `u64`.
pub inline fn widen(pixel: u32) u64 {
    var p: u64 = pixel;
    p = (p | p << 16) & 0x0000_FFFF_0000_FFFF;
    return (p | p << 8) & 0x00FF_00FF_00FF_00FF;
}

/// Four 16-bit lane sums (each at most 9 * 255) to a pixel of `div9` bytes.
/// The multiply needs more than 16 bits, so two lanes at a time go through
/// 32-bit lanes: channels 0 and 2, then 1 and 3.
pub inline fn narrow(sums: u64) u32 {
    const LANES: u64 = 0x0000_FFFF_0000_FFFF;
    // Bytes 0 and 4 hold channels 0 and 2, bytes 1 and 5 channels 1 and 3.
    const bytes = div9x2(sums & LANES) | div9x2((sums >> 16) & LANES) << 8;
    return @truncate(bytes | bytes >> 16);
}

/// `div9` of the two 32-bit lanes of a `u64` at once.
inline fn div9x2(two: u64) u64 {
    const ROUND: u64 = @as(u64, DIV9_ROUND) * 0x1_0000_0001;
    return ((two * DIV9_MUL + ROUND) >> DIV9_SHIFT) & 0x0000_00FF_0000_00FF;
}

/// 3x3 box blur with the border replicated; out = (sum + 4) / 9.
///
/// `src` -> `dst`, both `width * height * 4` bytes of RGBA8. `sum` is one
/// channel over the pixel's 3x3 neighbourhood, where a neighbour outside the
/// image is the nearest edge pixel. The lengths are asserted: checked in
/// Debug and ReleaseSafe, promised to the optimizer in ReleaseFast and ReleaseSmall.
pub fn blur(src: []const u8, dst: []u8, width: usize, height: usize) void {
    const stride = width * 4;
    std.debug.assert(src.len == stride * height and dst.len == src.len);
    if (src.len == 0) return; // an empty image
    if (simd.enabled and width >= 8) return simd.blurSimd(src, dst, width, height);

    // Clamping y to the image is "reuse the current row" at the top and bottom edges.
    for (0..height) |y| {
        const up = rowAt(src, stride, height, y -| 1);
        const mid = rowAt(src, stride, height, y);
        const down = rowAt(src, stride, height, y + 1);
        blurRow(.{ up, mid, down }, dst[y * stride ..][0..stride], 0);
    }
}

/// Row `y` of an image, clamped to the last row.
pub fn rowAt(image: []const u8, stride: usize, height: usize, y: usize) []const u8 {
    return image[@min(y, height - 1) * stride ..][0..stride];
}

/// Output pixels `from..` of one row, from its three source rows (all as long
/// as `out`). Pixel x needs the columns of x-1, x and x+1; walking right, each
/// column is summed once and slides from `right` to `here` to `left`.
pub fn blurRow(rows: [3][]const u8, out: []u8, from: usize) void {
    const width = out.len / 4;
    if (from >= width) return;
    // Columns from x = from - 1 (or 0 at the left edge, which is its own neighbour).
    var left = column(rows, from -| 1);
    var here = if (from == 0) left else column(rows, from);
    for (from..width) |x| {
        // Past the last column, the last pixel is its own right neighbour.
        const right = if (x + 1 < width) column(rows, x + 1) else here;
        std.mem.writeInt(u32, out[x * 4 ..][0..4], narrow(left + here + right), .little);
        left = here;
        here = right;
    }
}

/// Column `x` of three rows: each channel's sum, in the lanes of `widen`.
inline fn column(rows: [3][]const u8, x: usize) u64 {
    var sum: u64 = 0;
    inline for (rows) |row| sum += widen(std.mem.readInt(u32, row[x * 4 ..][0..4], .little));
    return sum;
}

const testing = std.testing;
const noise = @import("kernel.zig").noise;

/// The contract's blur, written the obvious way (clamp every coordinate).
fn blurReference(src: []const u8, dst: []u8, width: usize, height: usize) void {
    for (0..height) |y| for (0..width) |x| for (0..4) |c| {
        var sum: u32 = 0;
        for ([_]isize{ -1, 0, 1 }) |dy| for ([_]isize{ -1, 0, 1 }) |dx| {
            const sx: usize = @intCast(std.math.clamp(@as(isize, @intCast(x)) + dx, 0, @as(isize, @intCast(width)) - 1));
            const sy: usize = @intCast(std.math.clamp(@as(isize, @intCast(y)) + dy, 0, @as(isize, @intCast(height)) - 1));
            sum += src[(sy * width + sx) * 4 + c];
        };
        dst[(y * width + x) * 4 + c] = @intCast((sum + 4) / 9);
    };
}

test "div9 is exact for every sum" {
    for (0..9 * 255 + 1) |s| {
        const sum: u32 = @intCast(s);
        try testing.expectEqual((sum + 4) / 9, div9(sum));
    }
}

test "narrow divides every lane" {
    // A pixel's nine copies sum to 9 * channel in each lane: narrow gives it back.
    for (0..256) |v| {
        const b: u8 = @intCast(v);
        const pixel = std.mem.readInt(u32, &[4]u8{ b, 255 - b, b *% 7, b ^ 0x5A }, .little);
        try testing.expectEqual(pixel, narrow(widen(pixel) * 9));
    }
    // Each lane on its own, every sum: the lanes do not disturb each other.
    for (0..9 * 255 + 1) |s| {
        const sum: u64 = s;
        const expected: u8 = @intCast((sum + 4) / 9);
        for (0..4) |lane| {
            const shift: u6 = @intCast(16 * lane);
            const other: u6 = @intCast(16 * ((lane + 1) % 4));
            var bytes: [4]u8 = .{ 0, 0, 0, 0 };
            bytes[lane] = expected;
            var got: [4]u8 = undefined;
            std.mem.writeInt(u32, &got, narrow(sum << shift | @as(u64, 2295) << other), .little);
            try testing.expectEqual(expected, got[lane]);
            try testing.expectEqual(std.mem.readInt(u32, &bytes, .little), narrow(sum << shift));
        }
    }
}

test "blur of one pixel is itself" {
    const src = [_]u8{ 12, 34, 56, 78 };
    var dst: [4]u8 = @splat(0);
    blur(&src, &dst, 1, 1);
    try testing.expectEqualSlices(u8, &src, &dst);
}

test "a flat image stays flat" {
    var src: [5 * 4 * 4]u8 = undefined;
    for (0..5 * 4) |p| src[p * 4 ..][0..4].* = .{ 200, 100, 50, 255 };
    var dst: [src.len]u8 = @splat(0);
    blur(&src, &dst, 5, 4);
    try testing.expectEqualSlices(u8, &src, &dst);
}

test "known values of a 1x3 row" {
    // One row of three pixels; rows above and below are the row itself, so
    // each column counts three times.
    // x=0: 3*(0 + 0 + 90) = 270 -> (270+4)/9 = 30
    // x=1: 3*(0 + 90 + 180) = 810 -> 90
    // x=2: 3*(90 + 180 + 180) = 1350 -> 150
    const src = [_]u8{ 0, 0, 0, 0, 90, 0, 0, 0, 180, 0, 0, 0 };
    var dst: [12]u8 = @splat(1);
    blur(&src, &dst, 3, 1);
    try testing.expectEqualSlices(u8, &.{ 30, 0, 0, 0, 90, 0, 0, 0, 150, 0, 0, 0 }, &dst);
}

test "blur rounds half up" {
    // One non-zero value in the centre of a 3x3 image. With clamping, every
    // pixel's neighbourhood holds the centre exactly once.
    var src: [3 * 3 * 4]u8 = @splat(0);
    var dst: [src.len]u8 = @splat(0);
    src[4 * 4] = 5; // red of the centre pixel: (5 + 4) / 9 = 1
    blur(&src, &dst, 3, 3);
    for (0..9) |p| try testing.expectEqual(1, dst[p * 4]);
    src[4 * 4] = 4; // (4 + 4) / 9 = 0
    blur(&src, &dst, 3, 3);
    for (dst) |v| try testing.expectEqual(0, v);
}

test "blur matches the reference on many shapes" {
    var shapes: std.ArrayList([2]usize) = .empty;
    defer shapes.deinit(testing.allocator);
    try shapes.appendSlice(testing.allocator, &.{
        .{ 1, 1 },   .{ 2, 1 },  .{ 1, 2 },  .{ 2, 2 },  .{ 3, 1 },   .{ 1, 3 },
        .{ 3, 3 },   .{ 1, 17 }, .{ 17, 1 }, .{ 4, 5 },  .{ 5, 4 },   .{ 7, 3 },
        .{ 16, 16 }, .{ 31, 9 }, .{ 64, 2 }, .{ 2, 64 }, .{ 33, 35 },
    });
    for (1..21) |w| for (1..6) |h| try shapes.append(testing.allocator, .{ w, h });
    for (shapes.items, 0..) |shape, i| {
        const w, const h = shape;
        const src = try noise(testing.allocator, w * h * 4, 0xDEAD_BEEF ^ @as(u32, @intCast(i * 7919)));
        defer testing.allocator.free(src);
        const got = try testing.allocator.alloc(u8, src.len);
        defer testing.allocator.free(got);
        const want = try testing.allocator.alloc(u8, src.len);
        defer testing.allocator.free(want);
        @memset(got, 0xAB);
        blur(src, got, w, h);
        blurReference(src, want, w, h);
        try testing.expectEqualSlices(u8, want, got);
    }
}

test "extremes do not overflow" {
    const src: [6 * 5 * 4]u8 = @splat(255);
    var dst: [src.len]u8 = @splat(0);
    blur(&src, &dst, 6, 5);
    for (dst) |v| try testing.expectEqual(255, v);
}

test "an empty blur does nothing" {
    blur(&.{}, &.{}, 0, 5);
    blur(&.{}, &.{}, 5, 0);
}
