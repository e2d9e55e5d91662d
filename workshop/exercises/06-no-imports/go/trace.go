//go:build wasm || tinygo.wasm

// Exercise 06: add_traced(a, b), the sum, printed on its way out.

package main

// TODO: a host that links nothing cannot give the module this function.
//
//go:wasmimport env trace
func trace(value int32)

//go:wasmexport add_traced
func addTracedExport(a, b int32) int32 {
	sum := a + b
	trace(sum)
	return sum
}
