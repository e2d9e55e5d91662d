// fill(ptr, len, value) -> status, every byte set to value.
#include <cstdint>

#include "buffers.hpp"
#include "status.hpp"

extern "C" std::int32_t fill(std::int32_t ptr, std::int32_t len, std::int32_t value) noexcept {
    if (len <= 0) return rosetta::code(rosetta::Status::bad_dimensions);
    const std::uint64_t memory_size = std::uint64_t{__builtin_wasm_memory_size(0)} * 65536;
    const auto n = static_cast<std::uint32_t>(len);
    const rosetta::Status status = rosetta::check_buffer(rosetta::address_of(ptr), n, memory_size);
    if (status != rosetta::Status::ok) return rosetta::code(status);

    std::uint8_t* bytes = rosetta::pointer_at<std::uint8_t>(ptr);
    for (std::uint32_t i = 0; i < n; ++i) bytes[i] = static_cast<std::uint8_t>(value);
    return rosetta::code(rosetta::Status::ok);
}
