// Status codes and the checks behind them: pure functions of plain numbers, tested natively.
//
// Each check returns a Status the way Go returns an error: last, and
// StatusOK when all is well. A check that also computes something (the
// image's length) returns it first, as in (n, err). 64-bit sums of 32-bit
// numbers cannot overflow, so "does it fit" is a plain comparison.

package kernel

// Status is the code grayscale and blur return, checked in this order.
type Status int32

const (
	StatusOK            Status = 0
	StatusBadDimensions Status = 1 // a side <= 0, or width*height*4 > MaxInt32
	StatusOutOfBounds   Status = 2 // a buffer is null or not wholly in memory
	StatusOverlap       Status = 3 // blur's src and dst share a byte
)

// ImageLen returns width*height*4, the byte length of an RGBA8 image. The
// pixel count is formed in 64 bits (at most about 2^62, no wrap) and compared
// before the *4, which could wrap even 64 bits: (2^31-1)^2 * 4 is just under 2^64.
func ImageLen(width, height int32) (uint32, Status) {
	if width <= 0 || height <= 0 {
		return 0, StatusBadDimensions
	}
	pixels := int64(width) * int64(height)
	if pixels > (1<<31-1)/4 {
		return 0, StatusBadDimensions
	}
	return uint32(pixels * 4), StatusOK
}

// CheckBuffer checks that [ptr, ptr+n) is non-null and lies wholly inside a
// linear memory of memorySize bytes.
func CheckBuffer(ptr, n uint32, memorySize uint64) Status {
	if ptr == 0 || uint64(ptr)+uint64(n) > memorySize {
		return StatusOutOfBounds
	}
	return StatusOK
}

// CheckNoOverlap checks that [a, a+n) and [b, b+n) share no byte.
func CheckNoOverlap(a, b, n uint32) Status {
	if uint64(a) < uint64(b)+uint64(n) && uint64(b) < uint64(a)+uint64(n) {
		return StatusOverlap
	}
	return StatusOK
}

// All of grayscale's checks, in contract order.
func CheckImage(ptr uint32, width, height int32, memorySize uint64) (uint32, Status) {
	n, s := ImageLen(width, height)
	if s != StatusOK {
		return 0, s
	}
	if s := CheckBuffer(ptr, n, memorySize); s != StatusOK {
		return 0, s
	}
	return n, StatusOK
}

// All of blur's checks, in contract order: src, then dst, then overlap.
func CheckBlur(src, dst uint32, width, height int32, memorySize uint64) (uint32, Status) {
	n, s := CheckImage(src, width, height, memorySize)
	if s != StatusOK {
		return 0, s
	}
	if s := CheckBuffer(dst, n, memorySize); s != StatusOK {
		return 0, s
	}
	if s := CheckNoOverlap(src, dst, n); s != StatusOK {
		return 0, s
	}
	return n, StatusOK
}
