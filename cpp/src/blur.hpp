#pragma once

#include <cstddef>
#include <cstdint>

namespace rosetta {

// (sum + 4) / 9: the mean of nine u8 values, rounded to nearest.
constexpr std::uint8_t mean9(std::uint32_t sum) noexcept { return static_cast<std::uint8_t>((sum + 4) / 9); }

// Three rows of the source (above, here, below; replicated at the top and
// bottom edges) and the output row. The same channel of the left and right
// neighbours is 4 bytes away, so each output byte is the sum of three column
// sums (above + here + below).
struct BlurRows {
    const std::uint8_t* up;
    const std::uint8_t* mid;
    const std::uint8_t* down;
    std::uint8_t* out;

    constexpr std::uint32_t column(std::size_t i) const noexcept { return std::uint32_t{up[i]} + mid[i] + down[i]; }
};

// src -> dst, both width * height * 4 bytes of RGBA, not overlapping.
void blur(const std::uint8_t* src, std::uint8_t* dst, std::size_t width, std::size_t height) noexcept;

}  // namespace rosetta
