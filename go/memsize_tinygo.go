//go:build tinygo.wasm

package main

// memoryPages returns the current size of linear memory in 64 KiB pages.
//
// TinyGo compiles through LLVM and takes no Go assembly. A body-less function
// whose //export name is an LLVM intrinsic becomes that intrinsic, here
// llvm.wasm.memory.size.i32, i.e. the memory.size instruction; TinyGo's own
// runtime reads memory size the same way (src/runtime/arch_tinygowasm.go).
// The argument is the memory index, always 0.
//
//export llvm.wasm.memory.size.i32
func wasmMemorySize(index int32) int32

func memoryPages() uint32 { return uint32(wasmMemorySize(0)) }
