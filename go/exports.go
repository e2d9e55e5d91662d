//go:build wasm || tinygo.wasm

package main

import "unsafe"

// The WebAssembly boundary. Every value crossing it is an i32: Go's
// //go:wasmexport takes int32/uint32 (and a few other fixed-size types), not
// int, slices or structs. Addresses are uint32 because the contract reads
// them as unsigned offsets into linear memory; they become Go pointers only
// after the status checks have proven the range lies inside memory.

//go:wasmexport add
func add(a, b int32) int32 { return a + b } // wraps: Go defines signed overflow

// counter_new never returns 0 in practice: an allocation failure aborts the
// Go runtime instead of returning nil (see buffers.go).
//
//go:wasmexport counter_new
func counterNewExport() int32 { return counterNew() }

//go:wasmexport counter_increment
func counterIncrement(h int32) int32 { return counter(h).Increment() }

//go:wasmexport counter_get
func counterGet(h int32) int32 { return counter(h).Get() }

//go:wasmexport counter_free
func counterFree(h int32) { counterRelease(h) }

//go:wasmexport alloc
func alloc(n int32) uint32 { return uint32(allocate(n)) }

//go:wasmexport dealloc
func dealloc(ptr uint32, _ int32) { release(uintptr(ptr)) }

//go:wasmexport grayscale
func grayscaleExport(ptr uint32, width, height int32) int32 {
	n, status := checkGrayscale(ptr, width, height, memoryBytes())
	if status == statusOK {
		grayscale(bytesAt(ptr, n))
	}
	return status
}

//go:wasmexport blur
func blurExport(src, dst uint32, width, height int32) int32 {
	n, status := checkBlur(src, dst, width, height, memoryBytes())
	if status == statusOK {
		blur(bytesAt(src, n), bytesAt(dst, n), int(width), int(height))
	}
	return status
}

// bytesAt views n bytes of linear memory at ptr as a slice. Only call it on a
// range inMemory has accepted. In wasm every address below memory.size is
// addressable, so turning the integer into a pointer is sound here (go vet
// warns about the uintptr conversion in general; this is the exception).
// The slice does not keep anything alive: a buffer from alloc is kept by the
// buffers map, and a kernel allocates nothing, so no collection runs meanwhile.
func bytesAt(ptr, n uint32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(uintptr(ptr))), n)
}
