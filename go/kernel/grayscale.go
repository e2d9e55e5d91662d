// The scalar grayscale: the luma weights, the plain formula and two pixels per u64.
//
// A pixel pair is one 8-byte load through unsafe.Pointer: encoding/binary
// says the same in byte loads, which TinyGo's LLVM does not fuse back here.

package kernel

import "unsafe"

// ITU-R 601-2 luma in 16-bit fixed point (contract.toml [grayscale]). The
// weights add up to 65536; the rounding is half of it.
const (
	lumaR     = 19595
	lumaG     = 38470
	lumaB     = 7471
	lumaRound = 32768
	lumaShift = 16
)

// luma is one pixel, the plain formula (for an odd last pixel). The largest sum is
// 255 * 65536 + 32768, so uint32 never overflows and the result is at most 255.
func luma(r, g, b uint32) uint32 {
	return (lumaR*r + lumaG*g + lumaB*b + lumaRound) >> lumaShift
}

// grayPair turns two RGBA pixels in one little-endian uint64 (pixel 0 in bits 0-31) into their
// grays, SWAR: each channel is masked into two 32-bit lanes and multiplied by
// its weight once for both pixels. A lane's sum stays below 2^24, so no carry
// crosses into the other pixel. y * 0x010101 puts y in R, G and B; alpha is kept.
func grayPair(pair uint64) uint64 {
	const lowBytes = 0x000000FF_000000FF
	const alpha = 0xFF000000_FF000000
	r := pair & lowBytes
	g := pair >> 8 & lowBytes
	b := pair >> 16 & lowBytes
	sum := r*lumaR + g*lumaG + b*lumaB + lumaRound*0x00000001_00000001
	y := sum >> lumaShift & lowBytes
	return y*0x010101 | pair&alpha
}

// Grayscale works in place over RGBA8: R = G = B = luma, alpha unchanged. Two pixels at a time;
// an odd last pixel takes the plain formula, and trailing bytes that do not
// make a whole pixel are left alone.
func Grayscale(pixels []byte) {
	i := 0
	for ; i < len(pixels)-7; i += 8 {
		pair := (*uint64)(unsafe.Pointer(&pixels[i]))
		*pair = grayPair(*pair)
	}
	if i+4 <= len(pixels) {
		px := pixels[i : i+4 : i+4]
		y := byte(luma(uint32(px[0]), uint32(px[1]), uint32(px[2])))
		px[0], px[1], px[2] = y, y, y
	}
}
