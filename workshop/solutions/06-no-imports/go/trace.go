//go:build wasm || tinygo.wasm

// add_traced(a, b): the sum. The value goes back as the result, which any
// host can print; nothing is asked of the host.

package main

//go:wasmexport add_traced
func addTracedExport(a, b int32) int32 { return a + b }
