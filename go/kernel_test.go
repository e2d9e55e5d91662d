package main

// Native unit tests (go test): the kernels, the status checks, counters and
// buffers, without WebAssembly. The wasm builds themselves are checked by
// the host (rosetta verify).

import (
	"bytes"
	"math"
	"math/rand"
	"testing"
)

// refGray and refBlur restate the contract as directly as possible: one
// pixel, one channel, nine neighbours at a time, with clamped coordinates.
func refGray(src []byte) []byte {
	out := bytes.Clone(src)
	for i := 0; i < len(out); i += 4 {
		r, g, b := uint32(out[i]), uint32(out[i+1]), uint32(out[i+2])
		y := byte((19595*r + 38470*g + 7471*b + 32768) >> 16)
		out[i], out[i+1], out[i+2] = y, y, y
	}
	return out
}

func refBlur(src []byte, w, h int) []byte {
	out := make([]byte, len(src))
	clamp := func(v, hi int) int { return min(max(v, 0), hi) }
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for c := 0; c < 4; c++ {
				var sum uint32
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						sum += uint32(src[(clamp(y+dy, h-1)*w+clamp(x+dx, w-1))*4+c])
					}
				}
				out[(y*w+x)*4+c] = byte((sum + 4) / 9)
			}
		}
	}
	return out
}

var shapes = [][2]int{{1, 1}, {1, 9}, {9, 1}, {2, 2}, {3, 3}, {5, 4}, {17, 13}, {64, 1}, {1, 64}, {33, 65}, {127, 31}}

func randomImage(rng *rand.Rand, w, h int) []byte {
	img := make([]byte, w*h*4)
	rng.Read(img)
	return img
}

func TestGrayscaleMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, s := range shapes {
		img := randomImage(rng, s[0], s[1])
		want := refGray(img)
		grayscale(img)
		if !bytes.Equal(img, want) {
			t.Errorf("grayscale %dx%d differs from the reference", s[0], s[1])
		}
	}
}

func TestGrayscaleFixedPixels(t *testing.T) {
	px := []byte{255, 255, 255, 9, 0, 0, 0, 200, 255, 0, 0, 1, 0, 255, 0, 2, 0, 0, 255, 3}
	grayscale(px)
	want := []byte{255, 255, 255, 9, 0, 0, 0, 200, 76, 76, 76, 1, 150, 150, 150, 2, 29, 29, 29, 3}
	if !bytes.Equal(px, want) {
		t.Errorf("got %v, want %v", px, want)
	}
}

func TestBlurMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, s := range shapes {
		w, h := s[0], s[1]
		img := randomImage(rng, w, h)
		got := make([]byte, len(img))
		blur(img, got, w, h)
		if want := refBlur(img, w, h); !bytes.Equal(got, want) {
			t.Errorf("blur %dx%d differs from the reference", w, h)
		}
	}
}

func TestBlurOnePixelIsItself(t *testing.T) {
	src, dst := []byte{1, 2, 3, 4}, make([]byte, 4)
	blur(src, dst, 1, 1)
	if !bytes.Equal(dst, src) {
		t.Errorf("got %v", dst)
	}
}

func TestImageLen(t *testing.T) {
	cases := []struct {
		w, h int32
		n    uint32
		ok   bool
	}{
		{1, 1, 4, true}, {0, 5, 0, false}, {5, -1, 0, false}, {math.MinInt32, 1, 0, false},
		{46341, 46341, 0, false},                 // 8.6e9 bytes
		{1 << 29, 1, 0, false},                   // exactly 2^31: one too many
		{1<<29 - 1, 1, 1<<31 - 4, true},          // the largest that fits
		{math.MaxInt32, math.MaxInt32, 0, false}, // would wrap in 32 or 64 bits without care
	}
	for _, c := range cases {
		n, ok := imageLen(c.w, c.h)
		if n != c.n || ok != c.ok {
			t.Errorf("imageLen(%d, %d) = %d, %v; want %d, %v", c.w, c.h, n, ok, c.n, c.ok)
		}
	}
}

func TestStatusOrder(t *testing.T) {
	const mem = 1 << 20
	cases := []struct {
		name      string
		got, want int32
	}{
		{"gray ok", status(checkGrayscale(64, 2, 2, mem)), statusOK},
		{"gray bad dims before null", status(checkGrayscale(0, 0, 2, mem)), statusBadDimensions},
		{"gray null", status(checkGrayscale(0, 2, 2, mem)), statusOutOfBounds},
		{"gray ends at memory end", status(checkGrayscale(mem-16, 2, 2, mem)), statusOK},
		{"gray one past", status(checkGrayscale(mem-15, 2, 2, mem)), statusOutOfBounds},
		{"gray near 4 GiB", status(checkGrayscale(math.MaxUint32-3, 2, 2, math.MaxUint32+1)), statusOutOfBounds},
		{"blur ok", status(checkBlur(64, 128, 2, 2, mem)), statusOK},
		{"blur src oob before overlap", status(checkBlur(mem-8, mem-8, 2, 2, mem)), statusOutOfBounds},
		{"blur dst null", status(checkBlur(64, 0, 2, 2, mem)), statusOutOfBounds},
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
}

func status(_ uint32, s int32) int32 { return s }

func TestCounters(t *testing.T) {
	var hs []int32
	for i := 0; i < 100; i++ {
		h := counterNew()
		if h == 0 {
			t.Fatal("counterNew returned 0")
		}
		for j := 0; j < i; j++ {
			counter(h).Increment()
		}
		hs = append(hs, h)
	}
	for i, h := range hs {
		if got := counter(h).Get(); got != int32(i) {
			t.Errorf("counter %d holds %d, want %d", i, got, i)
		}
	}
	for _, h := range hs {
		counterRelease(h)
	}
	counterRelease(0) // must do nothing
	if len(counters) != 0 {
		t.Errorf("%d counters still registered", len(counters))
	}
	h := counterNew()
	if got := counter(h).Get(); got != 0 {
		t.Errorf("a new (possibly recycled) counter starts at %d", got)
	}
	counterRelease(h)
}

func TestCounterWraps(t *testing.T) {
	c := &Counter{value: math.MaxInt32}
	if got := c.Increment(); got != math.MinInt32 {
		t.Errorf("MaxInt32+1 = %d", got)
	}
}

func TestAllocate(t *testing.T) {
	for _, n := range []int32{0, -1, math.MinInt32} {
		if p := allocate(n); p != 0 {
			t.Errorf("allocate(%d) = %#x, want 0", n, p)
		}
	}
	var ps []uintptr
	for n := int32(1); n < 100; n++ {
		p := allocate(n)
		if p == 0 || p%8 != 0 {
			t.Fatalf("allocate(%d) = %#x: not 8-byte aligned", n, p)
		}
		ps = append(ps, p)
	}
	for _, p := range ps {
		release(p)
	}
	release(0) // must do nothing
	if buffered != 0 || len(buffers) != 0 {
		t.Errorf("after releasing all: %d bytes in %d buffers", buffered, len(buffers))
	}
}

func TestAllocateRefusesPastTheCap(t *testing.T) {
	if p := allocate(math.MaxInt32); p != 0 {
		t.Errorf("allocate(MaxInt32) = %#x, want 0", p)
	}
	p := allocate(maxBuffered)
	if p == 0 {
		t.Fatal("allocate(maxBuffered) failed")
	}
	if q := allocate(8); q != 0 {
		t.Errorf("allocate past the cap = %#x, want 0", q)
	}
	release(p)
	q := allocate(8)
	if q == 0 {
		t.Error("allocate(8) failed after release")
	}
	release(q)
}
