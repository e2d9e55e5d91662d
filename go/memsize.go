package main

// memoryBytes is the current size of linear memory in bytes: memory.size
// counts 64 KiB pages. memoryPages differs by toolchain (memsize_*.go).
func memoryBytes() uint64 { return uint64(memoryPages()) << 16 }
