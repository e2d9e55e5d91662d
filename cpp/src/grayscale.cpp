// The scalar grayscale: the luma weights, the plain formula and two pixels per u64.
//
// memcpy is how C++ reads 8 bytes as a u64 without type punning (no undefined
// behaviour); it compiles to one i64.load.
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
    std::span<std::uint8_t> pixels{data, len};  // the host's buffer, for this call only
#if defined(__wasm_simd128__)
    // With simd128, four pixels at a time first (simd.cpp); the loops do the rest.
    pixels = pixels.subspan(simd::grayscale_simd(data, len));
#endif
    // Two pixels per u64; one pointer steps along (contract/README.md#why-wasm).
    std::uint8_t* at = pixels.data();
    std::uint8_t* const end = at + pixels.size();
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
