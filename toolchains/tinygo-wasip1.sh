#!/usr/bin/env bash
# Give TinyGo a wasi-libc for -target=wasip1 (go/wasi/, the WASI command),
# from Debian, idempotently.
#
# For wasip1 TinyGo links wasi-libc, which it compiles from a git submodule
# (lib/wasi-libc) that the module zip from the Go module proxy lacks (see
# tinygo.sh). Debian's `wasi-libc` ships the same library prebuilt, headers
# included, and `libclang-rt-19-dev-wasm32` the compiler-rt builtins; this
# places them where TinyGo looks first, its cache (as tinygo.sh does for
# wasm-unknown). Directory names are <lib>-<triple>-<cpu>, see
# compileopts.(*Config).LibraryPath; wasip1's triple is wasm32-unknown-wasi
# and its cpu "generic".
#
#   tinygo-wasip1.sh            seed (nothing to do without a TinyGo)
#   tinygo-wasip1.sh --check    succeed if seeded, or if there is no TinyGo to seed
#   tinygo-wasip1.sh --version  the Debian wasi-libc seeded, or why there is none
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/go-env.sh"
APT_PKGS=(wasi-libc libclang-rt-19-dev-wasm32)
WASI_LIBC_A=/usr/lib/wasm32-wasi/libc.a
WASI_HEADERS=/usr/include/wasm32-wasi
COMPILER_RT_A=/usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a
seed=""
[[ -n "$TINYGO" ]] && seed="$(cd "$(dirname "$TINYGO")/.." && pwd)/cache/tinygo"
libc="$seed/wasi-libc-wasm32-unknown-wasi-generic"
rt="$seed/compiler-rt-wasm32-unknown-wasi-generic"
seeded() { [[ -f $libc/lib.a && -f $libc/include/stdlib.h && -f $rt/lib.a ]]; }

case "${1:-}" in
  --check) [[ -z "$TINYGO" ]] || seeded; exit ;;
  --version)
    if [[ -z "$TINYGO" ]]; then echo "unavailable: no TinyGo (see tinygo.sh)"
    elif seeded; then echo "wasi-libc $(dpkg-query -W -f='${Version}' wasi-libc | sed 's/^0\.0~git//')"
    else echo "unavailable: not seeded (run just setup)"; fi
    exit 0 ;;
esac
[[ -n "$TINYGO" ]] || exit 0
"$(dirname "${BASH_SOURCE[0]}")/apt.sh" "${APT_PKGS[@]}" >&2
# Built beside the final place and renamed into it, so a half-copied
# library is never taken for a seeded one.
for d in "$libc" "$rt"; do rm -rf "$d.partial"; mkdir -p "$d.partial"; done
cp "$WASI_LIBC_A" "$libc.partial/lib.a" && cp -r "$WASI_HEADERS" "$libc.partial/include" \
  && cp "$COMPILER_RT_A" "$rt.partial/lib.a" || exit 1
for d in "$libc" "$rt"; do rm -rf "$d" && mv "$d.partial" "$d"; done
seeded
