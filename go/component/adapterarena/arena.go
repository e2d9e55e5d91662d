//go:build !tinygo

package adapterarena

// Size is the adapter's need: its state (64 KiB) and its stack (64 KiB), each
// aligned to 8, plus that alignment's slack. component/build.sh says the same.
const Size = 2<<16 + 16

// Memory is the arena. The zeros before Magic end the data segment before it
// (Go's linker omits zero runs of 8 bytes or more), so Magic starts a data
// segment of its own, at the address build.sh looks for; Bytes follows it.
var Memory = struct {
	_     [64]byte
	Magic [16]byte
	Bytes [Size]byte
}{Magic: [16]byte{'g', 'o', '-', 'a', 'd', 'a', 'p', 't', 'e', 'r', '-', 'a', 'r', 'e', 'n', 'a'}} // "go-adapter-arena", as static data

// init reads the magic, which keeps Memory in the module (the linker drops
// data no code refers to). It never touches Bytes: the adapter owns them.
func init() {
	if Memory.Magic[0] != 'g' {
		panic("adapterarena: the magic is gone")
	}
}
