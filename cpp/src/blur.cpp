#include "blur.hpp"

#include <span>

#include "simd.hpp"
#include "status.hpp"

namespace rosetta {

namespace {

// Output bytes [begin, end) of interior pixels, whose neighbours both exist.
void blur_interior_bytes(const BlurRows& r, std::size_t begin, std::size_t end) noexcept {
    for (std::size_t i = begin; i < end; ++i) {
        r.out[i] = mean9(r.column(i - kChannels) + r.column(i) + r.column(i + kChannels));
    }
}

// Every byte of a row but those of its first and last pixel.
void blur_interior(const BlurRows& r, std::size_t stride) noexcept {
    std::size_t i = kChannels;
#if defined(__wasm_simd128__)
    i = simd::blur_blocks(r, stride);  // 16 bytes at a time; the last < 16 bytes below
#endif
    if (i + kChannels < stride) blur_interior_bytes(r, i, stride - kChannels);
}

}  // namespace

// 3x3 box blur with the border replicated; out = (sum + 4) / 9.
void blur(const std::uint8_t* src_data, std::uint8_t* dst_data, std::size_t width, std::size_t height) noexcept {
    const std::size_t stride = width * kChannels;
    const std::span<const std::uint8_t> src{src_data, height * stride};
    const std::span<std::uint8_t> dst{dst_data, height * stride};
    const auto row = [&](std::size_t y) { return src.subspan(y * stride, stride).data(); };

    for (std::size_t y = 0; y < height; ++y) {
        const BlurRows r{
            .up = row(y == 0 ? 0 : y - 1),
            .mid = row(y),
            .down = row(y + 1 == height ? y : y + 1),
            .out = dst.subspan(y * stride, stride).data(),
        };
        blur_interior(r, stride);

        // The first and last pixel replicate themselves past the edge (for a
        // one-pixel row they are the same pixel, and all three columns are it).
        const std::size_t last = stride - kChannels;
        for (std::size_t c = 0; c < kChannels; ++c) {
            const std::size_t second = width > 1 ? kChannels + c : c;
            const std::size_t before_last = width > 1 ? last - kChannels + c : c;
            r.out[c] = mean9(2 * r.column(c) + r.column(second));
            r.out[last + c] = mean9(r.column(before_last) + 2 * r.column(last + c));
        }
    }
}

}  // namespace rosetta
