//go:build !tinygo

#include "textflag.h"

// func memoryPages() uint32
// Go's wasm ABI passes results on the Go stack: push SP (the address of the
// result slot ret+0(FP)), then memory.size (pages, an i32), store it there.
TEXT ·memoryPages(SB), NOSPLIT, $0-4
	Get SP
	CurrentMemory
	I32Store ret+0(FP)
	RET
