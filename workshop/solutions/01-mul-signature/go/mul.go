//go:build wasm || tinygo.wasm

// Exercise 01: export mul, the wrapping product of two int32.

package main

// int32 in, int32 out; Go defines signed overflow as wrapping.
//
//go:wasmexport mul
func mulExport(a, b int32) int32 { return a * b }
