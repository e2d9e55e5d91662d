// The wasm-rosetta kernel in C++20 (contract: contract/README.md).
//
// Built by cpp/Makefile with Emscripten 3.1.6 (clang 14) as a standalone
// .wasm, no JS glue, and optionally with clang-19 for wasm32-wasi. The same
// source serves every build; only the flags differ.
//
// Dialect: no exceptions, no RTTI. A trap or an abort at the boundary is a
// crash for the host, so every function that can fail says so in its return
// value instead: a status code, a null handle, a null pointer. Nothing throws
// and nothing has virtual functions, and the tuned builds pass
// -fno-exceptions -fno-rtti so that neither throw nor typeinfo can creep in.
// (Emscripten already compiles with exception catching off, so the flags
// cost nothing here.)
//
// Ownership at the boundary: the host owns nothing in this module's memory.
// It holds integers: a Counter handle (the Counter's address) until it hands
// it back to counter_free, and a buffer address from alloc until it hands it
// back to dealloc. The kernels borrow the host's buffers for one call only.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <new>
#include <span>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

static_assert(sizeof(void*) == 4, "wasm32: an address fits an i32");

// ---------------------------------------------------------------------------
// Allocation that fails by returning null.
//
// Emscripten's libc++ is built without exceptions, and there even
// `new (std::nothrow)` aborts when memory runs out (it calls the throwing
// operator new, which aborts where it would throw): the module then imports
// wasi proc_exit and calls it, a crash for the host. The nothrow form is
// replaceable, so this module supplies it: null when malloc returns null, as
// the standard says. operator delete is replaced alongside so that new and
// delete visibly pair up with malloc and free.
// ---------------------------------------------------------------------------

void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

// Status codes (contract.toml [status]).
enum class Status : std::int32_t {
    ok = 0,
    bad_dimensions = 1,
    out_of_bounds = 2,
    overlap = 3,
};

constexpr std::int32_t code(Status s) noexcept { return static_cast<std::int32_t>(s); }

// ITU-R 601-2 luma in 16-bit fixed point (contract.toml [grayscale]).
constexpr std::uint32_t kLumaR = 19595;
constexpr std::uint32_t kLumaG = 38470;
constexpr std::uint32_t kLumaB = 7471;
constexpr std::uint32_t kLumaRound = 32768;
constexpr std::uint32_t kLumaShift = 16;

constexpr std::uint64_t kWasmPageBytes = 65536;
constexpr std::size_t kChannels = 4;  // RGBA8

// A counter: the real object behind a handle.
class Counter {
public:
    // Adds 1, wrapping from INT32_MAX to INT32_MIN, and returns the new value.
    std::int32_t increment() noexcept {
        ++value_;  // unsigned: wraps by definition, never undefined behaviour
        return get();
    }
    std::int32_t get() const noexcept {
        // Unsigned to signed is modular since C++20 (two's complement).
        return static_cast<std::int32_t>(value_);
    }

private:
    std::uint32_t value_ = 0;
};

// The boundary speaks i32; an address is that i32 read as unsigned.
std::uint32_t address_of(std::int32_t value) noexcept { return static_cast<std::uint32_t>(value); }

template <typename T>
T* pointer_at(std::uint32_t address) noexcept {
    return reinterpret_cast<T*>(static_cast<std::uintptr_t>(address));
}

std::int32_t to_i32(const void* p) noexcept {
    return static_cast<std::int32_t>(reinterpret_cast<std::uintptr_t>(p));
}

// The current size of linear memory in bytes (64-bit: 65536 pages is 4 GiB).
std::uint64_t memory_bytes() noexcept {
    return std::uint64_t{__builtin_wasm_memory_size(0)} * kWasmPageBytes;
}

// `width * height * 4`, or 0 if the dimensions are invalid (a valid image
// has at least one pixel, so 0 is free to mean "invalid"). A plain integer
// rather than a std::optional: where clang does not inline this (clang 14
// at -Oz), an optional comes back through the shadow stack in linear memory,
// and the error path would write to memory.
std::uint32_t image_bytes(std::int32_t width, std::int32_t height) noexcept {
    if (width <= 0 || height <= 0) return 0;
    const std::uint64_t len = std::uint64_t(width) * std::uint64_t(height) * kChannels;
    return len <= std::uint64_t{INT32_MAX} ? static_cast<std::uint32_t>(len) : 0;
}

// Is [address, address + len) non-null and wholly inside the current memory?
// Computed in 64 bits, so the sum cannot wrap.
bool in_memory(std::uint32_t address, std::uint32_t len) noexcept {
    return address != 0 && std::uint64_t{address} + len <= memory_bytes();
}

// ---------------------------------------------------------------------------
// grayscale
// ---------------------------------------------------------------------------

std::uint8_t luma(std::uint32_t r, std::uint32_t g, std::uint32_t b) noexcept {
    return static_cast<std::uint8_t>((kLumaR * r + kLumaG * g + kLumaB * b + kLumaRound) >> kLumaShift);
}

// In place over whole RGBA pixels; alpha is left alone.
void grayscale_pixels(std::span<std::uint8_t> rgba) noexcept {
    for (std::size_t i = 0; i < rgba.size(); i += kChannels) {
        const std::uint8_t y = luma(rgba[i], rgba[i + 1], rgba[i + 2]);
        rgba[i] = rgba[i + 1] = rgba[i + 2] = y;
    }
}

#if defined(__wasm_simd128__)
// The same arithmetic four pixels at a time. Neither clang 14 nor clang 19
// vectorizes the stride-4 loop above, so this spells it out (wasm_simd128.h).
// One pixel is one little-endian u32 lane, 0xAABBGGRR; the products are the
// scalar ones in u32 lanes (at most 255 * 65536 + 32768 < 2^24), so the
// result is bit-identical.
void grayscale_image(std::span<std::uint8_t> rgba) noexcept {
    const v128_t byte = wasm_i32x4_splat(0xFF);
    const v128_t alpha = wasm_i32x4_splat(static_cast<std::int32_t>(0xFF000000u));
    const v128_t kr = wasm_i32x4_splat(kLumaR);
    const v128_t kg = wasm_i32x4_splat(kLumaG);
    const v128_t kb = wasm_i32x4_splat(kLumaB);
    const v128_t round = wasm_i32x4_splat(kLumaRound);
    const v128_t splat3 = wasm_i32x4_splat(0x010101);  // y * 0x010101 == y | y << 8 | y << 16

    constexpr std::size_t kStep = sizeof(v128_t);  // 16 bytes, 4 pixels
    std::size_t i = 0;
    for (; i + kStep <= rgba.size(); i += kStep) {
        std::uint8_t* at = rgba.data() + i;
        const v128_t px = wasm_v128_load(at);
        const v128_t r = wasm_v128_and(px, byte);
        const v128_t g = wasm_v128_and(wasm_u32x4_shr(px, 8), byte);
        const v128_t b = wasm_v128_and(wasm_u32x4_shr(px, 16), byte);
        v128_t y = wasm_i32x4_add(wasm_i32x4_mul(r, kr), wasm_i32x4_mul(g, kg));
        y = wasm_i32x4_add(y, wasm_i32x4_add(wasm_i32x4_mul(b, kb), round));
        y = wasm_u32x4_shr(y, kLumaShift);
        wasm_v128_store(at, wasm_v128_or(wasm_i32x4_mul(y, splat3), wasm_v128_and(px, alpha)));
    }
    grayscale_pixels(rgba.subspan(i));  // the last 0-3 pixels
}
#else
void grayscale_image(std::span<std::uint8_t> rgba) noexcept { grayscale_pixels(rgba); }
#endif

// ---------------------------------------------------------------------------
// blur
// ---------------------------------------------------------------------------

// (sum + 4) / 9: the mean of nine u8 values, rounded to nearest.
std::uint8_t mean9(std::uint32_t sum) noexcept { return static_cast<std::uint8_t>((sum + 4) / 9); }

// Three rows of the source (above, here, below; replicated at the top and
// bottom edges) and the output row. A row is `stride` bytes; the same channel
// of the left and right neighbours is 4 bytes away, so each output byte is
// the sum of three column sums (above + here + below).
struct BlurRows {
    const std::uint8_t* up;
    const std::uint8_t* mid;
    const std::uint8_t* down;
    std::uint8_t* out;

    std::uint32_t column(std::size_t i) const noexcept { return std::uint32_t{up[i]} + mid[i] + down[i]; }
};

// Output bytes [begin, end) of interior pixels, whose neighbours both exist.
void blur_interior_bytes(const BlurRows& r, std::size_t begin, std::size_t end) noexcept {
    for (std::size_t i = begin; i < end; ++i) {
        r.out[i] = mean9(r.column(i - kChannels) + r.column(i) + r.column(i + kChannels));
    }
}

#if defined(__wasm_simd128__)
// The interior sixteen bytes at a time. clang 14 vectorizes the loop above by
// itself but then divides lane by lane, so this spells it out. Sums live in
// u16 lanes (at most 9 * 255 + 4 = 2299 < 2^16, so they are exact), and the
// division is a multiply by a rounded-up reciprocal: for 0 <= s < 2^16/9,
// s / 9 == (s * 58255) >> 19 exactly (58255 = ceil(2^19 / 9); the error
// term s * 7 / 2^19 / 9 stays below 1/9). The result is bit-identical.
v128_t mean9_u16x8(v128_t sum) noexcept {
    const v128_t rounded = wasm_i16x8_add(sum, wasm_u16x8_splat(4));
    const v128_t reciprocal = wasm_u16x8_splat(58255);
    const v128_t lo = wasm_u32x4_shr(wasm_u32x4_extmul_low_u16x8(rounded, reciprocal), 19);
    const v128_t hi = wasm_u32x4_shr(wasm_u32x4_extmul_high_u16x8(rounded, reciprocal), 19);
    return wasm_u16x8_narrow_i32x4(lo, hi);
}

void blur_interior(const BlurRows& r, std::size_t stride) noexcept {
    constexpr std::size_t kStep = sizeof(v128_t);
    std::size_t i = kChannels;
    for (; i + kStep + kChannels <= stride; i += kStep) {
        v128_t lo = wasm_i16x8_splat(0);
        v128_t hi = wasm_i16x8_splat(0);
        for (const std::uint8_t* row : {r.up, r.mid, r.down}) {
            for (const std::size_t at : {i - kChannels, i, i + kChannels}) {
                const v128_t bytes = wasm_v128_load(row + at);
                lo = wasm_i16x8_add(lo, wasm_u16x8_extend_low_u8x16(bytes));
                hi = wasm_i16x8_add(hi, wasm_u16x8_extend_high_u8x16(bytes));
            }
        }
        wasm_v128_store(r.out + i, wasm_u8x16_narrow_i16x8(mean9_u16x8(lo), mean9_u16x8(hi)));
    }
    if (i + kChannels < stride) blur_interior_bytes(r, i, stride - kChannels);  // the last < 16 bytes
}
#else
void blur_interior(const BlurRows& r, std::size_t stride) noexcept {
    if (stride > 2 * kChannels) blur_interior_bytes(r, kChannels, stride - kChannels);
}
#endif

// 3x3 box blur with replicated borders.
void blur_image(std::span<const std::uint8_t> src, std::span<std::uint8_t> dst,
                std::size_t width, std::size_t height) noexcept {
    const std::size_t stride = width * kChannels;
    const auto row = [&](std::size_t y) { return src.subspan(y * stride, stride).data(); };

    for (std::size_t y = 0; y < height; ++y) {
        const BlurRows r{
            .up = row(y == 0 ? 0 : y - 1),
            .mid = row(y),
            .down = row(y + 1 == height ? y : y + 1),
            .out = dst.subspan(y * stride, stride).data(),
        };
        blur_interior(r, stride);

        // The first and last pixel replicate themselves past the edge (for a
        // one-pixel row they are the same pixel, and all three columns are it).
        const std::size_t last = stride - kChannels;
        for (std::size_t c = 0; c < kChannels; ++c) {
            const std::size_t second = width > 1 ? kChannels + c : c;
            const std::size_t before_last = width > 1 ? last - kChannels + c : c;
            r.out[c] = mean9(2 * r.column(c) + r.column(second));
            r.out[last + c] = mean9(r.column(before_last) + 2 * r.column(last + c));
        }
    }
}

}  // namespace

// ---------------------------------------------------------------------------
// Exports. extern "C" keeps the names unmangled; the build's export list
// (-sEXPORTED_FUNCTIONS or --export) names exactly these.
// ---------------------------------------------------------------------------

extern "C" {

std::int32_t add(std::int32_t a, std::int32_t b) noexcept {
    // Signed overflow is undefined behaviour in C++ (an optimizer may assume
    // it never happens), so the sum is taken in unsigned arithmetic, which
    // wraps modulo 2^32 by definition, and converted back: modular since
    // C++20. add(INT32_MAX, 1) == INT32_MIN, as the contract asks.
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
}

std::int32_t counter_new() noexcept {
    // The handle is the Counter's address; null (0) when out of memory.
    return to_i32(new (std::nothrow) Counter{});
}

std::int32_t counter_increment(std::int32_t handle) noexcept {
    return pointer_at<Counter>(address_of(handle))->increment();
}

std::int32_t counter_get(std::int32_t handle) noexcept {
    return pointer_at<Counter>(address_of(handle))->get();
}

void counter_free(std::int32_t handle) noexcept {
    delete pointer_at<Counter>(address_of(handle));  // delete of null does nothing
}

std::int32_t alloc(std::int32_t len) noexcept {
    // malloc's result is aligned for any scalar type, which on wasm32 is at
    // least the 8 bytes the contract asks for.
    static_assert(alignof(std::max_align_t) >= 8);
    if (len <= 0) return 0;
    return to_i32(std::malloc(static_cast<std::size_t>(len)));
}

void dealloc(std::int32_t ptr, [[maybe_unused]] std::int32_t len) noexcept {
    // malloc remembers the size, so `len` is not needed; free(null) does nothing.
    std::free(pointer_at<void>(address_of(ptr)));
}

std::int32_t grayscale(std::int32_t ptr, std::int32_t width, std::int32_t height) noexcept {
    const std::uint32_t len = image_bytes(width, height);
    if (len == 0) return code(Status::bad_dimensions);
    if (!in_memory(address_of(ptr), len)) return code(Status::out_of_bounds);

    // A view of the host's buffer for this call only.
    grayscale_image({pointer_at<std::uint8_t>(address_of(ptr)), len});
    return code(Status::ok);
}

std::int32_t blur(std::int32_t src, std::int32_t dst, std::int32_t width, std::int32_t height) noexcept {
    const std::uint32_t len = image_bytes(width, height);
    if (len == 0) return code(Status::bad_dimensions);
    const std::uint32_t from = address_of(src);
    const std::uint32_t to = address_of(dst);
    if (!in_memory(from, len) || !in_memory(to, len)) return code(Status::out_of_bounds);
    // Two half-open ranges share a byte iff each starts before the other ends
    // (compared as 64-bit integers, so no sum wraps).
    const std::uint64_t n = len;
    if (from < to + n && to < from + n) return code(Status::overlap);

    blur_image({pointer_at<const std::uint8_t>(from), len}, {pointer_at<std::uint8_t>(to), len},
               static_cast<std::size_t>(width), static_cast<std::size_t>(height));
    return code(Status::ok);
}

}  // extern "C"
