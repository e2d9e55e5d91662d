#!/usr/bin/env bash
# apt.sh PKG...: install the Debian packages that are missing, and nothing
# else (idempotent). `apt-get update` runs at most once an hour.
# apt.sh --check PKG...: succeed only if every package is installed.
set -euo pipefail
check=false
[ "${1:-}" = "--check" ] && { check=true; shift; }
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
$check && { echo "apt: missing ${missing[*]}"; exit 1; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "apt: installing ${missing[*]}"
if [ -z "$(find /var/lib/apt/lists -maxdepth 0 -mmin -60 2>/dev/null)" ]; then
  $SUDO apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
