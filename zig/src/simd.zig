//! Explicit wasm SIMD (simd128) for the two kernels: compiled only into the
//! `simd` build (`-mcpu=lime1+simd128`), bit-identical to the scalar code in
//! grayscale.zig and blur.zig, which still does whatever is left over.
//! contract/README.md ("Fast structures") gives both shapes; in short:
//! - grayscale: `i32x4.dot_i16x8_s` multiplies and adds channel pairs in one
//!   instruction, and one shuffle writes the luma into R, G and B;
//! - blur: separable and sliding. Column sums of 16 bytes are formed once and
//!   shared by two output rows; the left and right neighbours come from
//!   shuffles of registers already loaded, not from more loads; `/ 9` is one
//!   `q15mulr` (wasm SIMD has no integer divide).
//!
//! `@Vector` is Zig's portable SIMD: `+`, `&`, `<<`, `@shuffle` and `@intCast`
//! on vectors become the wasm instructions. Three instructions have no portable
//! spelling (a dot product, a rounding Q15 multiply, a saturating narrow), so
//! they are LLVM's wasm intrinsics, declared as `extern fn @"llvm.wasm..."`:
//! Zig passes an extern of that name to LLVM, which treats it as the intrinsic.

const std = @import("std");
const builtin = @import("builtin");
const blur = @import("blur.zig");

/// Whether this build has simd128: known at compile time, so the scalar
/// builds compile none of this file.
pub const enabled = builtin.cpu.arch.isWasm() and
    std.Target.wasm.featureSetHas(builtin.cpu.features, .simd128);

const Bytes = @Vector(16, u8);
const U16x8 = @Vector(8, u16);
const I16x8 = @Vector(8, i16);
const U32x4 = @Vector(4, u32);
const I32x4 = @Vector(4, i32);

extern fn @"llvm.wasm.dot"(I16x8, I16x8) I32x4;
extern fn @"llvm.wasm.q15mulr.sat.signed"(I16x8, I16x8) I16x8;
extern fn @"llvm.wasm.narrow.unsigned.v16i8.v8i16"(I16x8, I16x8) Bytes;

/// Reads 16 bytes as a v128 (wasm loads need no alignment).
inline fn load(bytes: *const [16]u8) Bytes {
    return @as(*align(1) const Bytes, @ptrCast(bytes)).*;
}

/// Writes a v128 as 16 bytes.
inline fn store(bytes: *[16]u8, v: Bytes) void {
    @as(*align(1) Bytes, @ptrCast(bytes)).* = v;
}

/// `i8x16.shuffle` with wasm's lane numbers: 0..15 from `a`, 16..31 from `b`
/// (`@shuffle` numbers `b`'s lanes ~0, ~1, ...).
inline fn shuffle(a: Bytes, b: Bytes, comptime lanes: [16]u8) Bytes {
    comptime var mask: [16]i32 = undefined;
    inline for (lanes, 0..) |lane, i| mask[i] = if (lane < 16) lane else ~@as(i32, lane - 16);
    return @shuffle(u8, a, b, mask);
}

/// Grayscale of every whole group of four pixels; returns how many bytes it did
/// (the scalar loop does the rest, fewer than 16).
pub fn grayscaleSimd(pixels: []u8) usize {
    const n = pixels.len / 16;
    const zero: Bytes = @splat(0);
    // 38470 does not fit an i16: weigh G by 38470 - 65536 and add G << 16 back.
    const G: i16 = 38470 - 65536;
    const rg_weights: I16x8 = .{ 19595, G, 19595, G, 19595, G, 19595, G };
    const b_weights: I16x8 = .{ 7471, 0, 7471, 0, 7471, 0, 7471, 0 };
    for (0..n) |i| {
        const block = pixels[i * 16 ..][0..16];
        const px = load(block);
        // u16 lanes [R, G] and [B, A] of the four pixels (lane 16 is a zero byte).
        const rg: I16x8 = @bitCast(shuffle(px, zero, .{ 0, 16, 1, 16, 4, 16, 5, 16, 8, 16, 9, 16, 12, 16, 13, 16 }));
        const ba: I16x8 = @bitCast(shuffle(px, zero, .{ 2, 16, 3, 16, 6, 16, 7, 16, 10, 16, 11, 16, 14, 16, 15, 16 }));
        const g_high = (@as(U32x4, @bitCast(px)) << @splat(8)) & @as(U32x4, @splat(0x00FF_0000));
        const dots = @as(U32x4, @bitCast(@"llvm.wasm.dot"(rg, rg_weights))) +%
            @as(U32x4, @bitCast(@"llvm.wasm.dot"(ba, b_weights)));
        const sum = dots +% (g_high +% @as(U32x4, @splat(32768)));
        // Byte 2 of each sum is the luma: [y, y, y, A] per pixel (19.. is the source).
        store(block, shuffle(@bitCast(sum), px, .{ 2, 2, 2, 19, 6, 6, 6, 23, 10, 10, 10, 27, 14, 14, 14, 31 }));
    }
    return n * 16;
}

/// The two pixels straddling `a` and `b`: a's high pixel, then b's low one.
inline fn pair(a: U16x8, b: U16x8) U16x8 {
    return @bitCast(shuffle(@bitCast(a), @bitCast(b), .{ 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23 }));
}

/// `(sum * 3641 + 16384) >> 15`, the rounded / 9 (every sum < 16384, no saturation).
/// The `&` keeps LLVM from clamping each lane to 0..255 again before the narrow.
inline fn div9(sum: U16x8) I16x8 {
    const q = @"llvm.wasm.q15mulr.sat.signed"(@bitCast(sum), @splat(blur.DIV9_MUL));
    return q & @as(I16x8, @splat(0xFF));
}

/// Four output pixels from column sums (u16 lanes, two pixels per v128): the
/// block's `lo` and `hi`, the previous block's `hi` and the next block's `lo`.
inline fn blurBlock(prev_hi: U16x8, lo: U16x8, hi: U16x8, next_lo: U16x8) Bytes {
    const middle = pair(lo, hi);
    const sum_lo = pair(prev_hi, lo) + lo + middle;
    const sum_hi = middle + hi + pair(hi, next_lo);
    return @"llvm.wasm.narrow.unsigned.v16i8.v8i16"(div9(sum_lo), div9(sum_hi));
}

/// Block `i` (16 bytes) of a row.
inline fn blockAt(row: []const u8, i: usize) *const [16]u8 {
    return row[i * 16 ..][0..16];
}

/// Column sums (u16 lanes) of 16 bytes: `.{ low 8 bytes, high 8 bytes }`.
inline fn widen(block: *const [16]u8) [2]U16x8 {
    const v = load(block);
    const low: @Vector(8, u8) = @shuffle(u8, v, undefined, [8]i32{ 0, 1, 2, 3, 4, 5, 6, 7 });
    const high: @Vector(8, u8) = @shuffle(u8, v, undefined, [8]i32{ 8, 9, 10, 11, 12, 13, 14, 15 });
    return .{ @intCast(low), @intCast(high) };
}

inline fn add(a: [2]U16x8, b: [2]U16x8) [2]U16x8 {
    return .{ a[0] + b[0], a[1] + b[1] };
}

/// The low pixel of `lo` twice: the left neighbour of a row's first pixel.
inline fn firstPixelTwice(lo: U16x8) U16x8 {
    return @bitCast(shuffle(@bitCast(lo), @bitCast(lo), .{ 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7 }));
}

/// Output rows for the source rows `a, b, c, d` (row y-1 .. y+2): `out0` from
/// a, b, c and `out1` from b, c, d, sharing b + c. Returns the pixels done in
/// each row; blocks run while the next block is whole.
fn blurTwoRows(rows: [4][]const u8, out0: []u8, out1: []u8, width: usize) usize {
    const n = width / 4; // whole blocks
    const columns = struct {
        inline fn at(r: [4][]const u8, i: usize) [2][2]U16x8 {
            const bc = add(widen(blockAt(r[1], i)), widen(blockAt(r[2], i)));
            return .{ add(widen(blockAt(r[0], i)), bc), add(bc, widen(blockAt(r[3], i))) };
        }
    }.at;

    const first = columns(rows, 0);
    var lo0, var hi0 = first[0];
    var lo1, var hi1 = first[1];
    var prev0 = firstPixelTwice(lo0);
    var prev1 = firstPixelTwice(lo1);
    for (0..n - 1) |i| {
        const next = columns(rows, i + 1);
        store(out0[i * 16 ..][0..16], blurBlock(prev0, lo0, hi0, next[0][0]));
        store(out1[i * 16 ..][0..16], blurBlock(prev1, lo1, hi1, next[1][0]));
        prev0, lo0, hi0 = .{ hi0, next[0][0], next[0][1] };
        prev1, lo1, hi1 = .{ hi1, next[1][0], next[1][1] };
    }
    return (n - 1) * 4;
}

/// One output row from the source rows `a, b, c` (an odd last row).
fn blurOneRow(rows: [3][]const u8, out: []u8, width: usize) usize {
    const n = width / 4;
    const columns = struct {
        inline fn at(r: [3][]const u8, i: usize) [2]U16x8 {
            return add(add(widen(blockAt(r[0], i)), widen(blockAt(r[1], i))), widen(blockAt(r[2], i)));
        }
    }.at;
    var lo, var hi = columns(rows, 0);
    var prev = firstPixelTwice(lo);
    for (0..n - 1) |i| {
        const next_lo, const next_hi = columns(rows, i + 1);
        store(out[i * 16 ..][0..16], blurBlock(prev, lo, hi, next_lo));
        prev, lo, hi = .{ hi, next_lo, next_hi };
    }
    return (n - 1) * 4;
}

/// The blur of blur.zig for images at least 8 pixels wide: rows in pairs
/// (an odd last row alone), then `blurRow` finishes each row.
pub fn blurSimd(src: []const u8, dst: []u8, width: usize, height: usize) void {
    const stride = width * 4;
    var y: usize = 0;
    while (y < height) {
        const up = blur.rowAt(src, stride, height, y -| 1);
        const mid = blur.rowAt(src, stride, height, y);
        const down = blur.rowAt(src, stride, height, y + 1);
        const out0 = dst[y * stride ..][0..stride];
        if (y + 1 < height) {
            const out1 = dst[(y + 1) * stride ..][0..stride];
            const below = blur.rowAt(src, stride, height, y + 2);
            const done = blurTwoRows(.{ up, mid, down, below }, out0, out1, width);
            blur.blurRow(.{ up, mid, down }, out0, done);
            blur.blurRow(.{ mid, down, below }, out1, done);
            y += 2;
        } else {
            const done = blurOneRow(.{ up, mid, down }, out0, width);
            blur.blurRow(.{ up, mid, down }, out0, done);
            y += 1;
        }
    }
}
