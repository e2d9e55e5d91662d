// Exercise 01: export `mul`, the wrapping product of two i32.
#include <cstdint>

// TODO: the boundary only carries i32; and the product must wrap.
extern "C" std::int64_t mul(std::int64_t a, std::int64_t b) noexcept { return a * b; }
