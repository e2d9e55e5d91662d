#include "blur.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rosetta {
namespace {

using Pixels = std::vector<std::uint8_t>;

Pixels blurred(const Pixels& src, std::size_t width, std::size_t height) {
    Pixels dst(src.size(), 0xAB);
    blur(src.data(), dst.data(), width, height);
    return dst;
}

// The contract's definition, spelled out: the 3x3 neighbourhood with clamped
// coordinates, (sum + 4) / 9, every channel.
Pixels reference_blur(const Pixels& src, std::size_t width, std::size_t height) {
    Pixels dst(src.size());
    const auto clamp = [](std::ptrdiff_t v, std::size_t n) { return std::clamp<std::ptrdiff_t>(v, 0, n - 1); };
    for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            for (std::size_t c = 0; c < 4; ++c) {
                std::uint32_t sum = 0;
                for (std::ptrdiff_t dy = -1; dy <= 1; ++dy) {
                    for (std::ptrdiff_t dx = -1; dx <= 1; ++dx) {
                        const auto yy = clamp(std::ptrdiff_t(y) + dy, height);
                        const auto xx = clamp(std::ptrdiff_t(x) + dx, width);
                        sum += src[(yy * width + xx) * 4 + c];
                    }
                }
                dst[(y * width + x) * 4 + c] = std::uint8_t((sum + 4) / 9);
            }
        }
    }
    return dst;
}

Pixels noise(std::size_t len, std::uint32_t seed) {
    Pixels bytes(len);
    for (auto& byte : bytes) byte = std::uint8_t((seed = seed * 1103515245 + 12345) >> 16);
    return bytes;
}

TEST(Blur, OnePixelIsItself) { EXPECT_EQ(blurred({1, 2, 3, 4}, 1, 1), (Pixels{1, 2, 3, 4})); }

// A 3x1 row of 0, 90, 180 (every channel): one row, so each column sum is
// three times the pixel. Left: 3 * (0 + 0 + 90) = 270 -> (270 + 4) / 9 = 30;
// middle: 3 * (0 + 90 + 180) = 810 -> 90; right: 3 * (90 + 180 + 180) = 1350 -> 150.
TEST(Blur, KnownRow) {
    const Pixels src = {0, 0, 0, 0, 90, 90, 90, 90, 180, 180, 180, 180};
    const Pixels out = {30, 30, 30, 30, 90, 90, 90, 90, 150, 150, 150, 150};
    EXPECT_EQ(blurred(src, 3, 1), out);
    EXPECT_EQ(blurred(src, 1, 3), out);  // the same as a column
}

// One bright centre in a 3x3: with the border replicated, every pixel's
// neighbourhood holds the centre exactly once: (255 + 4) / 9 = 28 everywhere.
TEST(Blur, CentreOfThreeByThreeReachesEveryPixelOnce) {
    Pixels src(9 * 4, 0);
    std::fill_n(src.begin() + 4 * 4, 4, 255);
    EXPECT_EQ(blurred(src, 3, 3), Pixels(9 * 4, 28));
}

TEST(Blur, RoundsToNearest) {
    // Sums of 4 round down, sums of 5 up: one pixel of value v in the middle
    // of a 3x3 of zeros gives (v + 4) / 9.
    for (std::uint8_t v : {4, 5, 13, 14}) {
        Pixels src(9 * 4, 0);
        src[4 * 4] = v;
        EXPECT_EQ(blurred(src, 3, 3)[0], (v + 4) / 9) << "v = " << int(v);
    }
}

TEST(Blur, FlatImageStaysFlat) { EXPECT_EQ(blurred(Pixels(7 * 5 * 4, 200), 7, 5), Pixels(7 * 5 * 4, 200)); }

TEST(Blur, ExtremesDoNotOverflow) { EXPECT_EQ(blurred(Pixels(6 * 6 * 4, 255), 6, 6), Pixels(6 * 6 * 4, 255)); }

TEST(Blur, MatchesTheDefinitionOnManyShapes) {
    for (std::size_t width : {1, 2, 3, 4, 5, 8, 17}) {
        for (std::size_t height : {1, 2, 3, 6}) {
            const Pixels src = noise(width * height * 4, std::uint32_t(width * 31 + height));
            ASSERT_EQ(blurred(src, width, height), reference_blur(src, width, height)) << width << "x" << height;
        }
    }
}

TEST(Blur, WritesOnlyDst) {
    const std::size_t width = 5, height = 4, len = width * height * 4;
    const Pixels src = noise(len, 7);
    Pixels memory(len + 32, 0xEE);  // dst with 16 guard bytes on each side
    blur(src.data(), memory.data() + 16, width, height);
    EXPECT_TRUE(std::all_of(memory.begin(), memory.begin() + 16, [](std::uint8_t b) { return b == 0xEE; }));
    EXPECT_TRUE(std::all_of(memory.end() - 16, memory.end(), [](std::uint8_t b) { return b == 0xEE; }));
    EXPECT_EQ(Pixels(memory.begin() + 16, memory.end() - 16), reference_blur(src, width, height));
}

}  // namespace
}  // namespace rosetta
