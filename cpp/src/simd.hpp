// The simd128 halves of grayscale and blur, which call them when the build
// passes -msimd128 (it defines __wasm_simd128__). Each does whole 16-byte
// blocks and returns where the scalar loop goes on.
#pragma once

#include <cstddef>
#include <cstdint>

#include "blur.hpp"

namespace rosetta::simd {

// Grayscale over the whole 16-byte blocks of the `len` bytes at `rgba`;
// returns the bytes done.
std::size_t grayscale_blocks(std::uint8_t* rgba, std::size_t len) noexcept;

// Blurs a row's interior bytes from byte 4 on, 16 at a time; returns the
// first byte not done.
std::size_t blur_blocks(const BlurRows& r, std::size_t stride) noexcept;

}  // namespace rosetta::simd
