// The scalar blur: sliding column sums, four channels per u64 (SWAR).
//
// A pixel is read and written with memcpy, the defined way to see 4 bytes as a
// u32 (one i32.load or i32.store) (contract/README.md#why-wasm).
#include "blur.hpp"

#include <bit>
#include <cstring>
#include <span>

#include "simd.hpp"
#include "status.hpp"

namespace rosetta {

// widen and narrow read a pixel as a little-endian u32, as wasm is.
static_assert(std::endian::native == std::endian::little);

void blur(const std::uint8_t* src_data, std::uint8_t* dst_data, std::size_t width, std::size_t height) noexcept {
#if defined(__wasm_simd128__)
    if (width >= 8) return simd::blur_simd(src_data, dst_data, width, height);
#endif
    const std::size_t stride = width * kChannels;
    const std::span<const std::uint8_t> src{src_data, height * stride};
    const std::span<std::uint8_t> dst{dst_data, height * stride};

    // Walk the rows keeping (above, current, below). Clamping y to the image
    // is reusing the current row at the top and bottom edges.
    const std::uint8_t* up = src.data();
    const std::uint8_t* mid = up;
    for (std::size_t y = 0; y < height; ++y) {
        const std::uint8_t* down = y + 1 < height ? mid + stride : mid;
        blur_row(up, mid, down, dst.subspan(y * stride, stride).data(), width, 0);
        up = mid;
        mid = down;
    }
}

namespace {

// A pixel is read and written with memcpy, the defined way to see 4 bytes as a
// u32 (one i32.load or i32.store). The column of pixel x: its three rows'
// channels summed in 16-bit lanes (each at most 3 * 255).
[[gnu::always_inline]] inline std::uint64_t column(const std::uint8_t* up, const std::uint8_t* mid,
                                                   const std::uint8_t* down, std::size_t x) noexcept {
    std::uint32_t p[3];
    std::memcpy(&p[0], up + x * kChannels, sizeof p[0]);
    std::memcpy(&p[1], mid + x * kChannels, sizeof p[1]);
    std::memcpy(&p[2], down + x * kChannels, sizeof p[2]);
    return widen(p[0]) + widen(p[1]) + widen(p[2]);
}

[[gnu::always_inline]] inline void store(std::uint8_t* out, std::size_t x, std::uint32_t pixel) noexcept {
    std::memcpy(out + x * kChannels, &pixel, sizeof pixel);
}

}  // namespace

void blur_row(const std::uint8_t* up, const std::uint8_t* mid, const std::uint8_t* down, std::uint8_t* out,
              std::size_t width, std::size_t from) noexcept {
    // Pixel x needs the columns of x-1, x and x+1; walking right, each column
    // is summed once and slides from `right` to `here` to `left`.
    std::uint64_t here = column(up, mid, down, from);
    std::uint64_t left = from == 0 ? here : column(up, mid, down, from - 1);
    // One pointer per row steps along, the right neighbour at the load's
    // offset 4 (contract/README.md#why-wasm).
    const std::size_t skip = from * kChannels;
    up += skip;
    mid += skip;
    down += skip;
    std::uint8_t* at = out + skip;
    std::uint8_t* const last = out + (width - 1) * kChannels;
    for (; at != last; at += kChannels, up += kChannels, mid += kChannels, down += kChannels) {
        const std::uint64_t right = column(up, mid, down, 1);
        store(at, 0, narrow(left + here + right));
        left = here;
        here = right;
    }
    store(last, 0, narrow(left + here + here));  // the last pixel's right neighbour is itself
}

}  // namespace rosetta
