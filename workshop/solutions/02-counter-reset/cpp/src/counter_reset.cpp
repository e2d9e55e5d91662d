// Exercise 02: counter_reset(handle) -> the value the counter had.
#include <cstdint>

#include "counter.hpp"

extern "C" std::int32_t counter_reset(std::int32_t handle) noexcept {
    rosetta::Counter* counter = rosetta::counter_at(handle);
    const std::int32_t old = counter->get();
    *counter = rosetta::Counter{};  // a fresh object at 0, in the same place
    return old;
}
