#!/usr/bin/env bash
# Builds the httpapi.dll stand-in twice (with and without HttpUpdateServiceConfiguration), the program that
# checks it and the child-process recorder of the end-to-end tests, with the Debian mingw-w64 cross compiler, into build/ beside this script (git-ignored).
# Usage: tests/native/httpapi-standin/build.sh   (rebuilds only what is older than its sources)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/build"
cc=x86_64-w64-mingw32-gcc
command -v "$cc" >/dev/null || { echo "build.sh: $cc is missing: scripts/bootstrap.sh --with-wine installs gcc-mingw-w64-x86-64" >&2; exit 4; }
mkdir -p "$out/with-update" "$out/without-update"
flags=(-O2 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -std=gnu11 -D_WIN32_WINNT=0x0A00 -DUNICODE -static-libgcc)
sources=("$here/httpapi.c" "$here/store.c")
deps=("${sources[@]}" "$here/store.h" "$here/http-config.h" "$0")
stale() { local target=$1; shift; [ ! -f "$target" ] && return 0; for f in "$@"; do [ "$f" -nt "$target" ] && return 0; done; return 1; }
build_dll() { # $1 = variant folder, rest = extra flags
  local target="$out/$1/httpapi.dll"; shift
  if stale "$target" "${deps[@]}"; then
    "$cc" "${flags[@]}" "$@" -shared -o "$target.tmp" "${sources[@]}" -lws2_32
    mv -f "$target.tmp" "$target"
  fi
}
build_dll with-update -DSTANDIN_WITH_UPDATE
build_dll without-update
if stale "$out/child-recorder.exe" "$here/child-recorder.c" "$0"; then
  "$cc" "${flags[@]}" -o "$out/child-recorder.exe.tmp" "$here/child-recorder.c"
  mv -f "$out/child-recorder.exe.tmp" "$out/child-recorder.exe"
fi
if stale "$out/standin-check.exe" "$here/standin-check.c" "$here/http-config.h" "$0"; then
  "$cc" "${flags[@]}" -o "$out/standin-check.exe.tmp" "$here/standin-check.c" -lws2_32
  mv -f "$out/standin-check.exe.tmp" "$out/standin-check.exe"
fi
