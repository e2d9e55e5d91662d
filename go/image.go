package main

// Status codes, checked in this order before anything is written.
const (
	statusOK            int32 = 0
	statusBadDimensions int32 = 1
	statusOutOfBounds   int32 = 2
	statusOverlap       int32 = 3
)

// imageLen returns width*height*4, or ok=false when a side is not positive or
// the length does not fit in an int32. The pixel count is formed in 64 bits
// (at most about 2^62, no wrap) and compared before the *4, which could wrap
// even 64 bits: (2^31-1)^2 * 4 is just under 2^64.
func imageLen(width, height int32) (n uint32, ok bool) {
	if width <= 0 || height <= 0 {
		return 0, false
	}
	pixels := int64(width) * int64(height)
	if pixels > (1<<31-1)/4 {
		return 0, false
	}
	return uint32(pixels * 4), true
}

// inMemory reports whether [ptr, ptr+n) is a non-null range wholly inside a
// linear memory of memBytes bytes. 64-bit sums cannot overflow.
func inMemory(ptr, n uint32, memBytes uint64) bool {
	return ptr != 0 && uint64(ptr)+uint64(n) <= memBytes
}

// overlaps reports whether [a, a+n) and [b, b+n) share a byte.
func overlaps(a, b, n uint32) bool {
	return uint64(a) < uint64(b)+uint64(n) && uint64(b) < uint64(a)+uint64(n)
}

// checkGrayscale and checkBlur are the status checks, kept apart from the
// memory access so that they are plain functions a native test can call.
func checkGrayscale(ptr uint32, width, height int32, memBytes uint64) (uint32, int32) {
	n, ok := imageLen(width, height)
	if !ok {
		return 0, statusBadDimensions
	}
	if !inMemory(ptr, n, memBytes) {
		return 0, statusOutOfBounds
	}
	return n, statusOK
}

func checkBlur(src, dst uint32, width, height int32, memBytes uint64) (uint32, int32) {
	n, ok := imageLen(width, height)
	if !ok {
		return 0, statusBadDimensions
	}
	if !inMemory(src, n, memBytes) || !inMemory(dst, n, memBytes) {
		return 0, statusOutOfBounds
	}
	if overlaps(src, dst, n) {
		return 0, statusOverlap
	}
	return n, statusOK
}

// grayscale turns RGBA8 pixels to gray in place with ITU-R 601-2 luma in
// 16-bit fixed point (bit-exact with Pillow's convert("L")); alpha is kept.
func grayscale(px []byte) {
	for len(px) >= 4 {
		p := px[:4:4] // one pixel; lets the compiler drop the bounds checks below
		r, g, b := uint32(p[0]), uint32(p[1]), uint32(p[2])
		y := byte((19595*r + 38470*g + 7471*b + 32768) >> 16)
		p[0], p[1], p[2] = y, y, y
		px = px[4:]
	}
}

// blur writes the 3x3 box blur of src into dst (both width*height*4 bytes,
// not overlapping). A neighbour outside the image is the nearest edge pixel
// (replicate border), found by clamping its coordinate; each channel is
// (sum of 9 + 4) / 9, bit-exact with OpenCV's BORDER_REPLICATE box blur.
//
// Work goes byte by byte, all channels alike: a byte's left and right
// neighbours are the same channel of the next pixels, 4 bytes away.
func blur(src, dst []byte, width, height int) {
	stride := width * 4
	// At the row's ends the clamped neighbour is the pixel itself, 0 bytes
	// away; a one-pixel row has no neighbour on either side.
	left, right := 4, 4
	if width == 1 {
		left, right = 0, 0
	}
	for y := 0; y < height; y++ {
		// The rows above and below, clamped at the top and bottom edges.
		up := src[max(y-1, 0)*stride:][:stride]
		row := src[y*stride:][:stride]
		down := src[min(y+1, height-1)*stride:][:stride]
		out := dst[y*stride:][:stride]
		// The inside of the row: fixed offsets, the hot loop.
		for i := 4; i+4 < stride; i++ {
			sum := uint32(up[i-4]) + uint32(up[i]) + uint32(up[i+4]) +
				uint32(row[i-4]) + uint32(row[i]) + uint32(row[i+4]) +
				uint32(down[i-4]) + uint32(down[i]) + uint32(down[i+4])
			out[i] = byte((sum + 4) / 9)
		}
		blurPixel(up, row, down, out, 0, 0, right)       // first pixel
		blurPixel(up, row, down, out, stride-4, left, 0) // last pixel
	}
}

// blurPixel blurs the 4 bytes of one pixel at byte offset i, whose left and
// right neighbours are dl and dr bytes away.
func blurPixel(up, row, down, out []byte, i, dl, dr int) {
	for end := i + 4; i < end; i++ {
		sum := uint32(up[i-dl]) + uint32(up[i]) + uint32(up[i+dr]) +
			uint32(row[i-dl]) + uint32(row[i]) + uint32(row[i+dr]) +
			uint32(down[i-dl]) + uint32(down[i]) + uint32(down[i+dr])
		out[i] = byte((sum + 4) / 9)
	}
}
