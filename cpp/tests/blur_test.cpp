#include "blur.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
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

// constexpr: the rewrite can be checked at compile time too.
static_assert(div9(0) == 0 && div9(4) == 0 && div9(5) == 1 && div9(9 * 255) == 255);
static_assert(widen(0x04030201) == 0x0004'0003'0002'0001);
static_assert(narrow(0x0004'0003'0002'0001 * 9) == 0x04030201);

TEST(Div9, IsTheRoundedDivisionForEverySumOfNineBytes) {
    for (std::uint32_t sum = 0; sum <= 9 * 255; ++sum) ASSERT_EQ(div9(sum), (sum + 4) / 9) << "sum = " << sum;
}

TEST(WidenNarrow, NineCopiesOfAPixelNarrowBackToIt) {
    // A pixel's nine copies sum to 9 * channel in each lane: narrow gives it back.
    for (std::uint32_t v = 0; v <= 255; ++v) {
        const std::uint32_t pixel = v | (255 - v) << 8 | ((v * 7) & 0xFF) << 16 | (v ^ 0x5A) << 24;
        ASSERT_EQ(narrow(widen(pixel) * 9), pixel) << std::hex << pixel;
    }
}

TEST(WidenNarrow, WidenPutsEachByteInItsOwnLane) {
    EXPECT_EQ(widen(0xFFFFFFFF), 0x00FF'00FF'00FF'00FFu);
    EXPECT_EQ(widen(0x80000000), 0x0080'0000'0000'0000u);
    EXPECT_EQ(widen(0x0000007F), 0x0000'0000'0000'007Fu);
}

TEST(WidenNarrow, NarrowDividesEveryLaneOnItsOwn) {
    // Every sum in every lane, the other lanes empty and then full (2295):
    // no lane disturbs another.
    for (std::uint64_t sum = 0; sum <= 9 * 255; ++sum) {
        const auto expected = static_cast<std::uint32_t>((sum + 4) / 9);
        for (unsigned lane = 0; lane < 4; ++lane) {
            const std::uint64_t alone = sum << (16 * lane);
            const std::uint64_t full = 0x08F7'08F7'08F7'08F7 & ~(std::uint64_t{0xFFFF} << (16 * lane));
            ASSERT_EQ(narrow(alone), expected << (8 * lane)) << "sum " << sum << " lane " << lane;
            ASSERT_EQ(narrow(alone | full), (0xFFFFFFFFu & ~(0xFFu << (8 * lane))) | expected << (8 * lane));
        }
    }
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
    // Every width 1..20 with heights 1..5 (row tails of every length, an odd
    // last row, one-row and one-column images), and some larger shapes.
    std::vector<std::pair<std::size_t, std::size_t>> shapes = {{31, 9}, {64, 2}, {2, 64}, {33, 35}, {100, 7}};
    for (std::size_t width = 1; width <= 20; ++width) {
        for (std::size_t height = 1; height <= 5; ++height) shapes.emplace_back(width, height);
    }
    for (const auto& [width, height] : shapes) {
        const Pixels src = noise(width * height * 4, std::uint32_t(width * 31 + height));
        ASSERT_EQ(blurred(src, width, height), reference_blur(src, width, height)) << width << "x" << height;
    }
}

TEST(BlurRow, FinishesARowFromAnyPixel) {
    // blur_row(from) writes pixels from.. and nothing before: what the simd
    // build asks of it after its blocks.
    const std::size_t width = 11;
    const Pixels rows = noise(3 * width * 4, 99);
    const std::uint8_t* up = rows.data();
    const std::uint8_t* mid = up + width * 4;
    const std::uint8_t* down = mid + width * 4;
    Pixels whole(width * 4);
    blur_row(up, mid, down, whole.data(), width, 0);
    for (std::size_t from = 0; from < width; ++from) {
        Pixels part(width * 4, 0xAB);
        blur_row(up, mid, down, part.data(), width, from);
        Pixels expected = whole;
        std::fill_n(expected.begin(), from * 4, 0xAB);
        ASSERT_EQ(part, expected) << "from " << from;
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
