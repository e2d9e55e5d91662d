//go:build !tinygo

package main

import (
	"runtime"
	"sync"
)

// The two collectors pace themselves differently, and this file (standard Go)
// and collector_tinygo.go are where the kernel adapts to that.
//
// Standard Go collects when the heap has grown to about twice what was live
// after the last collection (GOGC=100), and never below 4 MiB of heap. Until
// then, freed objects are garbage that still occupies linear memory.

// spareCounters recycles freed Counters through a sync.Pool, Go's own tool
// for "relieving pressure on the garbage collector" by reusing objects.
//
// Why: a freed Counter is only 4 bytes of garbage, so about a million
// new/free cycles pass before the first collection while linear memory
// creeps up (we measured +512 KiB per 100,000 cycles, over the contract's
// 128 KiB). With the pool a new/free cycle allocates nothing. The pool is no
// leak: the runtime empties it at each collection, and the Counters in it
// are then really freed.
var spareCounters = sync.Pool{New: func() any { return new(Counter) }}

// newCounter returns a Counter at 0, reused when one is spare.
func newCounter() *Counter {
	c := spareCounters.Get().(*Counter)
	*c = Counter{}
	return c
}

// recycleCounter takes a Counter that nothing references any more.
func recycleCounter(c *Counter) { spareCounters.Put(c) }

// collectPast is the linear-memory size past which alloc collects garbage
// before a request, so that the request reuses freed memory instead of
// growing linear memory.
//
// Why: freed buffers stay garbage until the next collection, so "free 250
// MiB, allocate 250 MiB" grows memory by another 250 MiB, and a few such
// rounds passed the host's 1 GiB cap (we measured it; the runtime then
// aborts). runtime.GC() frees them first. It costs a full collection, but
// only for requests that would take memory past this size.
const collectPast = 512 << 20

// makeRoom prepares the heap for a request of size bytes.
func makeRoom(size uintptr) {
	if memoryBytes()+uint64(size) > collectPast {
		runtime.GC()
	}
}
