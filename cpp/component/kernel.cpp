// The rosetta:kernel world as a component: add, a counter resource, grayscale
// and blur over list<u8>, on the kernel's own code (src/).
//
// `wit-bindgen c` generates kernel.h, the C functions this file defines; its
// kernel.c lifts the arguments and lowers the results. The canonical ABI's
// ownership rules, as that C API states them:
// - a list argument is this side's to free (its bytes came from cabi_realloc,
//   which is realloc);
// - a list result is the host's: after copying it out, the bindings free it
//   (the post-return function calls free);
// - a resource's representation is this side's object; the bindings call
//   the destructor when the host drops the last handle.
#include "kernel.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

#include "../src/blur.hpp"
#include "../src/counter.hpp"
#include "../src/grayscale.hpp"
#include "../src/status.hpp"

// The counter resource's representation: the kernel's own Counter. The
// bindings declare the type and leave its definition to the component.
struct exports_rosetta_kernel_counters_counter_t {
    rosetta::Counter counter;
};

namespace {

using rosetta::Status;
using ErrorCode = exports_rosetta_kernel_image_error_code_t;
using Handle = exports_rosetta_kernel_counters_own_counter_t;
using Rep = exports_rosetta_kernel_counters_counter_t;

// The WIT enum mirrors the core status codes 1..3 one for one, from 0.
constexpr ErrorCode error_code(Status status) noexcept { return static_cast<ErrorCode>(rosetta::code(status) - 1); }
static_assert(error_code(Status::bad_dimensions) == EXPORTS_ROSETTA_KERNEL_IMAGE_ERROR_CODE_BAD_DIMENSIONS);
static_assert(error_code(Status::out_of_bounds) == EXPORTS_ROSETTA_KERNEL_IMAGE_ERROR_CODE_OUT_OF_BOUNDS);
static_assert(error_code(Status::overlap) == EXPORTS_ROSETTA_KERNEL_IMAGE_ERROR_CODE_OVERLAP);

// A list<u8> this side owns: freed with std::free (as the bindings free
// lists) when it goes out of scope, unless release() hands it to the host.
class Bytes {
public:
    // Takes over a list the bindings lifted. An empty list's pointer is not
    // malloc's (cabi_realloc answers `align` for 0 bytes), so it is never
    // freed: the bindings' own free functions skip empty lists too.
    explicit Bytes(const kernel_list_u8_t& list) noexcept : data_(list.len > 0 ? list.ptr : nullptr), size_(list.len) {}

    // `size` new bytes. Out of memory traps: WIT's result has no code for it,
    // and wasi-libc's abort is the trap instruction.
    static Bytes allocate(std::size_t size) noexcept {
        auto* data = static_cast<std::uint8_t*>(std::malloc(size));
        if (data == nullptr) std::abort();
        return Bytes({data, size});
    }

    std::uint8_t* data() const noexcept { return data_.get(); }
    std::size_t size() const noexcept { return size_; }

    // Gives the bytes up, as a list result.
    kernel_list_u8_t release() noexcept { return {data_.release(), size_}; }

private:
    struct Free {
        void operator()(std::uint8_t* p) const noexcept { std::free(p); }
    };
    std::unique_ptr<std::uint8_t, Free> data_;
    std::size_t size_;
};

// The core module's checks, in its order: the dimensions (src/status.hpp),
// then the buffer, which here is the list: exactly width * height * 4 bytes.
Status check_image(const Bytes& pixels, std::uint32_t width, std::uint32_t height) noexcept {
    // A side above INT32_MAX makes width * height * 4 too large anyway.
    if (width > INT32_MAX || height > INT32_MAX) return Status::bad_dimensions;
    const std::uint32_t len = rosetta::image_len(static_cast<std::int32_t>(width), static_cast<std::int32_t>(height));
    if (len == 0) return Status::bad_dimensions;
    return pixels.size() == len ? Status::ok : Status::out_of_bounds;
}

}  // namespace

extern "C" {

std::int32_t exports_rosetta_kernel_operations_add(std::int32_t a, std::int32_t b) {
    // The wrapping sum of src/exports.cpp's add (unsigned wraps; C++20 converts back modulo 2^32).
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
}

Handle exports_rosetta_kernel_counters_constructor_counter() {
    // A constructor cannot fail in WIT: out of memory traps (as in Bytes::allocate).
    Rep* rep = new (std::nothrow) Rep{};
    if (rep == nullptr) std::abort();
    return exports_rosetta_kernel_counters_counter_new(rep);
}

std::int32_t exports_rosetta_kernel_counters_method_counter_increment(Rep* self) { return self->counter.increment(); }

std::int32_t exports_rosetta_kernel_counters_method_counter_get(Rep* self) { return self->counter.get(); }

// The host dropped the handle: the Counter is freed.
void exports_rosetta_kernel_counters_counter_destructor(Rep* rep) { delete rep; }

bool exports_rosetta_kernel_image_grayscale(kernel_list_u8_t* pixels, std::uint32_t width, std::uint32_t height,
                                            kernel_list_u8_t* ret, ErrorCode* err) {
    Bytes image(*pixels);
    if (const Status status = check_image(image, width, height); status != Status::ok) {
        *err = error_code(status);
        return false;
    }
    // In place, and the same bytes go back.
    rosetta::grayscale(image.data(), image.size());
    *ret = image.release();
    return true;
}

bool exports_rosetta_kernel_image_blur(kernel_list_u8_t* pixels, std::uint32_t width, std::uint32_t height,
                                       kernel_list_u8_t* ret, ErrorCode* err) {
    const Bytes src(*pixels);
    if (const Status status = check_image(src, width, height); status != Status::ok) {
        *err = error_code(status);
        return false;
    }
    Bytes dst = Bytes::allocate(src.size());
    rosetta::blur(src.data(), dst.data(), width, height);
    *ret = dst.release();
    return true;
}

}  // extern "C"
