// The Counter: a real C++ object behind each handle the host holds.
#pragma once

#include <cstdint>

#include "buffers.hpp"

namespace rosetta {

class Counter {
public:
    // A new counter is at 0.
    constexpr Counter() noexcept = default;

    // Adds 1, wrapping from INT32_MAX to INT32_MIN, and returns the new value.
    constexpr std::int32_t increment() noexcept {
        ++value_;  // unsigned: wraps by definition, never undefined behaviour
        return get();
    }

    constexpr std::int32_t get() const noexcept {
        // Unsigned to signed is modular since C++20 (two's complement).
        return static_cast<std::int32_t>(value_);
    }

private:
    std::uint32_t value_ = 0;
};

// A handle is the Counter's address as the boundary's i32; 0 is no counter.
inline std::int32_t handle_of(const Counter* counter) noexcept { return offset_of(counter); }
inline Counter* counter_at(std::int32_t handle) noexcept { return pointer_at<Counter>(handle); }

}  // namespace rosetta
