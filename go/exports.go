// The boundary: raw i32 arguments in, status codes out; the checks run before anything is touched.
//
// Every value crossing it is an i32: //go:wasmexport takes int32/uint32 (and
// a few other fixed-size types), never int, slices or structs. Addresses are
// uint32 because the contract reads them as unsigned offsets into linear
// memory; they become Go pointers only after the checks have proven the
// range lies inside memory. This file is built for wasm only (gc's GOARCH
// wasm, TinyGo's tinygo.wasm tag): natively there is no linear memory.

//go:build wasm || tinygo.wasm

package main

import (
	"unsafe"

	"wasmrosetta/go/kernel"
)

//go:wasmexport add
func addExport(a, b int32) int32 { return a + b } // wraps: Go defines signed overflow

// counter_new never returns 0 in practice: Go cannot try an allocation, and
// a failed one aborts the runtime instead of returning nil.
//
//go:wasmexport counter_new
func counterNewExport() int32 { return kernel.NewHandle(kernel.NewCounter()) }

//go:wasmexport counter_increment
func counterIncrementExport(h int32) int32 { return kernel.CounterAt(h).Increment() }

//go:wasmexport counter_get
func counterGetExport(h int32) int32 { return kernel.CounterAt(h).Get() }

//go:wasmexport counter_free
func counterFreeExport(h int32) { kernel.FreeHandle(h) }

//go:wasmexport alloc
func allocExport(n int32) uint32 { return uint32(kernel.Alloc(n, memorySize())) }

//go:wasmexport dealloc
func deallocExport(ptr uint32, n int32) { kernel.Dealloc(uintptr(ptr), n) }

//go:wasmexport grayscale
func grayscaleExport(ptr uint32, width, height int32) int32 {
	n, s := kernel.CheckImage(ptr, width, height, memorySize())
	if s == kernel.StatusOK {
		kernel.Grayscale(bytesAt(ptr, n))
	}
	return int32(s)
}

//go:wasmexport blur
func blurExport(src, dst uint32, width, height int32) int32 {
	n, s := kernel.CheckBlur(src, dst, width, height, memorySize())
	if s == kernel.StatusOK {
		kernel.Blur(bytesAt(src, n), bytesAt(dst, n), int(width), int(height))
	}
	return int32(s)
}

// bytesAt views n bytes of linear memory at ptr as a slice. Only call it on a
// range the checks have accepted: in wasm every address below memory.size is
// addressable, so turning the integer into a pointer is sound here (go vet's
// unsafeptr check warns about it in general). The slice keeps nothing alive:
// a buffer from alloc is kept by the buffers map.
func bytesAt(ptr, n uint32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(uintptr(ptr))), n)
}

// memorySize is the current size of linear memory in bytes; memory.size
// counts 64 KiB pages.
func memorySize() uint64 { return uint64(uint32(memoryPages(0))) << 16 }

// memoryPages runs wasm's memory.size instruction on memory index 0. Go has
// no API for it, so the function has no body here, and each compiler fills it
// in its own way:
//   - TinyGo compiles through LLVM and takes no Go assembly: a body-less
//     function exported under an LLVM intrinsic's name becomes that
//     intrinsic, as in TinyGo's own runtime (src/runtime/arch_tinygowasm.go);
//   - standard Go ignores //export outside cgo and links the Go assembly in
//     memory_wasm.s, which TinyGo never sees (it builds wasm as GOARCH=arm).
//
//export llvm.wasm.memory.size.i32
func memoryPages(index int32) int32
