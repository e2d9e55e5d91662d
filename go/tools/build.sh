#!/usr/bin/env bash
# Build every variant of the Go kernel:
#   ../build/go/      standard Go  (GOOS=wasip1 GOARCH=wasm, -buildmode=c-shared)
#   ../build/tinygo/  TinyGo       (-target=wasm-unknown -buildmode=c-shared)
# Each <build>.wasm gets a <build>.flags holding the exact command that made
# it (the same string is written and then run), and each folder a
# toolchain.txt. Usage: build.sh [go|tinygo|tinygo-leaking]... (default: go tinygo).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../toolchains/go-env.sh"
cd "$GO_DIR"
GO_OUT=../build/go
TG_OUT=../build/tinygo

# build DIR NAME CMD: CMD is one shell line in which {out} stands for
# DIR/NAME.wasm; it is recorded in DIR/NAME.flags, then run from go/.
build() {
  local dir=$1 name=$2 cmd=${3//\{out\}/$1/$2.wasm}
  rm -f "$dir/$name".{wasm,flags,unavailable}
  printf '%s\n' "$cmd" >"$dir/$name.flags"
  echo "+ $cmd" >&2
  eval "$cmd"
}
# `tinygo` in the recorded commands is the pinned one from .tools/.
tinygo() { "$TINYGO" "$@"; }

# wasm-opt (binaryen 108 here) refuses Go's output unless its features are
# named; TinyGo's output carries a target_features section it reads instead.
WASM_OPT_GO_FEATURES="--enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int"

build_go() {
  mkdir -p "$GO_OUT"
  local gobuild="GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared"
  # default: what the Go docs show for a wasip1 reactor.
  build $GO_OUT default "$gobuild -o {out} ."
  # tuned: -trimpath drops local file paths from the binary's tables;
  # -ldflags='-s -w' drops the symbol table (the wasm "name" section) and DWARF.
  build $GO_OUT tuned "$gobuild -trimpath -ldflags='-s -w' -o {out} ."
  # The ladder, one change per step.
  build $GO_OUT ladder-01-trimpath "$gobuild -trimpath -o {out} ."
  build $GO_OUT ladder-02-strip-symbols "$gobuild -trimpath -ldflags='-s -w' -o {out} ."
  build $GO_OUT ladder-03-wasm-opt "$gobuild -trimpath -ldflags='-s -w' -o {out} . && wasm-opt -Oz $WASM_OPT_GO_FEATURES {out} -o {out}"
  # No simd build: standard Go has no wasm SIMD (no simd128 code generation,
  # no intrinsics, no Go assembly opcodes for it).
  {
    echo "go $(go env GOVERSION | sed 's/^go//')"
    echo "wasm-opt $(wasm-opt --version | grep -o '[0-9][0-9.]*' | head -1)"
  } >"$GO_OUT/toolchain.txt"
}

# The flags every TinyGo build starts from.
# -target=wasm-unknown: a bare module that imports nothing (no WASI).
# -buildmode=c-shared: a reactor: exports plus _initialize, no main loop.
# -no-debug: no DWARF.
# -gc=precise: wasm-unknown defaults to -gc=leaking, which never frees (freed
# counters and buffers would pile up). -gc=conservative frees, but reads every
# heap word as a possible pointer, image bytes included: one collection with
# two freed 4K images of random pixels took over a minute here. -gc=precise
# knows which objects hold no pointers (the []uint64 buffers) and skips them.
TG="tinygo build -target=wasm-unknown -buildmode=c-shared -no-debug -gc=precise"
# bulk memory: memcpy/memset become single memory.copy/memory.fill
# instructions instead of linked-in libc loops.
TG_BULK="-llvm-features=+bulk-memory"
# TinyGo's runtime marks fminimum/fmaximum(f) with //export, which on wasm
# means "export from the module"; nothing here uses them. Drop those four
# exports, then let wasm-opt delete the dead code and the custom sections.
TG_STRIP="wasm-tools print {out} | grep -v -E '\(export \"f(min|max)imumf?\"' | wasm-tools parse -o {out} && wasm-opt -Oz --strip-debug --strip-producers --strip-target-features {out} -o {out}"

build_tinygo() {
  mkdir -p "$TG_OUT"
  if [[ -z "$TINYGO" ]]; then
    # Do not fake a TinyGo build: record why there is none (see setup).
    local reason="TinyGo is not installed"
    [[ -f "$TINYGO_STATUS" ]] && reason=$(sed 's/^unavailable //' "$TINYGO_STATUS")
    rm -f "$TG_OUT"/*.wasm "$TG_OUT"/*.flags
    for b in default tuned; do echo "$reason" >"$TG_OUT/$b.unavailable"; done
    echo "TinyGo unavailable: $reason" >&2
    return 0
  fi
  rm -f "$TG_OUT"/*.unavailable
  # default: the issue's recipe with the precise collector; -opt=z is
  # TinyGo's default optimization level.
  build $TG_OUT default "$TG -o {out} ."
  # tuned: size: bulk memory, then the export/section strip.
  build $TG_OUT tuned "$TG $TG_BULK -o {out} . && $TG_STRIP"
  # simd: speed: -opt=2 lets LLVM unroll and vectorize, with simd128 allowed.
  build $TG_OUT simd "$TG -opt=2 -llvm-features=+bulk-memory,+simd128 -o {out} . && $TG_STRIP"

  # The ladder: -opt levels, then the size steps, then what the GC costs.
  build $TG_OUT ladder-01-opt1 "$TG -opt=1 -o {out} ."
  build $TG_OUT ladder-02-opt2 "$TG -opt=2 -o {out} ."
  build $TG_OUT ladder-03-opts "$TG -opt=s -o {out} ."
  build $TG_OUT ladder-04-optz "$TG -opt=z -o {out} ."
  build $TG_OUT ladder-05-bulk-memory "$TG -opt=z $TG_BULK -o {out} ."
  build $TG_OUT ladder-06-strip "$TG -opt=z $TG_BULK -o {out} . && $TG_STRIP"
  # -nobounds drops every bounds check, the runtime's included: shown for
  # what the checks cost, not used in tuned.
  build $TG_OUT ladder-07-nobounds "$TG -opt=z $TG_BULK -nobounds -o {out} . && $TG_STRIP"
  # The conservative collector: smaller, but see above (pauses of minutes
  # with image buffers full of pointer-like bytes).
  build $TG_OUT ladder-08-conservative "${TG/-gc=precise/-gc=conservative} -opt=z $TG_BULK -nobounds -o {out} . && $TG_STRIP"
  toolchain_txt
}

# The leaking collector never frees, so it fails the contract's counter-cycle
# check on purpose, and `rosetta verify` would then fail the whole run. It is
# built only on request: just -f go/justfile build-leaking.
build_tinygo_leaking() {
  [[ -n "$TINYGO" ]] || { echo "TinyGo unavailable" >&2; return 0; }
  build $TG_OUT ladder-09-leaking "${TG/-gc=precise/-gc=leaking} -opt=z $TG_BULK -nobounds -o {out} . && $TG_STRIP"
}

toolchain_txt() {
  {
    echo "tinygo $("$TINYGO" version | awk '{print $3}')"
    echo "go $(go env GOVERSION | sed 's/^go//')"
    echo "llvm $("$TINYGO" version | sed -n 's/.*LLVM version \([0-9.]*\).*/\1/p')"
    echo "wasm-opt $(wasm-opt --version | grep -o '[0-9][0-9.]*' | head -1)"
    echo "wasm-tools $(wasm-tools --version | awk '{print $2}')"
  } >"$TG_OUT/toolchain.txt"
}

for what in "${@:-go tinygo}"; do
  for w in $what; do "build_${w//-/_}"; done
done
