// Command go is the wasm-rosetta contract (../contract/README.md) in Go,
// one source built by two toolchains:
//
//   - standard Go: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared
//     gives a WASI reactor: the host calls the exported _initialize once (it
//     starts the runtime and runs package init), then the exports;
//   - TinyGo: tinygo build -target=wasm-unknown -buildmode=c-shared gives a
//     module that imports nothing.
//
// This package is the core module's boundary only (exports.go): the kernel
// itself is the package wasmrosetta/go/kernel (kernel/), which the WASI
// command (wasi/) and the components (component/) import too.
//
// The two toolchains differ in three places only: the pool in
// kernel/counter.go and the collection in kernel/buffers.go (standard Go
// only, behind runtime.Compiler), and how memory.size is reached (exports.go,
// memory_wasm.s).
package main

// main never runs in a reactor build: the host calls the exports. Go still
// requires package main to have one.
func main() {}
