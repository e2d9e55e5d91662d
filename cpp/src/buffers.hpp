// Buffers in this module's memory for the host, and the i32 offsets that name
// them (and Counters) at the boundary.
#pragma once

#include <cstdint>

namespace rosetta {

// The boundary speaks i32; an offset is that i32 read as unsigned, and on
// wasm32 it is the address itself.
constexpr std::uint32_t address_of(std::int32_t offset) noexcept { return static_cast<std::uint32_t>(offset); }

template <typename T>
T* pointer_at(std::int32_t offset) noexcept {
    return reinterpret_cast<T*>(static_cast<std::uintptr_t>(address_of(offset)));
}

inline std::int32_t offset_of(const void* p) noexcept {
    return static_cast<std::int32_t>(reinterpret_cast<std::uintptr_t>(p));
}

// `len` bytes, 8-byte aligned; null on failure and for len <= 0.
void* alloc(std::int32_t len) noexcept;

// Frees a buffer from alloc; dealloc(nullptr, len) does nothing.
void dealloc(void* ptr, std::int32_t len) noexcept;

}  // namespace rosetta
