//go:build !wasm && !tinygo.wasm

package main

// memoryPages on a native build (go test) has no linear memory to measure:
// the tests pass memory sizes to the checks explicitly.
func memoryPages() uint32 { return 0 }
