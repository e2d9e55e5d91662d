#include "buffers.hpp"

#include <cstddef>
#include <cstdlib>
#include <new>

// Allocation that fails by returning null. Emscripten's libc++ is built
// without exceptions, and there even `new (std::nothrow)` aborts when memory
// runs out (it calls the throwing operator new, which aborts where it would
// throw): the module then imports wasi proc_exit and calls it, a crash for
// the host. The nothrow form is replaceable, so this module supplies it: null
// when malloc returns null, as the standard says. operator delete is replaced
// alongside, so that new and delete visibly pair up with malloc and free.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return std::malloc(size == 0 ? 1 : size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace rosetta {

void* alloc(std::int32_t len) noexcept {
    // malloc's result is aligned for any scalar type, which on wasm32 is at
    // least the 8 bytes the contract asks for.
    static_assert(alignof(std::max_align_t) >= 8);
    if (len <= 0) return nullptr;
    return std::malloc(static_cast<std::size_t>(len));
}

void dealloc(void* ptr, [[maybe_unused]] std::int32_t len) noexcept {
    // malloc remembers the size, so `len` is not needed; free(nullptr) does nothing.
    std::free(ptr);
}

}  // namespace rosetta
