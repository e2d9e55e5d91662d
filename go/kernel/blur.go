// The scalar blur: sliding column sums, four channels per u64 (SWAR).
//
// Rows are slices re-sliced to one length, so the loop condition proves every
// index in range (contract/README.md#why-wasm).

package kernel

import "unsafe"

// (sum + 4) / 9 == (sum * div9Mul + div9Round) >> div9Shift for every
// sum a 3x3 box can give (0 ..= 9 * 255); the proof is in the contract.
const (
	div9Mul   = 3641
	div9Round = 16384
	div9Shift = 15
)

// div9: the contract's rounded / 9, as the multiply the fast code uses.
func div9(sum uint32) uint32 {
	return (sum*div9Mul + div9Round) >> div9Shift
}

// widen: a pixel's four bytes spread into the four 16-bit lanes of a uint64.
func widen(pixel uint32) uint64 {
	p := uint64(pixel)
	p = (p | p<<16) & 0x0000FFFF_0000FFFF
	return (p | p<<8) & 0x00FF00FF_00FF00FF
}

// narrow: four 16-bit lane sums (each at most 9 * 255) to a pixel of div9 bytes.
// The multiply needs more than 16 bits, so two lanes at a time go through
// 32-bit lanes: channels 0 and 2, then 1 and 3.
func narrow(sums uint64) uint32 {
	const lanes, lowBytes = 0x0000FFFF_0000FFFF, 0x000000FF_000000FF
	const round = div9Round * 0x00000001_00000001
	even := ((sums&lanes)*div9Mul + round) >> div9Shift & lowBytes
	odd := ((sums>>16&lanes)*div9Mul + round) >> div9Shift & lowBytes
	// Bytes 0 and 4 hold channels 0 and 2, bytes 1 and 5 channels 1 and 3.
	bytes := even | odd<<8
	return uint32(bytes | bytes>>16)
}

// Blur is the 3x3 box blur with the border replicated; out = (sum + 4) / 9.
//
// src -> dst, both width * height * 4 bytes of RGBA8. sum is one channel over
// the pixel's 3x3 neighbourhood, where a neighbour outside the image is the
// nearest edge pixel.
func Blur(src, dst []byte, width, height int) {
	stride := width * 4
	// Walk the rows keeping (above, current, below). Clamping y to the image is
	// reusing the current row at the top and bottom edges.
	for y := 0; y < height; y++ {
		up := src[max(y-1, 0)*stride:][:stride]
		mid := src[y*stride:][:stride]
		down := src[min(y+1, height-1)*stride:][:stride]
		blurRow(up, mid, down, dst[y*stride:][:stride], width, 0)
	}
}

// blurRow writes output pixels from..width of one row from its three source
// rows (each width*4 bytes). Pixel x needs the columns of x-1, x and x+1;
// walking right, each column is summed once and slides from right to here
// to left. At x = 0 the column of x-1 is the pixel's own, and so is the
// column of x+1 at the last pixel.
func blurRow(up, mid, down, out []byte, width, from int) {
	if from < 0 || from >= width {
		return
	}
	n, at := width*4, from*4
	up, mid, down, out = up[:n], mid[:n], down[:n], out[:n]
	here := column(up, mid, down, at)
	left := here
	if at > 0 {
		left = column(up, mid, down, at-4)
	}
	// The pixels that have a right neighbour, and their right neighbours'
	// rows as views one pixel later, all of one length: the loop condition
	// then proves each pixel's four bytes in range (standard Go checks
	// nothing in the loop, TinyGo one compare per pixel).
	o := out[at : n-4]
	u, m, d := up[at+4:][:len(o)], mid[at+4:][:len(o)], down[at+4:][:len(o)]
	for i := 0; i < len(o)-3; i += 4 {
		// column and narrow written out: TinyGo -Oz calls them (go/NOTES.md).
		right := widen(*(*uint32)(unsafe.Pointer(&u[i]))) +
			widen(*(*uint32)(unsafe.Pointer(&m[i]))) +
			widen(*(*uint32)(unsafe.Pointer(&d[i])))
		sums := left + here + right
		const lanes, lowBytes = 0x0000FFFF_0000FFFF, 0x000000FF_000000FF
		const round = div9Round * 0x00000001_00000001
		even := ((sums&lanes)*div9Mul + round) >> div9Shift & lowBytes
		odd := ((sums>>16&lanes)*div9Mul + round) >> div9Shift & lowBytes
		bytes := even | odd<<8
		*(*uint32)(unsafe.Pointer(&o[i])) = uint32(bytes | bytes>>16)
		left, here = here, right
	}
	// The last pixel's right neighbour is itself.
	setPixelAt(out, n-4, narrow(left+here+here))
}

// column is the sum of the widened pixels at byte offset i of three rows: a
// column of the 3x3 box, four channels in four 16-bit lanes (at most 765).
func column(up, mid, down []byte, i int) uint64 {
	return widen(pixelAt(up, i)) + widen(pixelAt(mid, i)) + widen(pixelAt(down, i))
}

// pixelAt reads the pixel at byte offset i of a row, little-endian, in one
// 4-byte load: wasm is little-endian, and so are the machines the native
// tests run on. It is binary.LittleEndian.Uint32(row[i:]) without the
// import, which would add about 16 KB to standard Go's module (errors,
// internal/reflectlite and unicode tables come with it).
func pixelAt(row []byte, i int) uint32 {
	p := row[i : i+4 : i+4]
	return *(*uint32)(unsafe.Pointer(&p[0]))
}

// setPixelAt writes the pixel at byte offset i of a row, as pixelAt reads it.
func setPixelAt(row []byte, i int, pixel uint32) {
	p := row[i : i+4 : i+4]
	*(*uint32)(unsafe.Pointer(&p[0])) = pixel
}
