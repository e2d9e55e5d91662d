// The boundary: raw i32 arguments in, status codes out; the checks run before anything is touched.
//
// extern "C" keeps the names unmangled; the build's export list (from the
// contract, by ../scripts/rosetta-build exports) names exactly these. Nothing
// here throws or traps on the host's input: every failure is a return value
// (a status code, a null handle, a null pointer).
//
// Ownership: the host owns nothing in this module's memory. It holds
// integers: a Counter handle until counter_free, a buffer offset from alloc
// until dealloc. The kernels borrow the host's buffers for one call only.

#include <cstddef>
#include <cstdint>

#include "blur.hpp"
#include "buffers.hpp"
#include "counter.hpp"
#include "grayscale.hpp"
#include "status.hpp"

static_assert(sizeof(void*) == 4, "wasm32: an address fits an i32");

namespace {

using rosetta::Status;

// The current size of linear memory in bytes (64-bit: 65536 pages is 4 GiB).
std::uint64_t memory_size() noexcept {
    constexpr std::uint64_t kWasmPageBytes = 65536;
    return std::uint64_t{__builtin_wasm_memory_size(0)} * kWasmPageBytes;
}

}  // namespace

extern "C" {

std::int32_t add(std::int32_t a, std::int32_t b) noexcept {
    // Signed overflow is undefined behaviour in C++ (an optimizer may assume
    // it never happens), so the sum is taken in unsigned arithmetic, which
    // wraps modulo 2^32 by definition, and converted back: modular since
    // C++20. add(INT32_MAX, 1) == INT32_MIN, as the contract asks.
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
}

std::int32_t counter_new() noexcept { return rosetta::new_handle(); }

std::int32_t counter_increment(std::int32_t handle) noexcept { return rosetta::counter_at(handle)->increment(); }

std::int32_t counter_get(std::int32_t handle) noexcept { return rosetta::counter_at(handle)->get(); }

void counter_free(std::int32_t handle) noexcept { rosetta::free_handle(handle); }

std::int32_t alloc(std::int32_t len) noexcept { return rosetta::offset_of(rosetta::alloc(len)); }

void dealloc(std::int32_t ptr, std::int32_t len) noexcept { rosetta::dealloc(rosetta::pointer_at<void>(ptr), len); }

std::int32_t grayscale(std::int32_t ptr, std::int32_t width, std::int32_t height) noexcept {
    const Status status = rosetta::check_image(rosetta::address_of(ptr), width, height, memory_size());
    if (status != Status::ok) return rosetta::code(status);

    rosetta::grayscale(rosetta::pointer_at<std::uint8_t>(ptr), rosetta::image_len(width, height));
    return rosetta::code(Status::ok);
}

std::int32_t blur(std::int32_t src, std::int32_t dst, std::int32_t width, std::int32_t height) noexcept {
    const Status status =
        rosetta::check_blur(rosetta::address_of(src), rosetta::address_of(dst), width, height, memory_size());
    if (status != Status::ok) return rosetta::code(status);

    rosetta::blur(rosetta::pointer_at<const std::uint8_t>(src), rosetta::pointer_at<std::uint8_t>(dst),
                  static_cast<std::size_t>(width), static_cast<std::size_t>(height));
    return rosetta::code(Status::ok);
}

}  // extern "C"
