#include "grayscale.hpp"

#include <bit>
#include <cstring>
#include <span>

#include "simd.hpp"
#include "status.hpp"

namespace rosetta {

// gray_pair reads a pixel pair as a little-endian u64, as wasm is.
static_assert(std::endian::native == std::endian::little);

void grayscale(std::uint8_t* data, std::size_t len) noexcept {
    std::span<std::uint8_t> rgba{data, len};  // the host's buffer, for this call only
#if defined(__wasm_simd128__)
    rgba = rgba.subspan(simd::grayscale_simd(data, len));  // four pixels at a time; the last 0-3 below
#endif
    // Two pixels per u64. memcpy is how C++ reads 8 bytes as a u64 without
    // type punning (no undefined behaviour); it compiles to one i64.load. One
    // pointer steps along: wasm has no base+index addressing.
    std::uint8_t* at = rgba.data();
    std::uint8_t* const end = at + rgba.size();
    constexpr std::size_t kPair = 2 * kChannels;
    for (; end - at >= std::ptrdiff_t{kPair}; at += kPair) {
        std::uint64_t pair;
        std::memcpy(&pair, at, kPair);
        pair = gray_pair(pair);
        std::memcpy(at, &pair, kPair);
    }
    if (at != end) {  // an odd last pixel
        at[0] = at[1] = at[2] = luma(at[0], at[1], at[2]);
    }
}

}  // namespace rosetta
