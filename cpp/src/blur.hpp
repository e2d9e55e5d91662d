// The scalar blur: sliding column sums, four channels per u64 (SWAR).
#pragma once

#include <cstddef>
#include <cstdint>

namespace rosetta {

// (sum + 4) / 9 == (sum * kDiv9Mul + kDiv9Round) >> kDiv9Shift for every sum
// a 3x3 box can give (0 ..= 9 * 255); the proof is in contract/README.md
// (contract.toml [blur]).
constexpr std::uint32_t kDiv9Mul = 3641;
constexpr std::uint32_t kDiv9Round = 16384;
constexpr std::uint32_t kDiv9Shift = 15;

// The contract's rounded / 9, as the multiply the fast code uses.
constexpr std::uint32_t div9(std::uint32_t sum) noexcept { return (sum * kDiv9Mul + kDiv9Round) >> kDiv9Shift; }

// A pixel's four bytes spread into the four 16-bit lanes of a u64.
[[gnu::always_inline]] constexpr std::uint64_t widen(std::uint32_t pixel) noexcept {
    std::uint64_t p = pixel;
    p = (p | p << 16) & 0x0000FFFF'0000FFFF;
    return (p | p << 8) & 0x00FF00FF'00FF00FF;
}

// Four 16-bit lane sums (each at most 9 * 255) to a pixel of div9 bytes. The
// multiply needs more than 16 bits, so two lanes at a time go through 32-bit
// lanes: channels 0 and 2, then 1 and 3.
[[gnu::always_inline]] constexpr std::uint32_t narrow(std::uint64_t sums) noexcept {
    constexpr std::uint64_t kLanes = 0x0000FFFF'0000FFFF;
    constexpr std::uint64_t kBytes = 0x000000FF'000000FF;
    constexpr std::uint64_t kRound = std::uint64_t{kDiv9Round} * 0x00000001'00000001;
    const std::uint64_t even = (((sums & kLanes) * kDiv9Mul + kRound) >> kDiv9Shift) & kBytes;
    const std::uint64_t odd = ((((sums >> 16) & kLanes) * kDiv9Mul + kRound) >> kDiv9Shift) & kBytes;
    // Bytes 0 and 4 hold channels 0 and 2, bytes 1 and 5 channels 1 and 3.
    const std::uint64_t bytes = even | odd << 8;
    return static_cast<std::uint32_t>(bytes | bytes >> 16);
}

// 3x3 box blur with the border replicated, src -> dst, both width * height * 4
// bytes of RGBA, not overlapping; out = (sum + 4) / 9.
void blur(const std::uint8_t* src, std::uint8_t* dst, std::size_t width, std::size_t height) noexcept;

// Output pixels from..width-1 of one row (from < width), from its three source
// rows (above, here, below; each `width` pixels).
void blur_row(const std::uint8_t* up, const std::uint8_t* mid, const std::uint8_t* down, std::uint8_t* out,
              std::size_t width, std::size_t from) noexcept;

}  // namespace rosetta
