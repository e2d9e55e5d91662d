package kernel

import "unsafe"

// ITU-R 601-2 luma in 16-bit fixed point (contract/README.md). The weights
// add up to 65536; lumaRound, half of it, rounds to nearest.
const (
	weightR   = 19595
	weightG   = 38470
	weightB   = 7471
	lumaRound = 32768
)

// luma is one pixel's gray, the plain formula. The largest sum is
// 255*65536 + 32768, so uint32 never overflows and the result is at most 255.
func luma(r, g, b uint32) uint32 {
	return (weightR*r + weightG*g + weightB*b + lumaRound) >> 16
}

// grayPair turns two RGBA pixels in one little-endian uint64 (pixel 0 in the
// low half) into their grays: each channel is masked into a 32-bit lane, so
// each weight is multiplied once for both pixels. A lane's sum stays below
// 2^25, so no carry crosses into the other pixel's lane.
func grayPair(pair uint64) uint64 {
	const lowBytes = 0x000000FF_000000FF
	sum := (pair&lowBytes)*weightR + (pair>>8&lowBytes)*weightG +
		(pair>>16&lowBytes)*weightB + lumaRound*0x00000001_00000001
	y := sum >> 16 & lowBytes
	// y <= 255, so y*0x010101 is y in bytes 0, 1 and 2 of each lane; alpha is kept.
	return y*0x010101 | pair&0xFF000000_FF000000
}

// Grayscale turns RGBA8 pixels to gray in place; alpha is kept. Two pixels
// at a time, as one uint64; an odd last pixel takes the plain formula, and
// trailing bytes that do not make a whole pixel are left alone.
func Grayscale(px []byte) {
	i := 0
	for ; i < len(px)-7; i += 8 {
		// One 8-byte load and store (wasm is little-endian, and so are the
		// machines the native tests run on). encoding/binary says the same
		// in byte loads, which TinyGo's LLVM does not fuse back here.
		p := (*uint64)(unsafe.Pointer(&px[i]))
		*p = grayPair(*p)
	}
	if i+4 <= len(px) {
		p := px[i : i+4 : i+4]
		y := byte(luma(uint32(p[0]), uint32(p[1]), uint32(p[2])))
		p[0], p[1], p[2] = y, y, y
	}
}
