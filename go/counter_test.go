package main

import (
	"math"
	"testing"
)

func TestCounterWraps(t *testing.T) {
	c := &Counter{value: math.MaxInt32}
	if got := c.increment(); got != math.MinInt32 {
		t.Errorf("MaxInt32+1 = %d", got)
	}
}

func TestCountersAreIndependent(t *testing.T) {
	var hs []int32
	for i := 0; i < 100; i++ {
		h := newHandle(newCounter())
		if h == 0 {
			t.Fatal("newHandle returned 0")
		}
		for j := 0; j < i; j++ {
			counterAt(h).increment()
		}
		hs = append(hs, h)
	}
	for i, h := range hs {
		if got := counterAt(h).get(); got != int32(i) {
			t.Errorf("counter %d holds %d, want %d", i, got, i)
		}
	}
	for _, h := range hs {
		freeHandle(h)
	}
	freeHandle(0) // must do nothing
	if len(counters) != 0 {
		t.Errorf("%d counters still registered", len(counters))
	}
}

func TestRecycledCounterStartsAtZero(t *testing.T) {
	h := newHandle(newCounter())
	counterAt(h).increment()
	freeHandle(h)
	h = newHandle(newCounter()) // standard Go: likely the one just freed
	if got := counterAt(h).get(); got != 0 {
		t.Errorf("a new counter starts at %d", got)
	}
	freeHandle(h)
}
