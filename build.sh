#!/usr/bin/env bash
# Fresh-machine entry point: installs what is missing (scripts/bootstrap.sh), then runs build.ps1 with the
# project-local PowerShell 7. Usage: ./build.sh Build | Demo | Test | Package | Clean   (see ./build.sh Help)
set -euo pipefail
cd "$(dirname "$0")"
case "${1:-}" in
  Test) bash scripts/bootstrap.sh --with-wine --with-faults --with-signing ;;
  Package) if [ -n "${CERTREBIND_SIGN_PFX:-}" ]; then bash scripts/bootstrap.sh --with-signing; else bash scripts/bootstrap.sh; fi ;;
  *) bash scripts/bootstrap.sh ;;
esac
exec .tools/pwsh/pwsh -NoLogo -NoProfile -File ./build.ps1 "$@"
