package kernel

import (
	"math"
	"testing"
)

func TestAlloc(t *testing.T) {
	for _, n := range []int32{0, -1, math.MinInt32} {
		if p := Alloc(n, 0); p != 0 {
			t.Errorf("Alloc(%d) = %#x, want 0", n, p)
		}
	}
	var ps []uintptr
	for n := int32(1); n < 100; n++ {
		p := Alloc(n, 0)
		if p == 0 || p%8 != 0 {
			t.Fatalf("Alloc(%d) = %#x: not 8-byte aligned", n, p)
		}
		ps = append(ps, p)
	}
	for _, p := range ps {
		Dealloc(p, 0)
	}
	Dealloc(0, 0) // must do nothing
	if buffered != 0 || len(buffers) != 0 {
		t.Errorf("after dealloc of all: %d bytes in %d buffers", buffered, len(buffers))
	}
}

func TestAllocRefusesPastTheCap(t *testing.T) {
	if p := Alloc(math.MaxInt32, 0); p != 0 {
		t.Errorf("Alloc(MaxInt32) = %#x, want 0", p)
	}
	p := Alloc(maxBuffered, collectPast) // past collectPast: collects first
	if p == 0 {
		t.Fatal("Alloc(maxBuffered) failed")
	}
	if q := Alloc(8, 0); q != 0 {
		t.Errorf("alloc past the cap = %#x, want 0", q)
	}
	Dealloc(p, maxBuffered)
	q := Alloc(8, 0)
	if q == 0 {
		t.Error("Alloc(8) failed after dealloc")
	}
	Dealloc(q, 8)
}
