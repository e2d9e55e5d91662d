module wasmrosetta/go

// 1.24 is the first Go with //go:wasmexport. The toolchain actually used is
// pinned in the justfile (GO_VERSION) together with TinyGo.
go 1.24
