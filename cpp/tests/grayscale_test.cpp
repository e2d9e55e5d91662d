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

TEST(Grayscale, MatchesTheFormulaOnEveryPixelOfANoiseImage) {
    Pixels rgba(4 * 1000);
    std::uint32_t seed = 12345;
    for (auto& byte : rgba) byte = std::uint8_t((seed = seed * 1103515245 + 12345) >> 16);
    const Pixels out = gray(rgba);
    for (std::size_t i = 0; i < rgba.size(); i += 4) {
        const std::uint32_t y = (19595 * rgba[i] + 38470 * rgba[i + 1] + 7471 * rgba[i + 2] + 32768) >> 16;
        ASSERT_EQ(out[i], y) << "pixel " << i / 4;
        ASSERT_EQ(out[i + 1], y);
        ASSERT_EQ(out[i + 2], y);
        ASSERT_EQ(out[i + 3], rgba[i + 3]);
    }
}

}  // namespace
}  // namespace rosetta
