package kernel

import (
	"runtime"
	"sync"
	"unsafe"
)

// Counter is the object behind a counter handle: an ordinary Go struct.
type Counter struct {
	value int32
}

// spareCounters recycles freed Counters (standard Go only).
//
// Standard Go collects only once its heap has doubled, and never below
// 4 MiB, so freed 4-byte Counters would pile up for a million cycles; a
// sync.Pool is Go's own tool for taking that pressure off the collector, and
// the runtime empties it at each collection, so it leaks nothing. TinyGo
// collects before it grows its heap and needs no help. runtime.Compiler is a
// constant, so each compiler drops the other's branch: TinyGo links no pool.
var spareCounters = sync.Pool{New: func() any { return new(Counter) }}

// NewCounter returns a Counter at 0.
func NewCounter() *Counter {
	if runtime.Compiler == "gc" {
		c := spareCounters.Get().(*Counter)
		*c = Counter{}
		return c
	}
	return new(Counter)
}

// Increment adds one and returns the new value. Go defines signed overflow
// as two's-complement wrapping, so MaxInt32+1 is MinInt32 with no special code.
func (c *Counter) Increment() int32 {
	c.value++
	return c.value
}

// Get returns the current value.
func (c *Counter) Get() int32 { return c.value }

// counters keeps every live Counter reachable, keyed by its handle.
//
// The garbage collector does not scan the host, so a Counter whose only
// trace is an integer in the host would be freed under it. The map is a
// package variable, a GC root: a Counter stays alive while it is in the map.
var counters = map[int32]*Counter{}

// NewHandle registers c and returns its handle: its own address, as a C
// library hands out a pointer. That is never 0 and unique among live
// counters for free; neither Go collector moves objects, and linear memory
// is capped at 1 GiB, so it is stable and fits in a positive int32.
func NewHandle(c *Counter) int32 {
	h := int32(uintptr(unsafe.Pointer(c)))
	counters[h] = c
	return h
}

// CounterAt returns the live Counter behind h (nil for a handle that is not
// live; the contract never passes one).
func CounterAt(h int32) *Counter { return counters[h] }

// FreeHandle forgets h; from then on its Counter is the collector's (or, in
// standard Go, the pool's). Unknown handles, 0 included, are ignored.
func FreeHandle(h int32) {
	c, ok := counters[h]
	if !ok {
		return
	}
	delete(counters, h)
	if runtime.Compiler == "gc" {
		spareCounters.Put(c)
	}
}
