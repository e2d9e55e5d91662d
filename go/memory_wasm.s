// memoryPages for standard Go (declared in exports.go). Go's wasm ABI passes
// arguments and results on the Go stack: push SP, run memory.size (pages, an
// i32; the index argument is always 0), store it in the result slot.

#include "textflag.h"

// func memoryPages(index int32) int32
TEXT ·memoryPages(SB), NOSPLIT, $0-12
	Get SP
	CurrentMemory
	I32Store ret+8(FP)
	RET
