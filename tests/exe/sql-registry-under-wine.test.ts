import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { buildSync } from "esbuild";
import { nativeUnderWineSkip, repoRoot, runToFiles, wine64, wineEnvironment, wineKoffiNode, wineNodeExe, zPath } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

// The Registry class (ts-src/platform/windows/registry/) and the SQL Server kind's Windows adapter through koffi and
// the prefix's advapi32 under wine, whose registry is real: SQL Server's keys are added with wine's own reg.exe, read
// and written by the adapter, and the write read back by reg.exe. What wine cannot show: a failover cluster, access
// denied, values that change while read; the unit tests cover those against the fake (tests/ts/kinds/sqlserver/).

const SQL = "HKLM\\SOFTWARE\\Microsoft\\Microsoft SQL Server";
const OLD = "0f70c94c6482e61b0a43b9816e830ed7b30b8c44";
const NEW = "fac2be397b0ef579e4c64ae777717b344007ba2c";

/** The entry node.exe runs: reads the instances, writes `write` to CRTEST's Certificate when given, reads again. */
const ENTRY = `
import type { KoffiNative } from "../../ts-src/platform/windows/native/koffi-native.js";
import { openKoffiRegistryApi } from "../../ts-src/platform/windows/registry/koffi-registry-api.js";
import { Registry } from "../../ts-src/platform/windows/registry/registry.js";
import { windowsSqlPort } from "../../ts-src/kinds/sqlserver/windows-registry.js";
import { tempDir } from "../ts/support/temp-dir.js";
const [koffiPath, write] = process.argv.slice(2) as [string, string | undefined];
const module = { exports: {} as unknown };
process.dlopen(module, koffiPath);
const port = windowsSqlPort(new Registry(async () => openKoffiRegistryApi(module.exports as KoffiNative, process.env["SystemRoot"] ?? "C:\\\\windows")));
(async () => {
  const before = await port.read();
  let after = null;
  if (write !== undefined) {
    await port.writeCertificate(before!.instances.find((i) => i.name === "CRTEST")!, write);
    after = await port.read();
  }
  console.log(JSON.stringify({ before, after }));
})().catch((error: Error) => console.log(JSON.stringify({ error: error.message })));
`;

function reg(...args: string[]) {
  return runToFiles(wine64, ["reg", ...args], wineEnvironment());
}

function adapter(...args: string[]): { before: unknown; after: unknown; error?: string } {
  const entry = join(tempDir("certrebind-sql-registry-", "/tmp"), "entry.cjs");
  buildSync({ stdin: { contents: ENTRY, loader: "ts", resolveDir: join(repoRoot, "tests/exe") }, bundle: true, platform: "node", format: "cjs", outfile: entry, logLevel: "warning" });
  const run = runToFiles(wine64, [wineNodeExe, zPath(entry), zPath(wineKoffiNode), ...args], wineEnvironment());
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim()) as { before: unknown; after: unknown };
}

test("under wine, SQL Server's instances and certificates are read from the real registry, a Certificate written lower-case and read back by reg.exe", { skip: nativeUnderWineSkip }, () => {
  reg("delete", SQL, "/f");
  try {
    assert.equal(adapter().before, null, "no Instance Names\\SQL key: no SQL Server");
    for (const args of [
      [`${SQL}\\Instance Names\\SQL`, "/v", "CRTEST", "/t", "REG_SZ", "/d", "MSSQL16.CRTEST"],
      [`${SQL}\\Instance Names\\SQL`, "/v", "CREXPRESS", "/t", "REG_SZ", "/d", "MSSQL15.CREXPRESS"],
      [`${SQL}\\MSSQL16.CRTEST\\MSSQLServer\\SuperSocketNetLib`, "/v", "Certificate", "/t", "REG_SZ", "/d", OLD],
      [`${SQL}\\MSSQL16.CRTEST\\MSSQLServer\\SuperSocketNetLib`, "/v", "ForceEncryption", "/t", "REG_DWORD", "/d", "0"],
      [`${SQL}\\MSSQL15.CREXPRESS\\MSSQLServer\\SuperSocketNetLib`, "/v", "ForceEncryption", "/t", "REG_DWORD", "/d", "0"],
      // A Certificate that is not a string: read as an error of that instance alone, never guessed at.
      [`${SQL}\\Instance Names\\SQL`, "/v", "CRBINARY", "/t", "REG_SZ", "/d", "MSSQL16.CRBINARY"],
      [`${SQL}\\MSSQL16.CRBINARY\\MSSQLServer\\SuperSocketNetLib`, "/v", "Certificate", "/t", "REG_BINARY", "/d", "0f70c94c"],
    ]) {
      const added = reg("add", ...args, "/f");
      assert.equal(added.status, 0, added.stderr);
    }
    // By name: wine enumerates the values in another order than they were added (the registry keeps none).
    const instances = (certificate: string) => [
      { name: "CREXPRESS", id: "MSSQL15.CREXPRESS", certificate: "", cluster: null },
      { name: "CRTEST", id: "MSSQL16.CRTEST", certificate, cluster: null },
    ];
    const binary = "SQL Server instance CRBINARY: its certificate could not be read: RegQueryValueExW failed: ERROR_INVALID_DATA (13) (HKLM\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\MSSQL16.CRBINARY\\MSSQLServer\\SuperSocketNetLib value Certificate is of type 3, not a string (REG_SZ)).";
    const { before, after } = adapter(NEW);
    assert.deepEqual(before, { instances: instances(OLD), warnings: [binary] });
    assert.deepEqual(after, { instances: instances(NEW), warnings: [binary] });
    const query = reg("query", `${SQL}\\MSSQL16.CRTEST\\MSSQLServer\\SuperSocketNetLib`, "/v", "Certificate");
    assert.match(query.stdout, new RegExp(`Certificate\\s+REG_SZ\\s+${NEW}`));
    assert.deepEqual(adapter().before, { instances: instances(NEW), warnings: [binary] });
  } finally {
    reg("delete", SQL, "/f");
  }
});
