// Exercise 04: a working invert whose checks come in the wrong order.
#include <cstdint>

#include "buffers.hpp"
#include "status.hpp"

extern "C" std::int32_t invert(std::int32_t ptr, std::int32_t width, std::int32_t height) noexcept {
    const std::uint64_t memory_size = std::uint64_t{__builtin_wasm_memory_size(0)} * 65536;
    // TODO: the contract checks in another order (contract/README.md, "Status codes").
    if (ptr == 0) return rosetta::code(rosetta::Status::out_of_bounds);
    if (width <= 0 || height <= 0) return rosetta::code(rosetta::Status::bad_dimensions);
    const rosetta::Status status = rosetta::check_image(rosetta::address_of(ptr), width, height, memory_size);
    if (status != rosetta::Status::ok) return rosetta::code(status);

    std::uint8_t* pixels = rosetta::pointer_at<std::uint8_t>(ptr);
    const std::uint32_t len = rosetta::image_len(width, height);
    for (std::uint32_t i = 0; i < len; i += 4) {
        for (std::uint32_t c = 0; c < 3; ++c) pixels[i + c] = static_cast<std::uint8_t>(255 - pixels[i + c]);
    }
    return rosetta::code(rosetta::Status::ok);
}
