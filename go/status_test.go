package main

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
		{1, 1, 4, statusOK},
		{3840, 2160, 3840 * 2160 * 4, statusOK},
		{0, 5, 0, statusBadDimensions},
		{5, -1, 0, statusBadDimensions},
		{math.MinInt32, 1, 0, statusBadDimensions},
		{46341, 46341, 0, statusBadDimensions},                 // 8.6e9 bytes
		{1 << 29, 1, 0, statusBadDimensions},                   // exactly 2^31: one too many
		{1<<29 - 1, 1, 1<<31 - 4, statusOK},                    // the largest that fits
		{math.MaxInt32, math.MaxInt32, 0, statusBadDimensions}, // would wrap in 32 or 64 bits without care
	}
	for _, c := range cases {
		if n, s := imageLen(c.w, c.h); n != c.n || s != c.s {
			t.Errorf("imageLen(%d, %d) = %d, %d; want %d, %d", c.w, c.h, n, s, c.n, c.s)
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
		{0, 4, mem, statusOutOfBounds}, // null
		{8, 4, mem, statusOK},
		{mem - 4, 4, mem, statusOK},          // ends exactly at the end of memory
		{mem - 3, 4, mem, statusOutOfBounds}, // one byte past
		{math.MaxUint32 - 3, 8, mem, statusOutOfBounds},
		{math.MaxUint32, math.MaxInt32, 1 << 32, statusOutOfBounds}, // no 32-bit wrap
		{math.MaxUint32 - 3, 4, 1 << 32, statusOK},                  // a full 4 GiB memory's last bytes
	}
	for _, c := range cases {
		if got := checkBuffer(c.ptr, c.n, c.mem); got != c.want {
			t.Errorf("checkBuffer(%d, %d, %d) = %d, want %d", c.ptr, c.n, c.mem, got, c.want)
		}
	}
}

func TestCheckNoOverlap(t *testing.T) {
	cases := []struct {
		a, b, n uint32
		want    Status
	}{
		{100, 200, 100, statusOK}, // touching, not sharing
		{200, 100, 100, statusOK},
		{100, 199, 100, statusOverlap},
		{199, 100, 100, statusOverlap},
		{100, 100, 4, statusOverlap},
		{math.MaxUint32 - 3, 8, 4, statusOK},
	}
	for _, c := range cases {
		if got := checkNoOverlap(c.a, c.b, c.n); got != c.want {
			t.Errorf("checkNoOverlap(%d, %d, %d) = %d, want %d", c.a, c.b, c.n, got, c.want)
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
		{"gray ok", status(checkImage(64, 2, 2, mem)), statusOK},
		{"gray bad dims before null", status(checkImage(0, 0, 2, mem)), statusBadDimensions},
		{"gray null", status(checkImage(0, 2, 2, mem)), statusOutOfBounds},
		{"gray ends at memory end", status(checkImage(mem-16, 2, 2, mem)), statusOK},
		{"gray one past", status(checkImage(mem-15, 2, 2, mem)), statusOutOfBounds},
		{"blur ok", status(checkBlur(64, 128, 2, 2, mem)), statusOK},
		{"blur bad dims first", status(checkBlur(0, 0, -1, 1, mem)), statusBadDimensions},
		{"blur src null", status(checkBlur(0, 64, 2, 2, mem)), statusOutOfBounds},
		{"blur src oob before overlap", status(checkBlur(mem-8, mem-8, 2, 2, mem)), statusOutOfBounds},
		{"blur dst null", status(checkBlur(64, 0, 2, 2, mem)), statusOutOfBounds},
		{"blur dst oob before overlap", status(checkBlur(16, 30, 2, 2, 40)), statusOutOfBounds},
		{"blur same", status(checkBlur(64, 64, 2, 2, mem)), statusOverlap},
		{"blur one byte shared", status(checkBlur(64, 79, 2, 2, mem)), statusOverlap},
		{"blur dst before src", status(checkBlur(79, 64, 2, 2, mem)), statusOverlap},
		{"blur adjacent", status(checkBlur(64, 80, 2, 2, mem)), statusOK},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, c.got, c.want)
		}
	}
	if n, _ := checkBlur(64, 128, 2, 2, mem); n != 16 {
		t.Errorf("checkBlur's length = %d, want 16", n)
	}
}
