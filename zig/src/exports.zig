//! The boundary: raw i32 arguments in, status codes out; the checks run before
//! anything is touched. The root file of every core module build.
//!
//! A pointer is an offset into this module's own linear memory, read as
//! *unsigned* (`@bitCast` to `u32`). Each image export reads the memory size,
//! calls the checks of status.zig, and only after they pass turns offsets into
//! slices for the kernels. `export fn` gives a function the C calling
//! convention and an exported symbol; the build's `--export=NAME` flags (one per
//! contract function) make those symbols the module's exports.

const kernel = @import("kernel.zig");
const status = kernel.status;
const buffers = kernel.buffers;
const counter = kernel.counter;
const Counter = kernel.Counter;

/// The size of one wasm page, fixed by the WebAssembly spec.
const PAGE_SIZE: u64 = 65536;

/// The current size of linear memory 0 in bytes (the `memory.size`
/// instruction). `u64`, because a full 4 GiB memory is 2^32 bytes.
fn memorySize() u64 {
    return @as(u64, @wasmMemorySize(0)) * PAGE_SIZE;
}

/// An offset from the host, read as unsigned.
fn offset(value: i32) u32 {
    return @bitCast(value);
}

/// An offset from the host as a pointer into linear memory; 0 is null.
fn ptrFrom(comptime T: type, value: i32) ?*T {
    return @ptrFromInt(offset(value));
}

/// `len` bytes at an offset that passed the checks.
fn bytesAt(value: i32, len: usize) []u8 {
    const p: [*]u8 = @ptrFromInt(offset(value));
    return p[0..len];
}

/// A pointer as the `i32` the host sees (0 for null).
fn offsetOf(p: ?*anyopaque) i32 {
    return @bitCast(@as(u32, @intCast(@intFromPtr(p))));
}

export fn add(a: i32, b: i32) i32 {
    return kernel.add(a, b);
}

/// A new counter at 0; its handle, or 0 when memory is exhausted.
export fn counter_new() i32 {
    return offsetOf(counter.newHandle());
}

/// `handle` is live (from `counter_new`, not yet freed): the caller's promise.
export fn counter_increment(handle: i32) i32 {
    return counter.counterAt(ptrFrom(Counter, handle).?).increment();
}

export fn counter_get(handle: i32) i32 {
    return counter.counterAt(ptrFrom(Counter, handle).?).get();
}

/// Frees a counter; `counter_free(0)` does nothing.
export fn counter_free(handle: i32) void {
    counter.freeHandle(ptrFrom(Counter, handle));
}

/// `len` bytes, 8-byte aligned, or 0.
export fn alloc(len: i32) i32 {
    return offsetOf(buffers.alloc(len));
}

/// Frees a buffer from `alloc`; `dealloc(0, _)` does nothing.
export fn dealloc(ptr: i32, len: i32) void {
    buffers.dealloc(@ptrCast(ptrFrom(u8, ptr)), len);
}

/// In-place grayscale of a `width` x `height` RGBA8 image at `ptr`; a status code.
export fn grayscale(ptr: i32, width: i32, height: i32) i32 {
    const checked = status.checkImage(offset(ptr), width, height, memorySize());
    if (checked) |len| kernel.grayscale(bytesAt(ptr, len)) else |_| {}
    return status.code(checked);
}

/// 3x3 box blur from `src` into `dst`; a status code. The checks prove both
/// ranges are inside memory and share no byte.
export fn blur(src: i32, dst: i32, width: i32, height: i32) i32 {
    const checked = status.checkBlur(offset(src), offset(dst), width, height, memorySize());
    if (checked) |len| {
        kernel.blur(bytesAt(src, len), bytesAt(dst, len), @intCast(width), @intCast(height));
    } else |_| {}
    return status.code(checked);
}
