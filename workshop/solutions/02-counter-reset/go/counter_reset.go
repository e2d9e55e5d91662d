//go:build wasm || tinygo.wasm

// Exercise 02: counter_reset(handle) returns the value the counter had.

package main

import "wasmrosetta/go/kernel"

//go:wasmexport counter_reset
func counterResetExport(h int32) int32 {
	c := kernel.CounterAt(h)
	old := c.Get()
	*c = kernel.Counter{} // the zero value is a counter at 0; the handle still points here
	return old
}
