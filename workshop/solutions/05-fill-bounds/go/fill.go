//go:build wasm || tinygo.wasm

// fill(ptr, len, value) returns a status, every byte set to value.

package main

import "wasmrosetta/go/kernel"

//go:wasmexport fill
func fillExport(ptr uint32, n, value int32) int32 {
	if n <= 0 {
		return int32(kernel.StatusBadDimensions)
	}
	if s := kernel.CheckBuffer(ptr, uint32(n), memorySize()); s != kernel.StatusOK {
		return int32(s)
	}
	bytes := bytesAt(ptr, uint32(n))
	for i := range bytes {
		bytes[i] = byte(value)
	}
	return int32(kernel.StatusOK)
}
