//go:build wasm || tinygo.wasm

// Exercise 05: fill(ptr, len, value) returns a status, every byte set to value.

package main

import "wasmrosetta/go/kernel"

//go:wasmexport fill
func fillExport(ptr uint32, n, value int32) int32 {
	// TODO: n <= 0 is bad_dimensions; a buffer that is null or not wholly
	// inside memory is out_of_bounds; both before anything is written.
	bytes := bytesAt(ptr, uint32(n))
	for i := range bytes {
		bytes[i] = byte(value)
	}
	return int32(kernel.StatusOK)
}
