package kernel

import (
	"bytes"
	"encoding/binary"
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

func TestDiv9IsExactForEverySum(t *testing.T) {
	for sum := uint32(0); sum <= 9*255; sum++ {
		if got, want := div9(sum), (sum+4)/9; got != want {
			t.Fatalf("div9(%d) = %d, want %d", sum, got, want)
		}
	}
}

// TestNarrowUndoesNineWidens: a pixel's nine copies sum to 9*channel in each
// lane, and narrow gives the pixel back, for every byte value in every lane.
func TestNarrowUndoesNineWidens(t *testing.T) {
	for v := uint32(0); v <= 255; v++ {
		pixel := v | (255-v)<<8 | (v*7&255)<<16 | (v^0x5A)<<24
		if got := narrow(widen(pixel) * 9); got != pixel {
			t.Errorf("narrow(widen(%#08x) * 9) = %#08x", pixel, got)
		}
	}
}

// TestNarrowDividesEachLaneAlone: every sum in each lane, with the largest
// sum in the lane beside it, so a carry across lanes would show.
func TestNarrowDividesEachLaneAlone(t *testing.T) {
	for sum := uint64(0); sum <= 9*255; sum++ {
		for lane := range 4 {
			sums := sum<<(16*lane) | 2295<<(16*((lane+1)%4))
			got := binary.LittleEndian.AppendUint32(nil, narrow(sums))
			if want := byte((sum + 4) / 9); got[lane] != want {
				t.Fatalf("narrow lane %d of sum %d = %d, want %d", lane, sum, got[lane], want)
			}
		}
	}
}

func TestWidenSpreadsBytesIntoLanes(t *testing.T) {
	if got := widen(0xDDCCBBAA); got != 0x00DD00CC_00BB00AA {
		t.Errorf("widen(0xDDCCBBAA) = %#016x", got)
	}
}

// TestBlurMatchesReference covers every width 1..20 with heights 1..5 (the
// row ends, one-pixel rows and columns, first and last rows), then the
// larger shapes the grayscale test uses.
func TestBlurMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	var all [][2]int
	for w := 1; w <= 20; w++ {
		for h := 1; h <= 5; h++ {
			all = append(all, [2]int{w, h})
		}
	}
	for _, s := range append(all, shapes...) { // shapes: grayscale_test.go
		w, h := s[0], s[1]
		img := randomImage(rng, w, h)
		got := make([]byte, len(img))
		Blur(img, got, w, h)
		if want := refBlur(img, w, h); !bytes.Equal(got, want) {
			t.Errorf("blur %dx%d differs from the reference", w, h)
		}
	}
}

// TestBlurRowFromAnyPixel: a simd build would finish each row with blurRow
// from the pixel where its blocks stopped. Every start must give the
// reference's pixels from there on and leave the ones before it alone.
func TestBlurRowFromAnyPixel(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for w := 1; w <= 20; w++ {
		img := randomImage(rng, w, 3)
		want := refBlur(img, w, 3)[w*4 : 2*w*4]
		stride := w * 4
		for from := 0; from <= w; from++ {
			out := bytes.Repeat([]byte{0xEE}, stride)
			blurRow(img[:stride], img[stride:2*stride], img[2*stride:], out, w, from)
			if !bytes.Equal(out[from*4:], want[from*4:]) {
				t.Errorf("blurRow width %d from %d: got %v, want %v", w, from, out[from*4:], want[from*4:])
			}
			if !bytes.Equal(out[:from*4], bytes.Repeat([]byte{0xEE}, from*4)) {
				t.Errorf("blurRow width %d from %d wrote before from", w, from)
			}
		}
	}
}

func TestBlurOnePixelIsItself(t *testing.T) {
	src, dst := []byte{1, 2, 3, 4}, make([]byte, 4)
	Blur(src, dst, 1, 1)
	if !bytes.Equal(dst, src) {
		t.Errorf("got %v", dst)
	}
}
