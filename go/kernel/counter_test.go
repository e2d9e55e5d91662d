package kernel

import (
	"math"
	"testing"
)

func TestCounterWraps(t *testing.T) {
	c := &Counter{value: math.MaxInt32}
	if got := c.Increment(); got != math.MinInt32 {
		t.Errorf("MaxInt32+1 = %d", got)
	}
}

func TestCountersAreIndependent(t *testing.T) {
	var hs []int32
	for i := 0; i < 100; i++ {
		h := NewHandle(NewCounter())
		if h == 0 {
			t.Fatal("NewHandle returned 0")
		}
		for j := 0; j < i; j++ {
			CounterAt(h).Increment()
		}
		hs = append(hs, h)
	}
	for i, h := range hs {
		if got := CounterAt(h).Get(); got != int32(i) {
			t.Errorf("counter %d holds %d, want %d", i, got, i)
		}
	}
	for _, h := range hs {
		FreeHandle(h)
	}
	FreeHandle(0) // must do nothing
	if len(counters) != 0 {
		t.Errorf("%d counters still registered", len(counters))
	}
}

func TestRecycledCounterStartsAtZero(t *testing.T) {
	h := NewHandle(NewCounter())
	CounterAt(h).Increment()
	FreeHandle(h)
	h = NewHandle(NewCounter()) // standard Go: likely the one just freed
	if got := CounterAt(h).Get(); got != 0 {
		t.Errorf("a new counter starts at %d", got)
	}
	FreeHandle(h)
}
