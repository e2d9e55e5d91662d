//! Status codes and the checks behind them: pure functions of plain numbers, tested natively.
//!
//! Each check returns an error union, Zig's `Result`: the length (or nothing)
//! on success, else one of the contract's errors. `try` chains them in
//! contract order and the first failure wins; `code` turns the outcome into
//! the number an export returns. The arithmetic is `u64` on purpose: `ptr +
//! len` of two 32-bit numbers cannot overflow 64 bits, so "does it fit" is a
//! plain comparison.

const std = @import("std");

/// The status codes returned by `grayscale` and `blur` (checked in this order).
pub const Status = enum(i32) {
    ok = 0,
    /// `width <= 0`, `height <= 0`, or `width * height * 4 > maxInt(i32)`.
    bad_dimensions = 1,
    /// A buffer is null or not wholly inside the current linear memory.
    out_of_bounds = 2,
    /// `blur`'s source and destination share a byte.
    overlap = 3,
};

/// The contract's errors, one per non-zero status.
pub const Error = error{ BadDimensions, OutOfBounds, Overlap };

/// Collapses a check's outcome into the code an export returns.
pub fn code(result: Error!usize) i32 {
    _ = result catch |err| return @backingInt(switch (err) {
        error.BadDimensions => Status.bad_dimensions,
        error.OutOfBounds => Status.out_of_bounds,
        error.Overlap => Status.overlap,
    });
    return @backingInt(Status.ok);
}

/// Byte length of a `width` x `height` RGBA8 image.
pub fn imageLen(width: i32, height: i32) Error!usize {
    if (width <= 0 or height <= 0) return error.BadDimensions;
    // Both are in 1..2^31-1, so the product of three fits in u64 easily.
    const len = @as(u64, @intCast(width)) * @as(u64, @intCast(height)) * 4;
    if (len > std.math.maxInt(i32)) return error.BadDimensions;
    return @intCast(len);
}

/// Checks that `[ptr, ptr + len)` is a non-null range inside a memory of
/// `memory_size` bytes. `ptr` is the wasm offset read as unsigned.
pub fn checkBuffer(ptr: u32, len: usize, memory_size: u64) Error!void {
    if (ptr == 0 or @as(u64, ptr) + @as(u64, len) > memory_size) return error.OutOfBounds;
}

/// Checks that `[a, a + len)` and `[b, b + len)` share no byte.
pub fn checkNoOverlap(a: u32, b: u32, len: usize) Error!void {
    const a64: u64, const b64: u64, const n: u64 = .{ a, b, len };
    if (a64 < b64 + n and b64 < a64 + n) return error.Overlap;
}

/// All of grayscale's checks, in contract order; the image's byte length.
pub fn checkImage(ptr: u32, width: i32, height: i32, memory_size: u64) Error!usize {
    const len = try imageLen(width, height);
    try checkBuffer(ptr, len, memory_size);
    return len;
}

/// All of blur's checks, in contract order: src, then dst, then overlap.
/// Each image's byte length.
pub fn checkBlur(src: u32, dst: u32, width: i32, height: i32, memory_size: u64) Error!usize {
    const len = try checkImage(src, width, height, memory_size);
    try checkBuffer(dst, len, memory_size);
    try checkNoOverlap(src, dst, len);
    return len;
}

const testing = std.testing;
const page: u64 = 65536;

test "codes match the contract" {
    try testing.expectEqual(0, code(12));
    try testing.expectEqual(1, code(error.BadDimensions));
    try testing.expectEqual(2, code(error.OutOfBounds));
    try testing.expectEqual(3, code(error.Overlap));
}

test "dimensions" {
    try testing.expectEqual(4, try imageLen(1, 1));
    try testing.expectEqual(24, try imageLen(3, 2));
    try testing.expectEqual(3840 * 2160 * 4, try imageLen(3840, 2160));
    const bad = [_][2]i32{ .{ 0, 1 }, .{ 1, 0 }, .{ -1, 5 }, .{ 5, -1 }, .{ std.math.minInt(i32), 1 }, .{ 0, 0 } };
    for (bad) |wh| try testing.expectError(error.BadDimensions, imageLen(wh[0], wh[1]));
    // The largest image that still fits: 4 * w * h <= 2^31 - 1.
    const max = std.math.maxInt(i32);
    try testing.expectEqual(max - 3, try imageLen(1, max / 4));
    try testing.expectError(error.BadDimensions, imageLen(1, max / 4 + 1));
    try testing.expectError(error.BadDimensions, imageLen(32768, 16384)); // exactly 2^31
    try testing.expectEqual(2147352576, try imageLen(32768, 16383));
    try testing.expectError(error.BadDimensions, imageLen(max, max));
}

test "buffer bounds" {
    const mem = 2 * page;
    try testing.expectError(error.OutOfBounds, checkBuffer(0, 4, mem));
    try checkBuffer(8, 4, mem);
    // Ends exactly at the end of memory: fine; one byte past: not.
    try checkBuffer(mem - 4, 4, mem);
    try testing.expectError(error.OutOfBounds, checkBuffer(mem - 3, 4, mem));
    // Offsets read as unsigned: a "negative" i32 is a huge offset, never wrapping.
    try testing.expectError(error.OutOfBounds, checkBuffer(@bitCast(@as(i32, -4)), 8, mem));
    try testing.expectError(error.OutOfBounds, checkBuffer(std.math.maxInt(u32), std.math.maxInt(i32), 1 << 32));
    // A full 4 GiB memory holds a buffer up to its very last byte.
    try checkBuffer(std.math.maxInt(u32) - 3, 4, 1 << 32);
}

test "overlap" {
    try checkNoOverlap(100, 200, 100); // touching, not sharing
    try checkNoOverlap(200, 100, 100);
    try testing.expectError(error.Overlap, checkNoOverlap(100, 199, 100));
    try testing.expectError(error.Overlap, checkNoOverlap(199, 100, 100));
    try testing.expectError(error.Overlap, checkNoOverlap(100, 100, 4));
    try checkNoOverlap(std.math.maxInt(u32) - 3, 8, 4);
}

test "checks run in contract order" {
    const mem = page;
    // Bad dimensions win over a null pointer.
    try testing.expectError(error.BadDimensions, checkImage(0, 0, 1, mem));
    try testing.expectError(error.OutOfBounds, checkImage(0, 1, 1, mem));
    try testing.expectEqual(16, try checkImage(16, 2, 2, mem));
    // Blur: dimensions, then src, then dst, then overlap.
    try testing.expectError(error.BadDimensions, checkBlur(0, 0, -1, 1, mem));
    try testing.expectError(error.OutOfBounds, checkBlur(0, 16, 2, 2, mem));
    try testing.expectError(error.OutOfBounds, checkBlur(16, mem, 2, 2, mem));
    // Overlapping AND dst out of bounds: out of bounds comes first.
    try testing.expectError(error.OutOfBounds, checkBlur(16, 30, 2, 2, 40));
    try testing.expectError(error.Overlap, checkBlur(16, 20, 2, 2, mem));
    try testing.expectEqual(16, try checkBlur(16, 32, 2, 2, mem));
}
