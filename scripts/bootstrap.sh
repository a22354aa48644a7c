#!/usr/bin/env bash
# Installs what the build and the tests need, into project-local folders where it can.
# Idempotent and offline-safe: every step is skipped when its result is already there, and every
# download comes from the npm registry, NuGet or Debian's repositories.
#   PowerShell 7 (.NET tool)  -> .tools/pwsh/pwsh
#   Pester (NuGet)            -> .tools/nuget/pester/<version>/tools/Pester.psd1
#   npm dependencies          -> node_modules/
#   wine64 (Debian)           -> /usr/lib/wine/wine64, only with --with-wine (the Windows exe smoke test)
#   gcc, util-linux (Debian)  -> with --with-faults: the fault library of tests/faults (gcc, libc6-dev) and
#                                unshare, setpriv, mount (util-linux, mount)
#   gcc-mingw-w64-x86-64 (Debian) -> x86_64-w64-mingw32-gcc, only with --with-wine (builds the httpapi.dll
#                                stand-in the Windows exe is tested against: tests/native/httpapi-standin/)
#   osslsigncode >= 2.8, openssl (Debian) -> with --with-signing: signs the package (the first version that signs
#                                PowerShell scripts is 2.8; Debian 12 has it in bookworm-backports, Debian 13 in
#                                main) and makes the package tests' throwaway certificate
set -euo pipefail
cd "$(dirname "$0")/.."

PWSH_VERSION=7.6.9
PESTER_VERSION=$(sed -n 's/.*Include="Pester" Version="\[\([0-9.]*\)\]".*/\1/p' tools/pester.csproj)
with_wine=0
with_faults=0
with_signing=0
for arg in "$@"; do
  case "$arg" in
    --with-wine) with_wine=1 ;;
    --with-faults) with_faults=1 ;;
    --with-signing) with_signing=1 ;;
    *) echo "bootstrap: unknown option '$arg' (known: --with-wine, --with-faults, --with-signing)" >&2; exit 2 ;;
  esac
done

say() { printf 'bootstrap: %s\n' "$*" >&2; }

if [ ! -x .tools/pwsh/pwsh ]; then
  say "installing PowerShell $PWSH_VERSION (.NET tool) into .tools/pwsh"
  dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path .tools/pwsh >/dev/null
fi

if [ ! -f ".tools/nuget/pester/$PESTER_VERSION/tools/Pester.psd1" ]; then
  say "restoring Pester $PESTER_VERSION from NuGet into .tools/nuget"
  dotnet restore tools/pester.csproj --packages .tools/nuget >/dev/null
  rm -rf tools/obj
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

# Debian packages the tests need, each named with why: collected, then installed with one apt-get update.
missing=()
why=()
need() { missing+=("${@:2}"); why+=("$1"); }
if [ "$with_wine" = 1 ]; then
  [ -x /usr/lib/wine/wine64 ] || need "wine64 (runs the Windows exe)" wine64
  command -v x86_64-w64-mingw32-gcc >/dev/null || need "mingw-w64 (builds the httpapi.dll stand-in the Windows exe is tested against)" gcc-mingw-w64-x86-64
fi
if [ "$with_faults" = 1 ]; then
  command -v gcc >/dev/null || need "gcc (the fault library of tests/faults)" gcc libc6-dev
  { command -v unshare >/dev/null && command -v setpriv >/dev/null; } || need "util-linux (unshare, setpriv for tests/faults)" util-linux
  command -v mount >/dev/null || need "mount (tests/faults)" mount
fi
# osslsigncode signs PowerShell scripts from 2.8 on; an older one counts as missing.
osslsigncode_ok() {
  local v; v=$(osslsigncode --version 2>/dev/null | sed -n '1s/^osslsigncode \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
  [ -n "$v" ] && set -- $v && { [ "$1" -gt 2 ] || { [ "$1" -eq 2 ] && [ "$2" -ge 8 ]; }; }
}
backports=
if [ "$with_signing" = 1 ]; then
  command -v openssl >/dev/null || need "openssl (the package tests' throwaway signing certificate)" openssl
  if ! osslsigncode_ok; then
    # Debian 12's own osslsigncode is 2.5; its backports have 2.9 (only that package is taken from them).
    . /etc/os-release
    if [ "${VERSION_CODENAME:-}" = bookworm ]; then
      backports=bookworm-backports
      need "osslsigncode 2.8 or later from bookworm-backports (signs the package's exe and scripts)" osslsigncode/bookworm-backports
    else
      need "osslsigncode 2.8 or later (signs the package's exe and scripts)" osslsigncode
    fi
  fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then say "the tests need ${missing[*]} and root to install them: apt-get install ${missing[*]}"; exit 4; fi
  say "installing from Debian: $(IFS=';'; echo "${why[*]}")"
  if [ -n "$backports" ]; then
    echo "deb http://deb.debian.org/debian $backports main" > "/etc/apt/sources.list.d/$backports.list"
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ "$with_signing" = 1 ] && ! osslsigncode_ok; then say "osslsigncode 2.8 or later could not be installed: $(osslsigncode --version 2>&1 | head -1)"; exit 4; fi
fi
