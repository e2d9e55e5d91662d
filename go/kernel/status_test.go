package kernel

import (
	"math"
	"testing"
)

func TestImageLen(t *testing.T) {
	cases := []struct {
		w, h int32
		n    uint32
		s    Status
	}{
		{1, 1, 4, StatusOK},
		{3840, 2160, 3840 * 2160 * 4, StatusOK},
		{0, 5, 0, StatusBadDimensions},
		{5, -1, 0, StatusBadDimensions},
		{math.MinInt32, 1, 0, StatusBadDimensions},
		{46341, 46341, 0, StatusBadDimensions},                 // 8.6e9 bytes
		{1 << 29, 1, 0, StatusBadDimensions},                   // exactly 2^31: one too many
		{1<<29 - 1, 1, 1<<31 - 4, StatusOK},                    // the largest that fits
		{math.MaxInt32, math.MaxInt32, 0, StatusBadDimensions}, // would wrap in 32 or 64 bits without care
	}
	for _, c := range cases {
		if n, s := ImageLen(c.w, c.h); n != c.n || s != c.s {
			t.Errorf("ImageLen(%d, %d) = %d, %d; want %d, %d", c.w, c.h, n, s, c.n, c.s)
		}
	}
}

func TestCheckBuffer(t *testing.T) {
	const mem = 2 << 16
	cases := []struct {
		ptr, n uint32
		mem    uint64
		want   Status
	}{
		{0, 4, mem, StatusOutOfBounds}, // null
		{8, 4, mem, StatusOK},
		{mem - 4, 4, mem, StatusOK},          // ends exactly at the end of memory
		{mem - 3, 4, mem, StatusOutOfBounds}, // one byte past
		{math.MaxUint32 - 3, 8, mem, StatusOutOfBounds},
		{math.MaxUint32, math.MaxInt32, 1 << 32, StatusOutOfBounds}, // no 32-bit wrap
		{math.MaxUint32 - 3, 4, 1 << 32, StatusOK},                  // a full 4 GiB memory's last bytes
	}
	for _, c := range cases {
		if got := CheckBuffer(c.ptr, c.n, c.mem); got != c.want {
			t.Errorf("CheckBuffer(%d, %d, %d) = %d, want %d", c.ptr, c.n, c.mem, got, c.want)
		}
	}
}

func TestCheckNoOverlap(t *testing.T) {
	cases := []struct {
		a, b, n uint32
		want    Status
	}{
		{100, 200, 100, StatusOK}, // touching, not sharing
		{200, 100, 100, StatusOK},
		{100, 199, 100, StatusOverlap},
		{199, 100, 100, StatusOverlap},
		{100, 100, 4, StatusOverlap},
		{math.MaxUint32 - 3, 8, 4, StatusOK},
	}
	for _, c := range cases {
		if got := CheckNoOverlap(c.a, c.b, c.n); got != c.want {
			t.Errorf("CheckNoOverlap(%d, %d, %d) = %d, want %d", c.a, c.b, c.n, got, c.want)
		}
	}
}

func TestChecksRunInContractOrder(t *testing.T) {
	const mem = 1 << 20
	status := func(_ uint32, s Status) Status { return s }
	cases := []struct {
		name      string
		got, want Status
	}{
		{"gray ok", status(CheckImage(64, 2, 2, mem)), StatusOK},
		{"gray bad dims before null", status(CheckImage(0, 0, 2, mem)), StatusBadDimensions},
		{"gray null", status(CheckImage(0, 2, 2, mem)), StatusOutOfBounds},
		{"gray ends at memory end", status(CheckImage(mem-16, 2, 2, mem)), StatusOK},
		{"gray one past", status(CheckImage(mem-15, 2, 2, mem)), StatusOutOfBounds},
		{"blur ok", status(CheckBlur(64, 128, 2, 2, mem)), StatusOK},
		{"blur bad dims first", status(CheckBlur(0, 0, -1, 1, mem)), StatusBadDimensions},
		{"blur src null", status(CheckBlur(0, 64, 2, 2, mem)), StatusOutOfBounds},
		{"blur src oob before overlap", status(CheckBlur(mem-8, mem-8, 2, 2, mem)), StatusOutOfBounds},
		{"blur dst null", status(CheckBlur(64, 0, 2, 2, mem)), StatusOutOfBounds},
		{"blur dst oob before overlap", status(CheckBlur(16, 30, 2, 2, 40)), StatusOutOfBounds},
		{"blur same", status(CheckBlur(64, 64, 2, 2, mem)), StatusOverlap},
		{"blur one byte shared", status(CheckBlur(64, 79, 2, 2, mem)), StatusOverlap},
		{"blur dst before src", status(CheckBlur(79, 64, 2, 2, mem)), StatusOverlap},
		{"blur adjacent", status(CheckBlur(64, 80, 2, 2, mem)), StatusOK},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, c.got, c.want)
		}
	}
	if n, _ := CheckBlur(64, 128, 2, 2, mem); n != 16 {
		t.Errorf("CheckBlur's length = %d, want 16", n)
	}
}
