// Status codes and the checks behind them: pure functions of plain numbers, tested natively.
//
// Each check returns a Status the way Go returns an error: last, and
// statusOK when all is well. A check that also computes something (the
// image's length) returns it first, as in (n, err). 64-bit sums of 32-bit
// numbers cannot overflow, so "does it fit" is a plain comparison.

package main

// Status is the code grayscale and blur return, checked in this order.
type Status int32

const (
	statusOK            Status = 0
	statusBadDimensions Status = 1 // a side <= 0, or width*height*4 > MaxInt32
	statusOutOfBounds   Status = 2 // a buffer is null or not wholly in memory
	statusOverlap       Status = 3 // blur's src and dst share a byte
)

// imageLen returns width*height*4, the byte length of an RGBA8 image. The
// pixel count is formed in 64 bits (at most about 2^62, no wrap) and compared
// before the *4, which could wrap even 64 bits: (2^31-1)^2 * 4 is just under 2^64.
func imageLen(width, height int32) (uint32, Status) {
	if width <= 0 || height <= 0 {
		return 0, statusBadDimensions
	}
	pixels := int64(width) * int64(height)
	if pixels > (1<<31-1)/4 {
		return 0, statusBadDimensions
	}
	return uint32(pixels * 4), statusOK
}

// checkBuffer checks that [ptr, ptr+n) is non-null and lies wholly inside a
// linear memory of memorySize bytes.
func checkBuffer(ptr, n uint32, memorySize uint64) Status {
	if ptr == 0 || uint64(ptr)+uint64(n) > memorySize {
		return statusOutOfBounds
	}
	return statusOK
}

// checkNoOverlap checks that [a, a+n) and [b, b+n) share no byte.
func checkNoOverlap(a, b, n uint32) Status {
	if uint64(a) < uint64(b)+uint64(n) && uint64(b) < uint64(a)+uint64(n) {
		return statusOverlap
	}
	return statusOK
}

// All of grayscale's checks, in contract order.
func checkImage(ptr uint32, width, height int32, memorySize uint64) (uint32, Status) {
	n, s := imageLen(width, height)
	if s != statusOK {
		return 0, s
	}
	if s := checkBuffer(ptr, n, memorySize); s != statusOK {
		return 0, s
	}
	return n, statusOK
}

// All of blur's checks, in contract order: src, then dst, then overlap.
func checkBlur(src, dst uint32, width, height int32, memorySize uint64) (uint32, Status) {
	n, s := checkImage(src, width, height, memorySize)
	if s != statusOK {
		return 0, s
	}
	if s := checkBuffer(dst, n, memorySize); s != statusOK {
		return 0, s
	}
	if s := checkNoOverlap(src, dst, n); s != statusOK {
		return 0, s
	}
	return n, statusOK
}
