#include "grayscale.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace rosetta {
namespace {

using Pixels = std::vector<std::uint8_t>;

Pixels gray(Pixels rgba) {
    grayscale(rgba.data(), rgba.size());
    return rgba;
}

// Known values, by hand from y = (19595 R + 38470 G + 7471 B + 32768) >> 16
// (the same as Pillow's convert("L")).
TEST(Grayscale, KnownPixels) {
    EXPECT_EQ(gray({255, 0, 0, 255}), (Pixels{76, 76, 76, 255}));     // red
    EXPECT_EQ(gray({0, 255, 0, 255}), (Pixels{150, 150, 150, 255}));  // green
    EXPECT_EQ(gray({0, 0, 255, 255}), (Pixels{29, 29, 29, 255}));     // blue
    EXPECT_EQ(gray({10, 200, 30, 7}), (Pixels{124, 124, 124, 7}));
    EXPECT_EQ(gray({255, 255, 255, 0}), (Pixels{255, 255, 255, 0}));  // white: the weights sum to 65536
}

TEST(Grayscale, EveryGrayStaysAndAlphaIsKept) {
    Pixels rgba;
    for (int v = 0; v < 256; ++v) {
        const auto y = static_cast<std::uint8_t>(v);
        rgba.insert(rgba.end(), {y, y, y, static_cast<std::uint8_t>(255 - v)});
    }
    EXPECT_EQ(gray(rgba), rgba);
}

Pixels noise(std::size_t len, std::uint32_t seed) {
    Pixels bytes(len);
    for (auto& byte : bytes) byte = std::uint8_t((seed = seed * 1103515245 + 12345) >> 16);
    return bytes;
}

static_assert(luma(255, 255, 255) == 255 && luma(255, 0, 0) == 76);
static_assert(gray_pair(0x07'1E'C8'0A'FF'00'00'FF) == 0x07'7C'7C'7C'FF'4C'4C'4C);  // red, then {10, 200, 30, 7}

TEST(Grayscale, MatchesTheFormulaOnEveryPixelOfANoiseImage) {
    // Odd pixel counts and every count up to 20 exercise the tails (a whole
    // u64 pair, an odd last pixel, and in the simd build, blocks of four).
    for (std::size_t pixels : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 19, 20, 33, 1000}) {
        const Pixels rgba = noise(4 * pixels, std::uint32_t(12345 + pixels));
        const Pixels out = gray(rgba);
        for (std::size_t i = 0; i < rgba.size(); i += 4) {
            const std::uint32_t y = (19595 * rgba[i] + 38470 * rgba[i + 1] + 7471 * rgba[i + 2] + 32768) >> 16;
            ASSERT_EQ(out[i], y) << "pixel " << i / 4 << " of " << pixels;
            ASSERT_EQ(out[i + 1], y);
            ASSERT_EQ(out[i + 2], y);
            ASSERT_EQ(out[i + 3], rgba[i + 3]);
        }
    }
}

TEST(GrayPair, IsTheLumaOfBothPixels) {
    const Pixels bytes = noise(8 * 4096, 0x12345678);
    for (std::size_t i = 0; i < bytes.size(); i += 8) {
        std::uint64_t pair = 0;
        for (std::size_t k = 0; k < 8; ++k) pair |= std::uint64_t{bytes[i + k]} << (8 * k);  // little-endian
        const std::uint64_t y0 = luma(bytes[i], bytes[i + 1], bytes[i + 2]);
        const std::uint64_t y1 = luma(bytes[i + 4], bytes[i + 5], bytes[i + 6]);
        const std::uint64_t expected = y0 * 0x010101 | std::uint64_t{bytes[i + 3]} << 24 |  //
                                       (y1 * 0x010101) << 32 | std::uint64_t{bytes[i + 7]} << 56;
        ASSERT_EQ(gray_pair(pair), expected) << "pair " << i / 8;
    }
}

TEST(Luma, IsThePlainFormulaForEveryGrayAndEveryPrimary) {
    for (std::uint32_t v = 0; v <= 255; ++v) {
        ASSERT_EQ(luma(v, v, v), v);
        ASSERT_EQ(luma(v, 0, 0), (19595 * v + 32768) >> 16);
        ASSERT_EQ(luma(0, v, 0), (38470 * v + 32768) >> 16);
        ASSERT_EQ(luma(0, 0, v), (7471 * v + 32768) >> 16);
    }
}

}  // namespace
}  // namespace rosetta
