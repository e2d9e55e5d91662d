// Exercise 01: export `mul`, the wrapping product of two i32.
#include <cstdint>

// i32 in, i32 out. Signed overflow is undefined behaviour in C++, unsigned
// overflow wraps: multiply as uint32_t, then convert back (C++20 defines it).
extern "C" std::int32_t mul(std::int32_t a, std::int32_t b) noexcept {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) * static_cast<std::uint32_t>(b));
}
