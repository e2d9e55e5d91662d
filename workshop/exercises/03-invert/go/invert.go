//go:build wasm || tinygo.wasm

// Exercise 03: invert(ptr, width, height) returns a status: each colour byte
// becomes 255 minus itself, alpha is kept; in place over RGBA8.

package main

import "wasmrosetta/go/kernel"

//go:wasmexport invert
func invertExport(ptr uint32, width, height int32) int32 {
	// The contract's checks, in its order, before anything is written.
	n, s := kernel.CheckImage(ptr, width, height, memorySize())
	if s != kernel.StatusOK {
		return int32(s)
	}
	pixels := bytesAt(ptr, n)
	// TODO: 255 - R, G and B of every pixel; alpha kept.
	_ = pixels
	return int32(kernel.StatusOK)
}
