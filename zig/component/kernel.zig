//! The kernel world (contract/wit/kernel/kernel.wit) by hand: Zig has no
//! component bindings generator, so this file is the canonical ABI's core side
//! of the world, over the kernel's own code in src/. Every export is named as
//! `wasm-tools component embed --dummy-names legacy` (wit-bindgen's names)
//! expects it; `@export` takes any string as a symbol name.
//!
//! Memory: lists are blocks of the kernel's allocator (src/buffers.zig), each
//! freed exactly once.
//! - An argument list arrives in a block the host got from `cabi_realloc`; it
//!   is ours, and the export frees it (or hands it back as the result).
//! - A result list is returned through `ret_area`, and the host calls the
//!   `cabi_post_` export when it has copied it out, which frees it.
//! - An empty list is never allocated: `cabi_realloc` answers a request for 0
//!   bytes with `align` (aligned, never freed), as wit-bindgen's Rust does.

const std = @import("std");
const builtin = @import("builtin");
const kernel = @import("kernel");
const allocator = kernel.buffers.allocator;
const counter = kernel.counter;

// --- operations -------------------------------------------------------------

fn add(a: i32, b: i32) callconv(.c) i32 {
    return kernel.add(a, b);
}

// --- counters: resource counter ---------------------------------------------
//
// The resource's representation (rep, an i32) is the core module's handle:
// the Counter's address. The constructor turns it into a handle of the
// component's table with `[resource-new]`; methods get `borrow<counter>` as
// the rep itself (the resource is this component's own); dropping the last
// handle calls `[dtor]` with the rep.

extern "[export]rosetta:kernel/counters@1.0.0" fn @"[resource-new]counter"(rep: i32) i32;

fn rep(c: *kernel.Counter) i32 {
    return @intCast(@intFromPtr(c));
}

fn counterAt(r: i32) *kernel.Counter {
    return counter.counterAt(@ptrFromInt(@as(u32, @bitCast(r))));
}

/// A new counter at 0, as a handle of the component's table.
fn counterConstructor() callconv(.c) i32 {
    // Out of memory: a WIT constructor cannot fail, so it traps.
    const c = counter.newHandle() orelse @trap();
    return @"[resource-new]counter"(rep(c));
}

/// Adds 1 (wrapping) and returns the new value.
fn counterIncrement(r: i32) callconv(.c) i32 {
    return counterAt(r).increment();
}

/// The counter's value.
fn counterGet(r: i32) callconv(.c) i32 {
    return counterAt(r).get();
}

/// The host dropped the last handle: the counter is freed.
fn counterDtor(r: i32) callconv(.c) void {
    counter.freeHandle(counterAt(r));
}

// --- image: list<u8> in, result<list<u8>, error-code> out --------------------
//
// `f(pixels: list<u8>, width: u32, height: u32)` lowers to (ptr, len, width,
// height); the result does not fit in one core value, so the export returns
// a pointer to its layout in memory: `result` is a variant, its discriminant a
// u8 at 0 (0 ok, 1 err), the payload aligned to 4 (the list's pointer) at 4:
// ok is the list's (ptr: u32, len: u32) at 4 and 8, err the error-code enum
// (bad-dimensions 0, out-of-bounds 1, overlap 2) as a u8 at 4. 12 bytes.

/// The one return area: a component export is never re-entered. Three
/// `usize`s are the three u32 words on wasm32 (and let `zig test` run the
/// same code natively); wasm is little-endian, so the low byte of word 0 is
/// the u8 discriminant and that of word 1 the error code.
var ret_area: [3]usize = undefined;

/// The error-code cases 0..2 are the core status codes 1..3.
fn errorCase(e: kernel.status.Error) u8 {
    return @intCast(kernel.status.code(e) - 1);
}

/// The list's length when it is exactly the image, else the first error:
/// the core checks (src/status.zig), with the list's length where the core
/// module checks the memory bounds. `width` and `height` above 2^31 - 1 read
/// as negative i32, which `imageLen` rejects as it should.
pub fn checkPixels(len: usize, width: u32, height: u32) kernel.status.Error!usize {
    const want = try kernel.status.imageLen(@bitCast(width), @bitCast(height));
    return if (want == len) len else error.OutOfBounds;
}

/// Every canonical-ABI block is allocated 8-byte aligned (enough for any
/// list here), so that a free can name the alignment its allocation used.
const block_alignment: std.mem.Alignment = .@"8";

fn freeList(ptr: [*]u8, len: usize) void {
    if (len != 0) allocator.rawFree(ptr[0..len], block_alignment, @returnAddress());
}

fn ok(ptr: [*]u8, len: usize) *[3]usize {
    ret_area = .{ 0, @intFromPtr(ptr), len };
    return &ret_area;
}

fn failure(e: kernel.status.Error) *[3]usize {
    ret_area = .{ 1, errorCase(e), 0 };
    return &ret_area;
}

/// The post-return of both image functions: the host has the result, free its list.
fn freeResult(ret: *[3]usize) callconv(.c) void {
    if (ret[0] == 0) freeList(@ptrFromInt(ret[1]), ret[2]);
}

/// In place: the argument's block is the result.
fn grayscale(ptr: [*]u8, len: usize, width: u32, height: u32) callconv(.c) *[3]usize {
    _ = checkPixels(len, width, height) catch |e| {
        freeList(ptr, len);
        return failure(e);
    };
    kernel.grayscale(ptr[0..len]);
    return ok(ptr, len);
}

/// Into a new block; the argument's is freed.
fn blur(ptr: [*]u8, len: usize, width: u32, height: u32) callconv(.c) *[3]usize {
    _ = checkPixels(len, width, height) catch |e| {
        freeList(ptr, len);
        return failure(e);
    };
    // Out of memory traps: the WIT result has no case for it.
    const dst = allocator.rawAlloc(len, block_alignment, @returnAddress()) orelse @trap();
    kernel.blur(ptr[0..len], dst[0..len], width, height);
    freeList(ptr, len);
    return ok(dst, len);
}

// --- the canonical ABI's allocator -------------------------------------------

/// `realloc(old ptr, old size, align, new size)`: the host gets the blocks
/// for argument lists here (old ptr 0).
fn cabiRealloc(ptr: ?[*]u8, old_size: usize, alignment: usize, new_size: usize) callconv(.c) ?[*]u8 {
    if (alignment > block_alignment.toByteUnits()) @trap();
    if (ptr) |old| if (old_size != 0) {
        if (new_size != 0 and allocator.rawResize(old[0..old_size], block_alignment, new_size, @returnAddress())) return old;
        const new = if (new_size == 0) null else allocator.rawAlloc(new_size, block_alignment, @returnAddress()) orelse @trap();
        if (new) |n| @memcpy(n[0..@min(old_size, new_size)], old[0..@min(old_size, new_size)]);
        freeList(old, old_size);
        if (new) |n| return n;
    };
    if (new_size == 0) return @ptrFromInt(alignment);
    return allocator.rawAlloc(new_size, block_alignment, @returnAddress()) orelse @trap();
}

// The names the world's exports have (wasm-tools' legacy names). Only on wasm:
// natively, `zig test` checks the functions above without the imports.
comptime {
    if (builtin.cpu.arch.isWasm()) {
        const image = "rosetta:kernel/image@1.0.0#";
        const counters = "rosetta:kernel/counters@1.0.0#";
        @export(&add, .{ .name = "rosetta:kernel/operations@1.0.0#add" });
        @export(&counterConstructor, .{ .name = counters ++ "[constructor]counter" });
        @export(&counterIncrement, .{ .name = counters ++ "[method]counter.increment" });
        @export(&counterGet, .{ .name = counters ++ "[method]counter.get" });
        @export(&counterDtor, .{ .name = counters ++ "[dtor]counter" });
        @export(&grayscale, .{ .name = image ++ "grayscale" });
        @export(&freeResult, .{ .name = "cabi_post_" ++ image ++ "grayscale" });
        @export(&blur, .{ .name = image ++ "blur" });
        @export(&freeResult, .{ .name = "cabi_post_" ++ image ++ "blur" });
        @export(&cabiRealloc, .{ .name = "cabi_realloc" });
    }
}

const testing = std.testing;

test "the checks: dimensions first, then the list's length" {
    try testing.expectEqual(16, try checkPixels(16, 2, 2));
    try testing.expectError(error.BadDimensions, checkPixels(0, 0, 2));
    try testing.expectError(error.BadDimensions, checkPixels(16, 1 << 31, 1));
    try testing.expectError(error.OutOfBounds, checkPixels(15, 2, 2));
    try testing.expectEqual(0, errorCase(error.BadDimensions));
    try testing.expectEqual(1, errorCase(error.OutOfBounds));
    try testing.expectEqual(2, errorCase(error.Overlap));
}

test "grayscale and blur return their result and free what they took" {
    // std.testing.allocator fails the test if a list leaks.
    inline for (.{ grayscale, blur }) |f| {
        const src = cabiRealloc(null, 0, 1, 16).?;
        @memset(src[0..16], 90);
        const ret = f(src, 16, 2, 2);
        try testing.expectEqual(0, ret[0]);
        try testing.expectEqual(16, ret[2]);
        const out: [*]u8 = @ptrFromInt(ret[1]);
        try testing.expectEqualSlices(u8, &(@as([16]u8, @splat(90))), out[0..16]);
        freeResult(ret);
        const bad = cabiRealloc(null, 0, 1, 12).?;
        const e = f(bad, 12, 2, 2);
        try testing.expectEqual(1, e[0]);
        try testing.expectEqual(1, e[1]);
    }
}
