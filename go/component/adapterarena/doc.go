// Package adapterarena reserves, in a standard Go core module, the memory the
// WASI preview-1 reactor adapter keeps its state and stack in (arena.go; the
// package is empty for TinyGo, whose components need no adapter).
//
// The adapter allocates them at its first call, which standard Go's runtime
// makes inside _initialize (clock_time_get, early in schedinit), before any
// Go export may run: a //go:wasmexport cabi_realloc called then aborts the
// runtime ("wasmexport function called before runtime initialization").
// Without an allocator, wit-component grows memory for the adapter instead,
// but Go's runtime counts every byte above its data as its own heap (its sbrk
// assumes it did all the growing), so the two would share pages.
//
// So the memory is a Go variable: Go's linker places it among the module's
// data and no Go code touches it. component/build.sh finds it by its magic
// (a data segment of its own: zeros precede it) and appends component/arena.wat,
// a cabi_realloc_adapter over it, which wit-component hands the adapter in
// place of cabi_realloc.
package adapterarena
