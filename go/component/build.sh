#!/usr/bin/env bash
# One component of a contract/wit/ world from this folder's Go source:
#
#   component/build.sh go|tinygo WORLD OUT     (from go/, as go/justfile runs it)
#
# Both toolchains: compile component/WORLD/ to a core module whose exports are
# wit-bindgen-go's (//go:wasmexport under the component's export names), then
# `wasm-tools component embed` (the world's WIT as a custom section) and
# `wasm-tools component new` (the component). Intermediate files go to
# ../target/go-component/.
#
#   tinygo  -target=wasm-unknown, the core builds' reactor, which imports
#           nothing, so the component imports nothing.
#   go      GOOS=wasip1 -buildmode=c-shared imports about ten preview-1
#           functions, so `component new` adds the reactor adapter
#           (../target/adapter/reactor.wasm, written here by cargo) and the
#           component imports WASI 0.2. First the module gets
#           cabi_realloc_adapter (arena.wat; adapterarena/doc.go says why).
#
# In both, _initialize (runtime start, package init, which fills the bindings'
# Exports) becomes the start function of the component's last core instance,
# so it runs once at instantiation, before any export.
set -euo pipefail
toolchain=$1 world=$2 out=$3
wit=../contract/wit/$world
tmp=../target/go-component/$toolchain
mkdir -p "$tmp"
core=$tmp/$world.core.wasm

case $toolchain in
  tinygo)
    tinygo build -target=wasm-unknown -buildmode=c-shared -no-debug -gc=precise -o "$core" "./component/$world"
    wasm-tools component embed "$wit" --world "$world" "$core" -o "$tmp/$world.embed.wasm"
    wasm-tools component new "$tmp/$world.embed.wasm" -o "$out"
    ;;
  go)
    # The adapter ships inside the crate wasi-preview1-component-adapter-provider
    # (=48.0.8, Wasmtime 48's); the workspace's wasi-adapter writes it out.
    cargo run -q -p wasi-adapter -- reactor ../target/adapter/reactor.wasm
    GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o "$core" "./component/$world"
    wasm-tools print "$core" >"$tmp/$world.core.wat"
    # adapterarena.Memory's magic is a data segment of its own: its address.
    at=$(grep -oE '\(i32\.const [0-9]+\) "go-adapter-arena"\)$' "$tmp/$world.core.wat" | grep -oE '[0-9]+\)' | tr -d ')' || true)
    if [[ $(wc -w <<<"$at") != 1 ]]; then
      echo "build.sh: adapterarena.Memory not found (or not once) in $core" >&2; exit 1
    fi
    start=$((at + 16)) end=$((at + 16 + 2 * 65536 + 16))
    { sed '$d' "$tmp/$world.core.wat"
      sed -e "s/ARENA_START/$start/" -e "s/ARENA_END/$end/" component/arena.wat
    } | wasm-tools parse -o "$tmp/$world.arena.wasm"
    wasm-tools component embed "$wit" --world "$world" "$tmp/$world.arena.wasm" -o "$tmp/$world.embed.wasm"
    wasm-tools component new "$tmp/$world.embed.wasm" \
      --adapt wasi_snapshot_preview1=../target/adapter/reactor.wasm -o "$out"
    ;;
  *) echo "build.sh: go or tinygo, not $toolchain" >&2; exit 2 ;;
esac
