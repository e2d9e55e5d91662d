package kernel

import (
	"runtime"
	"unsafe"
)

// maxBuffered caps the bytes handed out by alloc and not yet dealloc'ed.
//
// Neither Go runtime can *try* an allocation: when the heap needs more linear
// memory and memory.grow fails, standard Go aborts and TinyGo traps, and
// neither can be recovered. So alloc refuses early instead, at a quarter of
// the host's 1 GiB cap: room for the contract's two 4K images several times
// over, and for the garbage and free fragments a collector leaves besides.
const maxBuffered = 256 << 20

// collectPast is the linear-memory size past which standard Go collects
// before an alloc. A freed buffer stays garbage until the next collection,
// so "free 250 MiB, allocate 250 MiB" would otherwise grow memory every
// round, up to the cap. TinyGo collects before it grows its heap anyway.
const collectPast = 512 << 20

// buffers keeps every buffer handed to the host reachable, keyed by its
// address, until dealloc: an address alone keeps nothing alive.
var buffers = map[uintptr][]uint64{}

// buffered is the sum of the sizes of the buffers in the map, in bytes.
var buffered uintptr

// Alloc returns the address of a new zeroed buffer of n bytes, 8-byte
// aligned, or 0 when n <= 0 or the cap would be passed. memorySize is the
// current size of linear memory, which standard Go's pacing needs.
func Alloc(n int32, memorySize uint64) uintptr {
	if n <= 0 {
		return 0
	}
	size := (uintptr(n) + 7) &^ 7 // whole uint64 words; cannot overflow: n < 2^31
	if size > maxBuffered-buffered {
		return 0
	}
	if runtime.Compiler == "gc" && memorySize+uint64(size) > collectPast {
		runtime.GC()
	}
	// A []uint64 is 8-byte aligned by its element type on both toolchains;
	// the host sees bytes.
	words := make([]uint64, size/8)
	p := uintptr(unsafe.Pointer(&words[0]))
	buffers[p] = words
	buffered += size
	return p
}

// Dealloc drops the buffer at ptr; the next collection reclaims it. The size
// comes from our own record, not from n, so a wrong n cannot corrupt the
// accounting. Unknown addresses, 0 included, are ignored.
func Dealloc(ptr uintptr, _ int32) {
	words, ok := buffers[ptr]
	if !ok {
		return
	}
	delete(buffers, ptr)
	buffered -= uintptr(len(words)) * 8
}
