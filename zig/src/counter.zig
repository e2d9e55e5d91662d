//! The contract's Counter: a plain Zig struct, and the handles that carry it
//! across the boundary.
//!
//! Ownership: `newHandle` creates a Counter with the allocator of buffers.zig
//! and gives its address away; from then on the host owns the counter, and the
//! handle is the only thing that refers to it. `counterAt` borrows it for one
//! call. `freeHandle` destroys it, so the allocator can hand the same address
//! out again (a freed handle may be reused). Zig has no collector and no
//! destructors: whoever holds the pointer frees it, exactly once.

const std = @import("std");
const allocator = @import("buffers.zig").allocator;

/// A counter: starts at 0, counts up by one, wraps at `maxInt(i32)`.
pub const Counter = struct {
    value: i32 = 0,

    /// A counter at 0.
    pub fn new() Counter {
        return .{};
    }

    /// Adds 1 (wrapping from `maxInt(i32)` to `minInt(i32)`) and returns the
    /// new value. Plain `+` is checked: overflow is a panic in safe builds
    /// and undefined in ReleaseFast; `+%` says what the contract means in every mode.
    pub fn increment(self: *Counter) i32 {
        self.value +%= 1;
        return self.value;
    }

    /// The current value.
    pub fn get(self: *const Counter) i32 {
        return self.value;
    }
};

/// A new counter at 0, owned by whoever holds the returned pointer (the
/// handle); null when memory is exhausted.
pub fn newHandle() ?*Counter {
    const counter = allocator.create(Counter) catch return null;
    counter.* = .new();
    return counter;
}

/// The counter behind a live handle (from `newHandle`, not yet freed), for one call.
pub fn counterAt(handle: *Counter) *Counter {
    return handle;
}

/// Frees the counter behind a handle; a null handle does nothing.
pub fn freeHandle(handle: ?*Counter) void {
    if (handle) |counter| allocator.destroy(counter);
}

const testing = std.testing;

test "counter counts from zero" {
    var c: Counter = .new();
    try testing.expectEqual(0, c.get());
    try testing.expectEqual(1, c.increment());
    try testing.expectEqual(2, c.increment());
    try testing.expectEqual(2, c.get());
}

test "counters are independent" {
    var a: Counter = .new();
    var b: Counter = .new();
    for (0..5) |_| _ = a.increment();
    _ = b.increment();
    try testing.expectEqual(5, a.get());
    try testing.expectEqual(1, b.get());
}

test "counter wraps" {
    var c: Counter = .{ .value = std.math.maxInt(i32) - 1 };
    try testing.expectEqual(std.math.maxInt(i32), c.increment());
    try testing.expectEqual(std.math.minInt(i32), c.increment());
    try testing.expectEqual(std.math.minInt(i32), c.get());
    try testing.expectEqual(std.math.minInt(i32) + 1, c.increment());
}

test "handles own their counters" {
    // std.testing.allocator fails this test if a counter is not freed.
    const a = newHandle() orelse return error.OutOfMemory;
    const b = newHandle() orelse return error.OutOfMemory;
    try testing.expect(a != b);
    try testing.expectEqual(1, counterAt(a).increment());
    try testing.expectEqual(2, counterAt(a).increment());
    try testing.expectEqual(0, counterAt(b).get());
    freeHandle(a);
    try testing.expectEqual(1, counterAt(b).increment());
    freeHandle(b);
    freeHandle(null); // does nothing
}
