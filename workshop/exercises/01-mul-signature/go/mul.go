//go:build wasm || tinygo.wasm

// Exercise 01: export mul, the wrapping product of two int32.

package main

// TODO: the boundary only carries i32; and the product must wrap.
//
//go:wasmexport mul
func mulExport(a, b int64) int64 { return a * b }
