package main

import "unsafe"

// Counter is the object behind a counter handle: an ordinary Go struct.
type Counter struct {
	value int32
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
// Why a map: the garbage collector does not scan the host, so a Counter whose
// only trace is an integer in the host would be freed under it. The map is a
// package variable, a GC root: a Counter stays alive while it is in the map,
// and once counterRelease has deleted it, it is the collector's.
//
// The handle is the Counter's own address, as a C library would hand out a
// pointer: it is never 0, it is unique among live counters for free, and it
// is reused only after its Counter has been freed. Both Go collectors used
// here never move objects, and linear memory is capped at 1 GiB, so the
// address is stable and fits in a positive int32.
var counters = map[int32]*Counter{}

// counterNew makes a Counter at 0, registers it and returns its handle.
func counterNew() int32 {
	c := newCounter() // collector_*.go: the two collectors want different things
	h := int32(uintptr(unsafe.Pointer(c)))
	counters[h] = c
	return h
}

// counter returns the live Counter behind h (nil for a handle that is not live;
// the contract never passes one).
func counter(h int32) *Counter { return counters[h] }

// counterRelease forgets h; its Counter is garbage from now on (standard Go
// recycles it first, see collector_gc.go). Unknown handles, 0 included, are
// ignored.
func counterRelease(h int32) {
	if c, ok := counters[h]; ok {
		delete(counters, h)
		recycleCounter(c)
	}
}
