// Command wasi is the Go kernel as a WASI preview-1 command
// (contract/README.md, "WASI commands"):
//
//	command grayscale|blur INPUT.png OUTPUT.png
//
// Both files are in the directory the host preopens; no environment is used.
// On any error: one line on stderr and exit code 1. Standard Go builds it
// with GOOS=wasip1, TinyGo with -target=wasip1; PNG comes from the standard
// library (image/png), which both compile.
//
// The pixels go through the kernel's own functions, kernel.Grayscale and
// kernel.Blur from go/kernel/, the package the core module and the components
// import too.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io/fs"
	"math"
	"os"

	"wasmrosetta/go/kernel"
)

func main() {
	if err := run(os.Args); err != nil {
		fmt.Fprintf(os.Stderr, "command: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 4 {
		return fmt.Errorf("usage: command grayscale|blur INPUT.png OUTPUT.png (got %d arguments)", len(args)-1)
	}
	op, input, output := args[1], args[2], args[3]
	if op != "grayscale" && op != "blur" {
		return fmt.Errorf("unknown op `%s` (want grayscale or blur)", op)
	}
	img, err := read(input)
	if err != nil {
		return err
	}
	if op == "grayscale" {
		kernel.Grayscale(img.Pix)
	} else {
		out := image.NewNRGBA(img.Rect)
		kernel.Blur(img.Pix, out.Pix, img.Rect.Dx(), img.Rect.Dy())
		img = out
	}
	return write(output, img)
}

// read decodes a PNG into the kernel's layout: RGBA8, not premultiplied,
// rows packed. An 8-bit RGBA PNG decodes to exactly that (*image.NRGBA);
// other colour types are converted by image/draw.
func read(path string) (*image.NRGBA, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, reason(err))
	}
	decoded, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not a PNG this command reads: %v", path, err)
	}
	b := decoded.Bounds()
	if int64(b.Dx())*int64(b.Dy())*4 > math.MaxInt32 {
		return nil, fmt.Errorf("%s: %dx%d is too large (width * height * 4 must fit in an int32)", path, b.Dx(), b.Dy())
	}
	if img, ok := decoded.(*image.NRGBA); ok && b.Min == (image.Point{}) && img.Stride == 4*b.Dx() {
		return img, nil
	}
	img := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(img, img.Rect, decoded, b.Min, draw.Src)
	return img, nil
}

func write(path string, img *image.NRGBA) error {
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		return fmt.Errorf("cannot encode %s: %v", path, err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, reason(err))
	}
	return nil
}

// reason is what went wrong with a file, without the path the message already names.
func reason(err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}
