// The Counter: a real C++ object behind each handle the host holds.
#pragma once

#include <cstdint>
#include <new>

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
// A new counter at 0, as its handle; 0 when out of memory (buffers.cpp makes
// the nothrow new return null).
inline std::int32_t new_handle() noexcept { return offset_of(new (std::nothrow) Counter{}); }

// The counter behind a live handle.
inline Counter* counter_at(std::int32_t handle) noexcept { return pointer_at<Counter>(handle); }

// Frees the counter behind a handle; 0 does nothing (delete of null).
inline void free_handle(std::int32_t handle) noexcept { delete counter_at(handle); }

}  // namespace rosetta
