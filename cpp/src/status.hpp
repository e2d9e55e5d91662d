// Status codes and the checks behind them: pure functions of plain numbers, tested natively.
//
// Every check returns a Status and nothing else: a std::optional or a pair comes
// back through the shadow stack in linear memory where a check is not inlined
// (cpp/NOTES.md). constexpr, so the tests check some at compile time.
#pragma once

#include <cstdint>

namespace rosetta {

// The contract's status codes (contract.toml [status]). [[nodiscard]]: a
// check whose result is dropped is a compile error under -Werror.
enum class [[nodiscard]] Status : std::int32_t {
    ok = 0,
    bad_dimensions = 1,
    out_of_bounds = 2,
    overlap = 3,
};

// The i32 an export returns.
constexpr std::int32_t code(Status status) noexcept { return static_cast<std::int32_t>(status); }

constexpr std::uint32_t kChannels = 4;  // RGBA8

// `width * height * 4`, or 0 for bad dimensions: a valid image has at least
// one pixel, so 0 is free to mean "invalid".
constexpr std::uint32_t image_len(std::int32_t width, std::int32_t height) noexcept {
    if (width <= 0 || height <= 0) return 0;
    const std::uint64_t len = std::uint64_t(width) * std::uint64_t(height) * kChannels;
    return len <= std::uint64_t{INT32_MAX} ? static_cast<std::uint32_t>(len) : 0;
}

// Is [ptr, ptr + len) non-null and wholly inside a memory of memory_size bytes?
constexpr Status check_buffer(std::uint32_t ptr, std::uint32_t len, std::uint64_t memory_size) noexcept {
    if (ptr == 0 || std::uint64_t{ptr} + len > memory_size) return Status::out_of_bounds;
    return Status::ok;
}

// Two half-open ranges share a byte iff each starts before the other ends.
constexpr Status check_no_overlap(std::uint32_t a, std::uint32_t b, std::uint32_t len) noexcept {
    if (a < std::uint64_t{b} + len && b < std::uint64_t{a} + len) return Status::overlap;
    return Status::ok;
}

// All of grayscale's checks, in contract order.
constexpr Status check_image(std::uint32_t ptr, std::int32_t width, std::int32_t height,
                             std::uint64_t memory_size) noexcept {
    const std::uint32_t len = image_len(width, height);
    if (len == 0) return Status::bad_dimensions;
    return check_buffer(ptr, len, memory_size);
}

// All of blur's checks, in contract order: src, then dst, then overlap.
constexpr Status check_blur(std::uint32_t src, std::uint32_t dst, std::int32_t width, std::int32_t height,
                            std::uint64_t memory_size) noexcept {
    const std::uint32_t len = image_len(width, height);
    if (len == 0) return Status::bad_dimensions;
    if (const Status s = check_buffer(src, len, memory_size); s != Status::ok) return s;
    if (const Status s = check_buffer(dst, len, memory_size); s != Status::ok) return s;
    return check_no_overlap(src, dst, len);
}

}  // namespace rosetta
