module wasmrosetta/go

// 1.24 is the first Go with //go:wasmexport. The toolchain actually used is
// pinned, together with TinyGo, in ../toolchains/go-env.sh.
go 1.24
