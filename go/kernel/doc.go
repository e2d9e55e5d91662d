// Package kernel is the wasm-rosetta kernel in Go (../../contract/README.md):
// the status checks, the buffers, the Counter and its handles, grayscale and
// blur, as ordinary Go over slices and plain numbers, unit-tested natively.
//
// It knows nothing of WebAssembly's boundaries. Three packages main import it
// and each adds one: the core module (go/, exports.go: i32s and linear
// memory), the WASI command (go/wasi/: PNG files) and the components
// (go/component/: WIT types through the canonical ABI). Standard Go and
// TinyGo compile the same files; where their runtimes want different code (the
// Counter pool, the collection before a big Alloc) a test of the constant
// runtime.Compiler picks, and each compiler drops the branch it does not take.
package kernel
