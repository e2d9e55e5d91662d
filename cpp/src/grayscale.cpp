#include "grayscale.hpp"

#include <span>

#include "simd.hpp"
#include "status.hpp"

namespace rosetta {

namespace {

// ITU-R 601-2 luma in 16-bit fixed point (contract/README.md).
std::uint8_t luma(std::uint32_t r, std::uint32_t g, std::uint32_t b) noexcept {
    return static_cast<std::uint8_t>((kLumaR * r + kLumaG * g + kLumaB * b + kLumaRound) >> kLumaShift);
}

}  // namespace

void grayscale(std::uint8_t* data, std::size_t len) noexcept {
    const std::span<std::uint8_t> rgba{data, len};  // the host's buffer, for this call only
    std::size_t i = 0;
#if defined(__wasm_simd128__)
    i = simd::grayscale_blocks(data, len);  // whole 16-byte blocks; the last 0-3 pixels below
#endif
    for (; i < rgba.size(); i += kChannels) {
        const std::uint8_t y = luma(rgba[i], rgba[i + 1], rgba[i + 2]);
        rgba[i] = rgba[i + 1] = rgba[i + 2] = y;
    }
}

}  // namespace rosetta
