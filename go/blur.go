package main

// 3x3 box blur with the border replicated; out = (sum + 4) / 9.
//
// blur writes the blur of src into dst (both width*height*4 bytes, not
// overlapping). It works byte by byte, all channels alike: a byte's left and
// right neighbours are the same channel of the next pixels, 4 bytes away, so
// the inside of a row is one loop with fixed offsets. At a row's ends the
// clamped neighbour is the pixel itself, 0 bytes away; rows above and below
// are clamped by picking the row.
func blur(src, dst []byte, width, height int) {
	stride := width * 4
	// A one-pixel row has no neighbour on either side.
	left, right := 4, 4
	if width == 1 {
		left, right = 0, 0
	}
	for y := 0; y < height; y++ {
		up := src[max(y-1, 0)*stride:][:stride]
		row := src[y*stride:][:stride]
		down := src[min(y+1, height-1)*stride:][:stride]
		out := dst[y*stride:][:stride]
		// The inside of the row: the hot loop.
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
