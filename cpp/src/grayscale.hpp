#pragma once

#include <cstddef>
#include <cstdint>

namespace rosetta {

// The luma weights and rounding (contract.toml [grayscale]).
constexpr std::uint32_t kLumaR = 19595;
constexpr std::uint32_t kLumaG = 38470;
constexpr std::uint32_t kLumaB = 7471;
constexpr std::uint32_t kLumaRound = 32768;
constexpr std::uint32_t kLumaShift = 16;

// In place over the `len` bytes of whole RGBA pixels at `rgba`; alpha is left alone.
void grayscale(std::uint8_t* rgba, std::size_t len) noexcept;

}  // namespace rosetta
