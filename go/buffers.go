package main

import "unsafe"

// maxBuffered caps the bytes handed out by alloc and not yet dealloc'ed.
//
// Why a cap at all: neither Go runtime can *try* an allocation. When the heap
// needs more linear memory and memory.grow fails (the host stops every
// instance at 1 GiB), standard Go aborts with "fatal error: out of memory"
// and TinyGo traps; neither can be recovered, so alloc could never return 0.
// We refuse early instead.
//
// Why 256 MiB: the contract needs two 3840x2160 RGBA images (about 64 MiB),
// and a quarter of the cap leaves room for what a collector needs besides the
// live buffers: garbage not yet collected, and free memory split into pieces
// (see makeRoom in collector_*.go).
//
// What it does not promise: a heap fragmented on purpose (small buffers kept
// alive at wide intervals, then one huge request) can still need more linear
// memory than the host allows, and then the runtime aborts as above.
const maxBuffered = 256 << 20

// buffers keeps every buffer handed to the host reachable, keyed by its
// address, so the garbage collector neither frees nor (in principle) moves
// it until dealloc. Go's collectors do not move objects, but reachability is
// what the language promises; an address alone keeps nothing alive.
var buffers = map[uintptr][]uint64{}

// buffered is the sum of the sizes of the buffers in the map, in bytes.
var buffered uintptr

// allocate returns the address of a new zeroed buffer of n bytes, 8-byte
// aligned, or 0 when n <= 0 or the cap above would be passed.
func allocate(n int32) uintptr {
	if n <= 0 {
		return 0
	}
	size := (uintptr(n) + 7) &^ 7 // whole uint64 words; cannot overflow: n < 2^31
	if size > maxBuffered-buffered {
		return 0
	}
	makeRoom(size) // collector_*.go
	// A []uint64 is 8-byte aligned by its element type on both toolchains,
	// which is the alignment the contract asks for; the host sees bytes.
	words := make([]uint64, size/8)
	p := uintptr(unsafe.Pointer(&words[0]))
	buffers[p] = words
	buffered += size
	return p
}

// release drops the buffer at p; its memory is reclaimed by the next
// collection. The size comes from our own record, not from the caller, so a
// wrong len cannot corrupt the accounting. Unknown addresses (0 included)
// are ignored.
func release(p uintptr) {
	words, ok := buffers[p]
	if !ok {
		return
	}
	delete(buffers, p)
	buffered -= uintptr(len(words)) * 8
}
