// The simd128 versions of grayscale and blur, bit-identical to the scalar code, which does the rest.
//
// The scalar entry points call these when the build passes -msimd128.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rosetta::simd {

// Grayscale over the whole 16-byte blocks (four pixels) of the `len` bytes at
// `rgba`; returns the bytes done (the scalar loop does the last 0-3 pixels).
std::size_t grayscale_simd(std::uint8_t* rgba, std::size_t len) noexcept;

// The blur of blur.cpp for images at least 8 pixels wide: rows in pairs (an
// odd last row alone), then the scalar blur_row finishes each row.
void blur_simd(const std::uint8_t* src, std::uint8_t* dst, std::size_t width, std::size_t height) noexcept;

}  // namespace rosetta::simd
