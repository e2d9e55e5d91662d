//go:build tinygo

package main

// The two collectors pace themselves differently (see collector_gc.go).
// TinyGo's collector runs whenever its heap has no free block for a request,
// before it grows the heap (by doubling it). Freed Counters and buffers are
// therefore reclaimed before linear memory grows, and nothing here needs to
// help; helping would only cost bytes.

// newCounter returns a new Counter at 0.
func newCounter() *Counter { return new(Counter) }

// recycleCounter does nothing: the Counter is garbage, and will be collected.
func recycleCounter(*Counter) {}

// makeRoom does nothing: TinyGo collects before it grows.
func makeRoom(uintptr) {}
