// Command kernel is the wasm-rosetta contract (../contract/README.md) in Go.
//
// One source builds two ways:
//
//   - standard Go: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared
//     gives a WASI "reactor": the host calls the exported _initialize once
//     (it runs the Go runtime's start-up and package init), then the exports.
//   - TinyGo: tinygo build -target=wasm-unknown -buildmode=c-shared
//     gives a module that imports nothing.
//
// The files split by concern; build tags appear only where the two
// toolchains truly differ:
//
//	exports.go          the //go:wasmexport boundary: i32 in, i32 out
//	counter.go          Counter, a real Go struct, kept alive by a map
//	buffers.go          alloc/dealloc: Go slices kept alive until freed
//	image.go            grayscale and blur over []byte, plus the status checks
//	collector_gc.go     standard Go's garbage collector needs help pacing...
//	collector_tinygo.go ...TinyGo's does not
//	memsize*.go, .s     linear-memory size: Go assembly vs an LLVM intrinsic
package main

// main never runs in a c-shared (reactor) build: the host calls the exports.
// Go still requires package main to have one.
func main() {}
