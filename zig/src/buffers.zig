//! Buffers for the host: raw memory from the same allocator as every Counter.
//!
//! Zig has no global allocator: code that allocates takes one, and this file
//! picks it once. On wasm it is `std.heap.wasm_allocator`, which grows linear
//! memory with `memory.grow` and answers `null` when that fails (the host caps
//! memory at 1 GiB): out of memory is an error value, never a trap. In the
//! native tests it is `std.testing.allocator`, which fails a test that leaks.
//!
//! The host owns a buffer from `alloc` until it calls `dealloc` with the same
//! length: a Zig allocator wants the whole slice (pointer and length) back on
//! free, which is why the contract passes `len` back.

const std = @import("std");
const builtin = @import("builtin");

/// The allocator behind every buffer and counter.
pub const allocator: std.mem.Allocator = if (builtin.is_test)
    std.testing.allocator
else
    std.heap.wasm_allocator;

/// Every `alloc` result is 8-byte aligned (`contract.toml`, `[alloc] align`).
const alignment: std.mem.Alignment = .@"8";

/// `len` bytes, 8-byte aligned, or null (for `len <= 0` too).
pub fn alloc(len: i32) ?[*]u8 {
    if (len <= 0) return null;
    const buffer = allocator.alignedAlloc(u8, alignment, @intCast(len)) catch return null;
    return buffer.ptr;
}

/// Frees a buffer from `alloc` with this same `len`; a null `ptr` does nothing.
pub fn dealloc(ptr: ?[*]u8, len: i32) void {
    const p = ptr orelse return;
    if (len <= 0) return;
    const buffer: []align(8) u8 = @alignCast(p[0..@intCast(len)]);
    allocator.free(buffer);
}

test "no buffer for no bytes" {
    for ([_]i32{ 0, -1, std.math.minInt(i32) }) |len| try std.testing.expect(alloc(len) == null);
}

test "buffers are aligned and writable" {
    for ([_]i32{ 1, 7, 8, 100, 4096 }) |len| {
        const p = alloc(len) orelse return error.OutOfMemory;
        try std.testing.expect(std.mem.isAligned(@intFromPtr(p), 8));
        @memset(p[0..@intCast(len)], 0xAB);
        dealloc(p, len);
    }
    dealloc(null, 8); // does nothing
}
