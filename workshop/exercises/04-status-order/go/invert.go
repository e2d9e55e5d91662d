//go:build wasm || tinygo.wasm

// Exercise 04: a working invert whose checks come in the wrong order.

package main

import "wasmrosetta/go/kernel"

//go:wasmexport invert
func invertExport(ptr uint32, width, height int32) int32 {
	// TODO: the contract checks in another order (contract/README.md, "Status codes").
	if ptr == 0 {
		return int32(kernel.StatusOutOfBounds)
	}
	n, s := kernel.ImageLen(width, height)
	if s != kernel.StatusOK {
		return int32(s)
	}
	if s := kernel.CheckBuffer(ptr, n, memorySize()); s != kernel.StatusOK {
		return int32(s)
	}
	pixels := bytesAt(ptr, n)
	for i := 0; i+3 < len(pixels); i += 4 {
		pixels[i], pixels[i+1], pixels[i+2] = 255-pixels[i], 255-pixels[i+1], 255-pixels[i+2]
	}
	return int32(kernel.StatusOK)
}
