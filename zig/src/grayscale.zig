//! The scalar grayscale over a byte slice, integers only.
//!
//! Two pixels at a time in one `u64` (SWAR, "SIMD within a register"): each
//! weight is multiplied once for both pixels, in two 32-bit lanes. The loop
//! reads 8-byte array pointers (`pixels[i..][0..8]`), so each access is one
//! 64-bit load with the bounds known at compile time.

const std = @import("std");
const simd = @import("simd.zig");

// ITU-R 601-2 luma in 16-bit fixed point (contract/README.md).
// The weights add up to 65536; ROUND, half of it, rounds to nearest.
const R_WEIGHT: u32 = 19595;
const G_WEIGHT: u32 = 38470;
const B_WEIGHT: u32 = 7471;
const ROUND: u32 = 32768;

/// Luma of one pixel: `(19595*R + 38470*G + 7471*B + 32768) >> 16`.
/// The largest sum is 255 * 65536 + 32768, so `u32` never overflows and the
/// result is at most 255.
pub inline fn luma(r: u8, g: u8, b: u8) u8 {
    return @intCast((R_WEIGHT * r + G_WEIGHT * g + B_WEIGHT * b + ROUND) >> 16);
}

/// Two RGBA pixels in one little-endian `u64` (pixel 0 in the low half) to
/// their grays. Each channel is masked into a 32-bit lane; a weighted sum
/// stays below 2^25, so no carry crosses into the other pixel's lane.
pub inline fn grayPair(pair: u64) u64 {
    const LOW_BYTES: u64 = 0x0000_00FF_0000_00FF;
    const sum = ((pair >> 0) & LOW_BYTES) * R_WEIGHT +
        ((pair >> 8) & LOW_BYTES) * G_WEIGHT +
        ((pair >> 16) & LOW_BYTES) * B_WEIGHT +
        @as(u64, ROUND) * 0x1_0000_0001;
    const y = (sum >> 16) & LOW_BYTES;
    // y <= 255, so y * 0x010101 is y in bytes 0, 1 and 2 of each lane; alpha is kept.
    return (y * 0x0001_0101) | (pair & 0xFF00_0000_FF00_0000);
}

/// In-place grayscale over RGBA8 (`len = width * height * 4`): R = G = B = luma,
/// alpha unchanged. Trailing bytes that do not make a whole pixel are left alone.
pub fn grayscale(pixels: []u8) void {
    // With wasm SIMD, four pixels at a time first (simd.zig); the loops do the rest.
    // `simd.enabled` is known at compile time: the scalar builds compile no SIMD.
    const rest = if (simd.enabled) pixels[simd.grayscaleSimd(pixels)..] else pixels;

    var i: usize = 0;
    while (i + 8 <= rest.len) : (i += 8) {
        const pair = rest[i..][0..8];
        std.mem.writeInt(u64, pair, grayPair(std.mem.readInt(u64, pair, .little)), .little);
    }
    if (i + 4 <= rest.len) {
        const px = rest[i..][0..4];
        @memset(px[0..3], luma(px[0], px[1], px[2]));
    }
}

const testing = std.testing;
const noise = @import("kernel.zig").noise;

test "grayscale known values" {
    var px = [_]u8{
        0, 0, 0, 255, // black
        255, 255, 255, 0, // white (alpha 0 stays 0)
        255, 0, 0, 7, // red:   (19595*255 + 32768) >> 16 = 76
        0, 255, 0, 8, // green: (38470*255 + 32768) >> 16 = 150
        0, 0, 255, 9, // blue:  (7471*255 + 32768) >> 16 = 29
        10, 20, 30, 40, // (195950 + 769400 + 224130 + 32768) >> 16 = 18
        128, 128, 128, 128, // a gray stays itself
    };
    grayscale(&px);
    try testing.expectEqualSlices(u8, &.{
        0,  0,  0,  255, 255, 255, 255, 0,  76,  76,  76,  7,   150, 150, 150, 8,
        29, 29, 29, 9,   18,  18,  18,  40, 128, 128, 128, 128,
    }, &px);
}

test "grayscale: every gray is fixed and alpha kept" {
    var px: [256 * 4]u8 = undefined;
    for (0..256) |v| px[v * 4 ..][0..4].* = .{ @intCast(v), @intCast(v), @intCast(v), @intCast(255 - v) };
    const expected = px;
    grayscale(&px);
    try testing.expectEqualSlices(u8, &expected, &px);
}

test "grayscale matches the formula on noise" {
    // Odd pixel counts exercise any vector loop's tail.
    for ([_]usize{ 0, 1, 3, 4, 5, 15, 16, 17, 33, 1000 }) |pixels| {
        const src = try noise(testing.allocator, pixels * 4, 0x9E37_79B9 ^ @as(u32, @intCast(pixels)));
        defer testing.allocator.free(src);
        const got = try testing.allocator.dupe(u8, src);
        defer testing.allocator.free(got);
        grayscale(got);
        for (0..pixels) |p| {
            const s = src[p * 4 ..][0..4];
            const y: u8 = @intCast((19595 * @as(u32, s[0]) + 38470 * @as(u32, s[1]) + 7471 * @as(u32, s[2]) + 32768) >> 16);
            try testing.expectEqualSlices(u8, &.{ y, y, y, s[3] }, got[p * 4 ..][0..4]);
        }
    }
}

test "grayPair is the luma of both pixels" {
    const bytes = try noise(testing.allocator, 8 * 4096, 0x1234_5678);
    defer testing.allocator.free(bytes);
    var i: usize = 0;
    while (i < bytes.len) : (i += 8) {
        const p = bytes[i..][0..8];
        var got: [8]u8 = undefined;
        std.mem.writeInt(u64, &got, grayPair(std.mem.readInt(u64, p, .little)), .little);
        const y0 = luma(p[0], p[1], p[2]);
        const y1 = luma(p[4], p[5], p[6]);
        try testing.expectEqualSlices(u8, &.{ y0, y0, y0, p[3], y1, y1, y1, p[7] }, &got);
    }
}

test "grayscale ignores a partial pixel" {
    var px = [_]u8{ 255, 0, 0, 1, 9, 9 };
    grayscale(&px);
    try testing.expectEqualSlices(u8, &.{ 76, 76, 76, 1, 9, 9 }, &px);
}
