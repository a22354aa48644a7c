#!/usr/bin/env bash
# Builds seed-cert-stores.exe with the Debian mingw-w64 cross compiler into build/ beside this script (git-ignored).
# Usage: tests/native/cert-store-seeder/build.sh   (rebuilds only when the source is newer)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/build"
cc=x86_64-w64-mingw32-gcc
command -v "$cc" >/dev/null || { echo "build.sh: $cc is missing: scripts/bootstrap.sh --with-wine installs gcc-mingw-w64-x86-64" >&2; exit 4; }
mkdir -p "$out"
target="$out/seed-cert-stores.exe"
if [ ! -f "$target" ] || [ "$here/seed-cert-stores.c" -nt "$target" ] || [ "$0" -nt "$target" ]; then
  "$cc" -O2 -Wall -Wextra -std=gnu11 -DUNICODE -static-libgcc -o "$target.tmp" "$here/seed-cert-stores.c" -lcrypt32 -ladvapi32
  mv -f "$target.tmp" "$target"
fi
