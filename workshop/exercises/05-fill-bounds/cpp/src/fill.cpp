// Exercise 05: fill(ptr, len, value) -> status, every byte set to value.
#include <cstdint>

#include "buffers.hpp"
#include "status.hpp"

extern "C" std::int32_t fill(std::int32_t ptr, std::int32_t len, std::int32_t value) noexcept {
    // TODO: len <= 0 is bad_dimensions; a buffer that is null or not wholly
    // inside memory is out_of_bounds; both before anything is written.
    std::uint8_t* bytes = rosetta::pointer_at<std::uint8_t>(ptr);
    for (std::int32_t i = 0; i < len; ++i) bytes[i] = static_cast<std::uint8_t>(value);
    return rosetta::code(rosetta::Status::ok);
}
