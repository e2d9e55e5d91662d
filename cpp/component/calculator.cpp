// The example:calc world as a component: one interface, one function.
//
// `wit-bindgen c` generates calculator.h (the function to define),
// calculator.c (the canonical-ABI export that calls it) and the world's WIT
// as a linkable object; the Makefile builds them into ../target/cpp/component/.
#include "calculator.h"

#include <cstdint>

extern "C" {

std::int32_t exports_example_calc_operations_add(std::int32_t a, std::int32_t b) {
    // The wrapping sum of src/exports.cpp's add: unsigned arithmetic wraps
    // modulo 2^32 by definition, and the conversion back is modular (C++20).
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
}

}  // extern "C"
