package main

import (
	"bytes"
	"math/rand"
	"testing"
)

// refGrayscale restates the contract as directly as possible, one pixel at a time.
func refGrayscale(src []byte) []byte {
	out := bytes.Clone(src)
	for i := 0; i < len(out); i += 4 {
		r, g, b := uint32(out[i]), uint32(out[i+1]), uint32(out[i+2])
		y := byte((19595*r + 38470*g + 7471*b + 32768) >> 16)
		out[i], out[i+1], out[i+2] = y, y, y
	}
	return out
}

// shapes are the image sizes both kernel tests try: one-pixel rows and
// columns, odd sizes, and a few that are not a multiple of any vector width.
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
		want := refGrayscale(img)
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
