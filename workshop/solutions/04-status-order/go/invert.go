//go:build wasm || tinygo.wasm

// invert(ptr, width, height) returns a status: each colour byte becomes 255
// minus itself, alpha is kept; in place over RGBA8, with grayscale's checks.

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
	for i := 0; i+3 < len(pixels); i += 4 {
		pixels[i], pixels[i+1], pixels[i+2] = 255-pixels[i], 255-pixels[i+1], 255-pixels[i+2]
	}
	return int32(kernel.StatusOK)
}
