// Exercise 02: counter_reset(handle) -> the value the counter had.
#include <cstdint>

#include "counter.hpp"

extern "C" std::int32_t counter_reset(std::int32_t handle) noexcept {
    rosetta::Counter* counter = rosetta::counter_at(handle);
    // TODO: the counter must be back at 0 afterwards.
    return counter->get();
}
