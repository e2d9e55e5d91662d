// grayscale and blur with wasm_simd128.h, bit-identical to the scalar code.
// Without -msimd128 this file compiles to nothing.
#if defined(__wasm_simd128__)

#include "simd.hpp"

#include <wasm_simd128.h>

#include <initializer_list>

#include "grayscale.hpp"
#include "status.hpp"

namespace rosetta::simd {

// The grayscale arithmetic four pixels at a time. Neither clang 14 nor clang
// 19 vectorizes the stride-4 scalar loop, so this spells it out. One pixel is
// one little-endian u32 lane, 0xAABBGGRR; the products are the scalar ones in
// u32 lanes (at most 255 * 65536 + 32768 < 2^24).
std::size_t grayscale_blocks(std::uint8_t* rgba, std::size_t len) noexcept {
    const v128_t byte = wasm_i32x4_splat(0xFF);
    const v128_t alpha = wasm_i32x4_splat(static_cast<std::int32_t>(0xFF000000u));
    const v128_t kr = wasm_i32x4_splat(kLumaR);
    const v128_t kg = wasm_i32x4_splat(kLumaG);
    const v128_t kb = wasm_i32x4_splat(kLumaB);
    const v128_t round = wasm_i32x4_splat(kLumaRound);
    const v128_t splat3 = wasm_i32x4_splat(0x010101);  // y * 0x010101 == y | y << 8 | y << 16

    constexpr std::size_t kStep = sizeof(v128_t);  // 16 bytes, 4 pixels
    std::size_t i = 0;
    for (; i + kStep <= len; i += kStep) {
        std::uint8_t* at = rgba + i;
        const v128_t px = wasm_v128_load(at);
        const v128_t r = wasm_v128_and(px, byte);
        const v128_t g = wasm_v128_and(wasm_u32x4_shr(px, 8), byte);
        const v128_t b = wasm_v128_and(wasm_u32x4_shr(px, 16), byte);
        v128_t y = wasm_i32x4_add(wasm_i32x4_mul(r, kr), wasm_i32x4_mul(g, kg));
        y = wasm_i32x4_add(y, wasm_i32x4_add(wasm_i32x4_mul(b, kb), round));
        y = wasm_u32x4_shr(y, kLumaShift);
        wasm_v128_store(at, wasm_v128_or(wasm_i32x4_mul(y, splat3), wasm_v128_and(px, alpha)));
    }
    return i;
}

namespace {

// (sum + 4) / 9 in u16 lanes. Sums are at most 9 * 255 + 4 = 2299 < 2^16, so
// they are exact, and the division is a multiply by a rounded-up reciprocal:
// for 0 <= s < 2^16/9, s / 9 == (s * 58255) >> 19 exactly (58255 =
// ceil(2^19 / 9); the error term s * 7 / 2^19 / 9 stays below 1/9).
v128_t mean9_u16x8(v128_t sum) noexcept {
    const v128_t rounded = wasm_i16x8_add(sum, wasm_u16x8_splat(4));
    const v128_t reciprocal = wasm_u16x8_splat(58255);
    const v128_t lo = wasm_u32x4_shr(wasm_u32x4_extmul_low_u16x8(rounded, reciprocal), 19);
    const v128_t hi = wasm_u32x4_shr(wasm_u32x4_extmul_high_u16x8(rounded, reciprocal), 19);
    return wasm_u16x8_narrow_i32x4(lo, hi);
}

}  // namespace

// The blur interior sixteen bytes at a time. clang 14 vectorizes the scalar
// loop by itself but then divides lane by lane, so this spells it out.
std::size_t blur_blocks(const BlurRows& r, std::size_t stride) noexcept {
    constexpr std::size_t kStep = sizeof(v128_t);
    std::size_t i = kChannels;
    for (; i + kStep + kChannels <= stride; i += kStep) {
        v128_t lo = wasm_i16x8_splat(0);
        v128_t hi = wasm_i16x8_splat(0);
        for (const std::uint8_t* row : {r.up, r.mid, r.down}) {
            for (const std::size_t at : {i - kChannels, i, i + kChannels}) {
                const v128_t bytes = wasm_v128_load(row + at);
                lo = wasm_i16x8_add(lo, wasm_u16x8_extend_low_u8x16(bytes));
                hi = wasm_i16x8_add(hi, wasm_u16x8_extend_high_u8x16(bytes));
            }
        }
        wasm_v128_store(r.out + i, wasm_u8x16_narrow_i16x8(mean9_u16x8(lo), mean9_u16x8(hi)));
    }
    return i;
}

}  // namespace rosetta::simd

#endif  // __wasm_simd128__
