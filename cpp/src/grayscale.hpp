// The scalar grayscale: the luma weights, the plain formula and two pixels per u64.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rosetta {

// ITU-R 601-2 luma in 16-bit fixed point (contract.toml [grayscale]). The
// weights add up to 65536; the rounding is half of it.
constexpr std::uint32_t kLumaR = 19595;
constexpr std::uint32_t kLumaG = 38470;
constexpr std::uint32_t kLumaB = 7471;
constexpr std::uint32_t kLumaRound = 32768;
constexpr std::uint32_t kLumaShift = 16;

// One pixel, the plain formula (for an odd last pixel). The largest sum is
// 255 * 65536 + 32768, so u32 never overflows and the result is at most 255.
constexpr std::uint8_t luma(std::uint32_t r, std::uint32_t g, std::uint32_t b) noexcept {
    return static_cast<std::uint8_t>((kLumaR * r + kLumaG * g + kLumaB * b + kLumaRound) >> kLumaShift);
}

// Two RGBA pixels in one little-endian u64 (pixel 0 in bits 0-31) to their
// grays, SWAR: each channel is masked into two 32-bit lanes and multiplied by
// its weight once for both pixels. A lane's sum stays below 2^24, so no carry
// crosses into the other pixel. y * 0x010101 puts y in R, G and B; alpha is kept.
constexpr std::uint64_t gray_pair(std::uint64_t pair) noexcept {
    constexpr std::uint64_t kLowBytes = 0x000000FF'000000FF;
    constexpr std::uint64_t kAlpha = 0xFF000000'FF000000;
    const std::uint64_t r = pair & kLowBytes;
    const std::uint64_t g = (pair >> 8) & kLowBytes;
    const std::uint64_t b = (pair >> 16) & kLowBytes;
    const std::uint64_t sum = r * kLumaR + g * kLumaG + b * kLumaB + kLumaRound * 0x00000001'00000001;
    const std::uint64_t y = (sum >> kLumaShift) & kLowBytes;
    return y * 0x010101 | (pair & kAlpha);
}

// In place over the `len` bytes of RGBA8 at `pixels`: R = G = B = luma, alpha
// unchanged. Two pixels at a time; an odd last pixel takes the plain formula.
void grayscale(std::uint8_t* pixels, std::size_t len) noexcept;

}  // namespace rosetta
