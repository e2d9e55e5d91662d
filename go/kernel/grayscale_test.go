package kernel

import (
	"bytes"
	"encoding/binary"
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
		Grayscale(img)
		if !bytes.Equal(img, want) {
			t.Errorf("grayscale %dx%d differs from the reference", s[0], s[1])
		}
	}
}

// TestGrayscaleEveryLength runs the kernel over every length up to 16 pixels
// plus a few partial-pixel tails: the pair loop, an odd last pixel, and
// trailing bytes that must stay as they are.
func TestGrayscaleEveryLength(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for n := 0; n <= 16*4+3; n++ {
		img := make([]byte, n)
		rng.Read(img)
		want := bytes.Clone(img)
		copy(want, refGrayscale(img[:n/4*4]))
		Grayscale(img)
		if !bytes.Equal(img, want) {
			t.Errorf("grayscale of %d bytes: got %v, want %v", n, img, want)
		}
	}
}

// TestGrayPairIsLumaOfBothPixels checks the two-lane SWAR against the plain
// formula on noise: both grays right, both alphas kept.
func TestGrayPairIsLumaOfBothPixels(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for range 100000 {
		pair := rng.Uint64()
		b := binary.LittleEndian.AppendUint64(nil, pair)
		y0 := byte(luma(uint32(b[0]), uint32(b[1]), uint32(b[2])))
		y1 := byte(luma(uint32(b[4]), uint32(b[5]), uint32(b[6])))
		want := binary.LittleEndian.Uint64([]byte{y0, y0, y0, b[3], y1, y1, y1, b[7]})
		if got := grayPair(pair); got != want {
			t.Fatalf("grayPair(%#016x) = %#016x, want %#016x", pair, got, want)
		}
	}
}

func TestGrayscaleFixedPixels(t *testing.T) {
	px := []byte{255, 255, 255, 9, 0, 0, 0, 200, 255, 0, 0, 1, 0, 255, 0, 2, 0, 0, 255, 3}
	Grayscale(px)
	want := []byte{255, 255, 255, 9, 0, 0, 0, 200, 76, 76, 76, 1, 150, 150, 150, 2, 29, 29, 29, 3}
	if !bytes.Equal(px, want) {
		t.Errorf("got %v, want %v", px, want)
	}
}
