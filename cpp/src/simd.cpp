// The simd128 versions of grayscale and blur, bit-identical to the scalar code, which does the rest.
//
// wasm_simd128.h intrinsics; without -msimd128 this file compiles to nothing.
// The shapes: contract/README.md, "Fast structures" and "Why wasm".
#if defined(__wasm_simd128__)

#include "simd.hpp"

#include <wasm_simd128.h>

#include <utility>

#include "blur.hpp"
#include "grayscale.hpp"
#include "status.hpp"

namespace rosetta::simd {

namespace {

constexpr std::size_t kBlock = sizeof(v128_t);            // 16 bytes
constexpr std::size_t kBlockPixels = kBlock / kChannels;  // four pixels

}  // namespace

std::size_t grayscale_simd(std::uint8_t* rgba, std::size_t len) noexcept {
    const v128_t zero = wasm_i32x4_const_splat(0);
    // 38470 does not fit an i16: weigh G by 38470 - 65536 and add G << 16 back.
    constexpr std::int16_t kR = kLumaR;
    constexpr std::int16_t kG = static_cast<std::int16_t>(kLumaG - 65536);
    constexpr std::int16_t kB = kLumaB;
    const v128_t rg_weights = wasm_i16x8_const(kR, kG, kR, kG, kR, kG, kR, kG);
    const v128_t b_weights = wasm_i16x8_const(kB, 0, kB, 0, kB, 0, kB, 0);
    const v128_t g_byte = wasm_i32x4_const_splat(0x00FF0000);
    const v128_t round = wasm_i32x4_const_splat(kLumaRound);

    std::uint8_t* at = rgba;
    std::uint8_t* const end = rgba + len / kBlock * kBlock;
    for (; at != end; at += kBlock) {
        const v128_t px = wasm_v128_load(at);
        // u16 lanes [R, G] and [B, A] of the four pixels (index 16 is a zero byte).
        const v128_t rg = wasm_i8x16_shuffle(px, zero, 0, 16, 1, 16, 4, 16, 5, 16, 8, 16, 9, 16, 12, 16, 13, 16);
        const v128_t ba = wasm_i8x16_shuffle(px, zero, 2, 16, 3, 16, 6, 16, 7, 16, 10, 16, 11, 16, 14, 16, 15, 16);
        const v128_t g_high = wasm_v128_and(wasm_i32x4_shl(px, 8), g_byte);
        const v128_t sum =
            wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_dot_i16x8(rg, rg_weights), wasm_i32x4_dot_i16x8(ba, b_weights)),
                           wasm_i32x4_add(g_high, round));
        // Byte 2 of each sum is the luma: [y, y, y, A] per pixel (16.. is the source).
        wasm_v128_store(at, wasm_i8x16_shuffle(sum, px, 2, 2, 2, 19, 6, 6, 6, 23, 10, 10, 10, 27, 14, 14, 14, 31));
    }
    return static_cast<std::size_t>(at - rgba);
}

namespace {

// The two pixels straddling a and b: a's high pixel, then b's low one.
v128_t pair(v128_t a, v128_t b) noexcept {
    return wasm_i8x16_shuffle(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
}

// Four output pixels from column sums (u16 lanes, two pixels per v128): the
// block's lo and hi, the previous block's hi and the next block's lo.
v128_t blur_block(v128_t prev_hi, v128_t lo, v128_t hi, v128_t next_lo) noexcept {
    const v128_t middle = pair(lo, hi);
    const v128_t sum_lo = wasm_i16x8_add(wasm_i16x8_add(pair(prev_hi, lo), lo), middle);
    const v128_t sum_hi = wasm_i16x8_add(wasm_i16x8_add(middle, hi), pair(hi, next_lo));
    // (sum * 3641 + 16384) >> 15 is the rounded / 9 (every sum < 16384, no saturation).
    const v128_t k = wasm_i16x8_const_splat(kDiv9Mul);
    return wasm_u8x16_narrow_i16x8(wasm_i16x8_q15mulr_sat(sum_lo, k), wasm_i16x8_q15mulr_sat(sum_hi, k));
}

// Column sums (u16 lanes) of a 16-byte block: its low and high 8 bytes.
struct Columns {
    v128_t lo;
    v128_t hi;
};

Columns widen(const std::uint8_t* block) noexcept {
    const v128_t v = wasm_v128_load(block);
    return {wasm_u16x8_extend_low_u8x16(v), wasm_u16x8_extend_high_u8x16(v)};
}

Columns add(Columns a, Columns b) noexcept { return {wasm_i16x8_add(a.lo, b.lo), wasm_i16x8_add(a.hi, b.hi)}; }

// The low pixel of lo twice: the left neighbour of a row's first pixel.
v128_t first_pixel_twice(v128_t lo) noexcept { return wasm_i64x2_shuffle(lo, lo, 0, 0); }

// Output rows for the source rows a, b, c, d (rows y-1 .. y+2): out0 from a,
// b, c and out1 from b, c, d, sharing b + c. Returns the pixels done in each
// row; blocks run while the next block is whole.
std::size_t blur_two_rows(const std::uint8_t* a, const std::uint8_t* b, const std::uint8_t* c, const std::uint8_t* d,
                          std::uint8_t* out0, std::uint8_t* out1, std::size_t width) noexcept {
    const std::size_t n = width / kBlockPixels;  // whole blocks, at least 2
    const auto columns = [&](std::size_t at) {
        const Columns bc = add(widen(b + at), widen(c + at));
        return std::pair{add(widen(a + at), bc), add(bc, widen(d + at))};
    };
    auto [row0, row1] = columns(0);
    v128_t prev0 = first_pixel_twice(row0.lo);
    v128_t prev1 = first_pixel_twice(row1.lo);
    const std::size_t end = (n - 1) * kBlock;
    for (std::size_t at = 0; at != end; at += kBlock) {
        const auto [next0, next1] = columns(at + kBlock);
        wasm_v128_store(out0 + at, blur_block(prev0, row0.lo, row0.hi, next0.lo));
        wasm_v128_store(out1 + at, blur_block(prev1, row1.lo, row1.hi, next1.lo));
        prev0 = row0.hi;
        prev1 = row1.hi;
        row0 = next0;
        row1 = next1;
    }
    return (n - 1) * kBlockPixels;
}

// One output row from the source rows a, b, c (an odd last row).
std::size_t blur_one_row(const std::uint8_t* a, const std::uint8_t* b, const std::uint8_t* c, std::uint8_t* out,
                         std::size_t width) noexcept {
    const std::size_t n = width / kBlockPixels;
    const auto columns = [&](std::size_t at) { return add(add(widen(a + at), widen(b + at)), widen(c + at)); };
    Columns row = columns(0);
    v128_t prev = first_pixel_twice(row.lo);
    const std::size_t end = (n - 1) * kBlock;
    for (std::size_t at = 0; at != end; at += kBlock) {
        const Columns next = columns(at + kBlock);
        wasm_v128_store(out + at, blur_block(prev, row.lo, row.hi, next.lo));
        prev = row.hi;
        row = next;
    }
    return (n - 1) * kBlockPixels;
}

}  // namespace

void blur_simd(const std::uint8_t* src, std::uint8_t* dst, std::size_t width, std::size_t height) noexcept {
    const std::size_t stride = width * kChannels;
    const auto row = [&](std::size_t y) { return src + (y < height ? y : height - 1) * stride; };
    std::size_t y = 0;
    for (; y + 2 <= height; y += 2) {
        const std::uint8_t *up = row(y == 0 ? 0 : y - 1), *mid = row(y), *down = row(y + 1), *below = row(y + 2);
        std::uint8_t* out0 = dst + y * stride;
        std::uint8_t* out1 = out0 + stride;
        const std::size_t done = blur_two_rows(up, mid, down, below, out0, out1, width);
        blur_row(up, mid, down, out0, width, done);
        blur_row(mid, down, below, out1, width, done);
    }
    if (y < height) {  // an odd last row: the row below is itself
        const std::uint8_t *up = row(y == 0 ? 0 : y - 1), *mid = row(y);
        std::uint8_t* out = dst + y * stride;
        blur_row(up, mid, mid, out, width, blur_one_row(up, mid, mid, out, width));
    }
}

}  // namespace rosetta::simd

#endif  // __wasm_simd128__
