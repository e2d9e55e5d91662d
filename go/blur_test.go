package main

import (
	"bytes"
	"math/rand"
	"testing"
)

// refBlur restates the contract as directly as possible: one pixel, one
// channel, nine neighbours at a time, with clamped coordinates.
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

func TestBlurMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, s := range shapes { // grayscale_test.go
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
