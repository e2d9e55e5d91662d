#!/usr/bin/env bash
# Build TinyGo from source against Debian 12's LLVM 19 and install it under
# <repo>/.tools/tinygo-<version>/, unattended and idempotently.
#
# Why from source: TinyGo is not packaged in Debian, PyPI or npm, and this
# machine reaches no release download site. The Go module proxy serves the
# TinyGo source tree at exact tags (it lists none, so we ask for each by name),
# which we build with the pinned Go and `-tags llvm19`.
#
# The module zip has no git submodules, so for -target=wasm-unknown we supply:
#   * src/net                         an empty folder (a submodule in git);
#   * compiler-rt builtins            Debian's prebuilt libclang_rt.builtins-wasm32.a,
#                                     seeded where TinyGo caches its own build;
#   * wasmbuiltins (memcpy, memmove,  objects taken out of Debian's wasi-libc libc.a,
#     memset, exp, exp2, log, ...)    seeded the same way;
#   * wasm-opt                        Debian's binaryen, found on PATH.
# TinyGo keeps built C libraries in $XDG_CACHE_HOME/tinygo/<lib>-<triple>-<cpu>/lib.a;
# we point XDG_CACHE_HOME into the install folder (see bin/tinygo, a wrapper), so
# nothing is written outside .tools/.
#
# Outcome file: <repo>/.tools/tinygo.status holds either "ok <version> <dir>" or
# "unavailable <reason>"; the justfile reads it. This script exits 0 either way
# (a missing TinyGo must not break setup), and non-zero only on a bug of its own.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/go-env.sh"
TOOLS="$TOOLS_DIR"
STATUS="$TINYGO_STATUS"
# The versions we may try, in order: at most these three.
VERSIONS=($TINYGO_TRY_VERSIONS)
APT_PKGS=(llvm-19-dev libclang-19-dev clang-19 lld-19 libclang-rt-19-dev-wasm32 wasi-libc binaryen)
COMPILER_RT_A=/usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a
WASI_LIBC_A=/usr/lib/wasm32-wasi/libc.a
# The objects TinyGo's builder/wasmbuiltins.go compiles from wasi-libc sources.
BUILTIN_OBJS=(memcpy.o memmove.o memset.o __math_divzero.o __math_invalid.o __math_oflow.o
  __math_uflow.o __math_xflow.o exp.o exp_data.o exp2.o log.o log_data.o)

case "${1:-}" in
  --check) [[ -n "$TINYGO" ]] || grep -qs "^unavailable" "$STATUS"; exit ;;  # there, or known not to be (rm .tools/tinygo.status to retry)
  --version) if [[ -n "$TINYGO" ]]; then "$TINYGO" version | cut -d' ' -f1-3; else cat "$STATUS"; fi; exit ;;
esac
mkdir -p "$TOOLS"
start=$(date +%s)
log() { echo "[tinygo] $*" >&2; }
finish() { log "done in $(( $(date +%s) - start )) s: $(cat "$STATUS")"; exit 0; }

# --- 0. already installed? -------------------------------------------------
if [[ -f "$STATUS" ]] && read -r state ver dir <"$STATUS" && [[ $state == ok ]] \
   && [[ -x "$dir/bin/tinygo" ]] && "$dir/bin/tinygo" version >/dev/null 2>&1; then
  log "TinyGo $ver already installed in $dir"; finish
fi

# --- 1. Debian packages (LLVM 19 to link against; clang/lld/wasm-opt to run) --
"$(dirname "${BASH_SOURCE[0]}")/apt.sh" "${APT_PKGS[@]}" >&2

# --- 2. fetch the source tree from the Go module proxy ----------------------
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw"   # a module cache we can delete without chmod games
src="" ver="" reasons=""
for v in "${VERSIONS[@]}"; do
  out=$(cd "$TOOLS" && go mod download -json "github.com/tinygo-org/tinygo@$v" 2>&1)
  dir=$(printf '%s' "$out" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [[ -z "$dir" || ! -d "$dir" ]]; then
    err=$(printf '%s' "$out" | sed -n 's/^[[:space:]]*"Error": "\(.*\)"$/\1/p')
    reasons+="$v: ${err:-$out}; "; log "proxy refused $v: ${err:-$out}"; continue
  fi
  if [[ ! -f "$dir/cgo/libclang_config_llvm19.go" ]]; then
    reasons+="$v: no cgo/libclang_config_llvm19.go (needs LLVM 20+, Debian 12 has 19); "
    log "$v cannot use LLVM 19"; continue
  fi
  src=$dir ver=${v#v}; break
done
if [[ -z "$src" ]]; then
  echo "unavailable TinyGo source not served by the Go module proxy: $reasons" >"$STATUS"; finish
fi

# --- 3. build the compiler --------------------------------------------------
dest="$TOOLS/tinygo-$ver"
rm -rf "$dest" "$dest.partial"
cp -r "$src" "$dest.partial" && chmod -R u+w "$dest.partial"
mkdir -p "$dest.partial/src/net" "$dest.partial/build" "$dest.partial/bin"
log "go build -tags llvm19 (TinyGo $ver, $(go version | cut -d' ' -f3)); takes a few minutes"
if ! (cd "$dest.partial" && go build -tags llvm19 -o build/tinygo . ) >"$TOOLS/tinygo-build.log" 2>&1; then
  echo "unavailable go build of TinyGo $ver failed: $(tail -c 600 "$TOOLS/tinygo-build.log" | tr '\n' ' ')" >"$STATUS"
  rm -rf "$dest.partial"; finish
fi

# --- 4. the wrapper: keep TinyGo's cache inside the install -----------------
cat >"$dest.partial/bin/tinygo" <<EOF
#!/bin/sh
# TinyGo $ver, built by toolchains/tinygo.sh. The cache (seeded C libraries,
# compiled packages) lives beside it; Go's own build cache stays where it was.
export GOCACHE="\${GOCACHE:-\$(go env GOCACHE)}"
export XDG_CACHE_HOME="$dest/cache"
exec "$dest/build/tinygo" "\$@"
EOF
chmod +x "$dest.partial/bin/tinygo"

# --- 5. seed the C libraries wasm-unknown links ------------------------------
# TinyGo would compile these from git submodules (llvm-project/compiler-rt,
# lib/wasi-libc) that the module zip lacks; Debian ships the same code prebuilt
# for wasm32 (MVP features), so we place it where TinyGo looks first: its cache.
# Directory names are <lib>-<triple>-<cpu>, see compileopts.(*Config).LibraryPath.
seed="$dest.partial/cache/tinygo"
triple=wasm32-unknown-unknown-mvp
mkdir -p "$seed/compiler-rt-$triple" "$seed/wasmbuiltins-$triple"
cp "$COMPILER_RT_A" "$seed/compiler-rt-$triple/lib.a"
tmp=$(mktemp -d)
(cd "$tmp" && llvm-ar-19 x "$WASI_LIBC_A" "${BUILTIN_OBJS[@]}" \
  && llvm-ar-19 rcs "$seed/wasmbuiltins-$triple/lib.a" "${BUILTIN_OBJS[@]}")
rc=$?; rm -rf "$tmp"
if ((rc)); then
  echo "unavailable could not extract wasm builtins from $WASI_LIBC_A" >"$STATUS"; rm -rf "$dest.partial"; finish
fi

# The final directory name is fixed now that the tree is complete (the wrapper
# and cache paths above already name it).
mv "$dest.partial" "$dest"
if ! v=$("$dest/bin/tinygo" version 2>&1); then
  echo "unavailable built TinyGo $ver does not run: $v" >"$STATUS"; finish
fi
log "$v"
echo "ok $ver $dest" >"$STATUS"
finish
