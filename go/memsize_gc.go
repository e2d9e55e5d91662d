//go:build wasm && !tinygo

package main

// memoryPages returns the current size of linear memory in 64 KiB pages.
//
// The standard library has no API for it, so a four-instruction Go assembly
// function (memsize_wasm.s) runs wasm's memory.size. It is declared here
// without a body; the assembler supplies it.
func memoryPages() uint32
