//go:build wasm || tinygo.wasm

// Exercise 02: counter_reset(handle) returns the value the counter had.

package main

import "wasmrosetta/go/kernel"

//go:wasmexport counter_reset
func counterResetExport(h int32) int32 {
	c := kernel.CounterAt(h)
	// TODO: the counter must be back at 0 afterwards.
	return c.Get()
}
