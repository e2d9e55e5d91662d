package main

// ITU-R 601-2 luma in 16-bit fixed point (contract/README.md).
//
// grayscale turns RGBA8 pixels to gray in place; alpha is kept. It takes one
// 4-byte pixel at a time (px[:4:4]), which lets both compilers prove the
// indexes below in range and drop their bounds checks.
func grayscale(px []byte) {
	for len(px) >= 4 {
		p := px[:4:4]
		r, g, b := uint32(p[0]), uint32(p[1]), uint32(p[2])
		y := byte((19595*r + 38470*g + 7471*b + 32768) >> 16)
		p[0], p[1], p[2] = y, y, y
		px = px[4:]
	}
}
