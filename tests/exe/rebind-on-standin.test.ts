import { test, before } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, requireBuilt, runToFiles, windowsExe, wine64, type ExeRun } from "./support.js";
import {
  installStandin,
  newStandinStore,
  readStandinCalls,
  describeChild,
  RDP_READ,
  RDP_UNREAD,
  readStandinChildren,
  readStandinStore,
  resetStandinState,
  standinChildren,
  standinKey,
  standinSkip,
  writeStandinStore,
  type StandinRecord,
  type StandinVariant,
} from "./standin.js";
import { generateStandinRecords, NEW_THUMBPRINT, OLD_THUMBPRINT, standinDemoCertificates } from "./standin-records.js";
import { seedCertStoresOnce } from "./seed-cert-stores.js";

// Issue 12, "Done when": the real certrebind.exe under wine, reading and writing HTTP.sys through the HTTP Server
// API of the httpapi.dll stand-in (tests/native/httpapi-standin/README.md), both write paths, every injected failure.

const RECORDS = 1000;
const records = generateStandinRecords(RECORDS);
const moved = records.filter((r) => r.hash === OLD_THUMBPRINT);

const skip =
  standinSkip ||
  (!existsSync(join(repoRoot, "ts-src/platform/windows/httpapi/koffi-http-config-api.ts")) &&
    "the Windows adapter has no HTTP Server API layer in this tree (ts-src/platform/windows/httpapi/): the exe would still run netsh");

before(() => {
  if (!skip) requireBuilt(windowsExe);
});

interface Run {
  result: ExeRun;
  after: StandinRecord[];
  calls: ReturnType<typeof readStandinCalls>;
  children: string[];
  processes: string[];
  /** Whether wine's process trace is on (it names the exe's own threads and modules). */
  traced: boolean;
}

/** Wine's own programs, which wine starts for itself whatever the exe does. */
const WINE_SERVICES = /\\(?:winemenubuilder|winedevice|plugplay|svchost|rpcss|services|explorer|wineboot|conhost|start)\.exe/i;

/** Runs the exe against a fresh store holding `initial`; every process it starts is traced by wine (+process). */
function runExe(variant: StandinVariant, initial: readonly StandinRecord[], args: string[], extraEnv: NodeJS.ProcessEnv = {}): Run {
  const { env, prefix } = installStandin(variant);
  seedCertStoresOnce(prefix, env(), standinDemoCertificates);
  resetStandinState(prefix);
  const store = newStandinStore();
  const certificates = standinChildren(store.dir);
  writeStandinStore(store.store, initial);
  const result = runToFiles(wine64, [windowsExe, ...args], env({ ...store.env, ...certificates.env, CERTREBIND_NOW: "2026-11-27T00:00:00Z", WINEDEBUG: "-all,trace+process", ...extraEnv }));
  const processes = result.stderr
    .split("\n")
    .filter((line) => line.includes(":trace:process:CreateProcessInternalW app") && !WINE_SERVICES.test(line))
    .map((line) => line.replace(/^.*CreateProcessInternalW /, ""));
  return { result, after: readStandinStore(store.store), calls: readStandinCalls(store.calls), children: readStandinChildren(certificates.children), processes, traced: result.stderr.includes(":trace:process:") };
}

const byKey = (list: readonly StandinRecord[]) => new Map(list.map((r) => [standinKey(r), r]));

/** Every record, every field, against what it should be; the first differences in the message. */
function assertRecords(actual: readonly StandinRecord[], expected: readonly StandinRecord[], what: string): void {
  const got = byKey(actual);
  const differences: string[] = [];
  for (const want of expected) {
    const have = got.get(standinKey(want));
    if (!have) differences.push(`${standinKey(want)}: missing`);
    else if (!isDeepStrictEqual(have, want)) differences.push(`${standinKey(want)}:\n  got  ${JSON.stringify(have)}\n  want ${JSON.stringify({ ...have, ...want })}`);
  }
  if (got.size !== expected.length) differences.push(`${got.size} records, ${expected.length} expected`);
  assert.equal(differences.length, 0, `${what}: ${differences.length} difference(s)\n${differences.slice(0, 5).join("\n")}`);
}

/**
 * The programs a command starts, counted: one PowerShell, the RDP listeners' CIM read (RDP_READ: wine's powershell.exe
 * is the recorder, which exits 1), once for the one reading of the host, whatever the number of records; never netsh
 * or eventcreate, and no other PowerShell (RD Gateway and WinRM are not installed under wine: the Service Control
 * Manager says so, in the process). HTTP.sys is read and written through the HTTP Server API, the certificate stores
 * through crypt32 and the audit event through the event log API, in the process. The RDP read that failed is a
 * warning of the command.
 */
function assertOnlyTheRdpRead(run: Run): void {
  assert.deepEqual(run.children.map(describeChild), [RDP_READ], "the recorder (netsh.exe, powershell.exe) was started for something else than the RDP listeners' read");
  const programs = run.processes.map((line) => {
    const program = /^app (?:L"([^"]*)"|\(null\)) cmdline L"(?:\\")?([^" ]*)/.exec(line);
    assert.ok(program, `an unreadable process trace: ${line.slice(0, 200)}`);
    return (program[1] || program[2] || "").replace(/^.*\\/, "").toLowerCase();
  });
  assert.deepEqual(programs, ["powershell.exe"], "one process: the RDP listeners' PowerShell");
  assert.ok(run.traced, "wine traced nothing: is WINEDEBUG=+process working?");
  assert.deepEqual((JSON.parse(run.result.stdout) as { warnings: string[] }).warnings.filter((w) => w.includes("RDP")), [RDP_UNREAD]);
}

const rebindArgs = ["rebind", "--json", "--old", OLD_THUMBPRINT, "--new", NEW_THUMBPRINT, "--force"];
const expectedAfter = records.map((r) => (r.hash === OLD_THUMBPRINT ? { ...r, hash: NEW_THUMBPRINT } : r));

/** How the exe names a record (HttpSysRecord.endpoint): ip:port, host:port, or the port alone for ccs. */
function endpointOf(r: StandinRecord): string {
  const port = r.address.slice(r.address.lastIndexOf(":") + 1);
  if (r.kind === "ccs") return port;
  if (r.kind === "hostnameport" || r.kind === "scopedccs") return `${r.host}:${port}`;
  return r.address;
}

test(`bindings lists all ${RECORDS} stand-in records of every kind through the HTTP Server API, and changes nothing`, { skip }, () => {
  const run = runExe("with-update", records, ["bindings", "--json"]);
  assert.equal(run.result.status, 0, run.result.stderr.slice(-2000));
  const listed = (JSON.parse(run.result.stdout).data.bindings as { kind: string; endpoint: string; thumbprint: string | null; storeName: string | null; appId: string | null }[])
    .map((b) => `${b.kind} ${b.endpoint} ${b.thumbprint} ${b.storeName} ${b.appId}`)
    .sort();
  const expected = records.map((r) => `${r.kind} ${endpointOf(r)} ${r.hash === "" ? null : r.hash} ${r.storeName} ${r.appId}`).sort();
  assert.deepEqual(listed, expected);
  assertRecords(run.after, records, "bindings changes nothing");
  assert.deepEqual(run.calls.filter((c) => !["HttpQueryServiceConfiguration", "HttpInitialize", "HttpTerminate"].includes(c.fn)), [], "bindings only reads");
  assertOnlyTheRdpRead(run);
});

for (const variant of ["with-update", "without-update"] as const) {
  test(`rebind moves ${moved.length} of ${RECORDS} records of every kind and keeps every other field (${variant})`, { skip }, () => {
    const run = runExe(variant, records, rebindArgs);
    assert.equal(run.result.status, 0, run.result.stdout.slice(0, 2000) + run.result.stderr.slice(-2000));
    assert.equal(JSON.parse(run.result.stdout).data.changed, moved.length);
    assertRecords(run.after, expectedAfter, "after the rebind");
    const writes = (fn: string) => run.calls.filter((c) => c.fn === fn && (c.configId === 1 || c.configId === 5));
    if (variant === "with-update") {
      assert.equal(writes("HttpUpdateServiceConfiguration").filter((c) => c.result === 0).length, moved.length, "one Update per record");
      assert.equal(writes("HttpDeleteServiceConfiguration").length, 0, "no Delete where Update exists");
    } else {
      assert.equal(writes("HttpDeleteServiceConfiguration").filter((c) => c.result === 0).length, moved.length, "one Delete per record");
      assert.equal(writes("HttpSetServiceConfiguration").filter((c) => c.result === 0).length, moved.length, "one Set per record");
    }
    assertOnlyTheRdpRead(run);
  });
}

test("rebind sets the extended parameters again when an Update loses them (CERTREBIND_STANDIN_UPDATE_DROPS_EX=1)", { skip }, () => {
  const run = runExe("with-update", records, rebindArgs, { CERTREBIND_STANDIN_UPDATE_DROPS_EX: "1" });
  assert.equal(run.result.status, 0, run.result.stdout.slice(0, 2000) + run.result.stderr.slice(-2000));
  assertRecords(run.after, expectedAfter, "after the rebind");
  const withExtended = moved.filter((r) => r.extended.length > 0);
  const exSets = run.calls.filter((c) => c.fn === "HttpSetServiceConfiguration" && (c.configId === 8 || c.configId === 9) && c.result === 0);
  assert.equal(exSets.length, withExtended.reduce((n, r) => n + r.extended.length, 0), "one Set per lost extended parameter");
});

for (const [variant, variable, value] of [
  ["with-update", "CERTREBIND_STANDIN_FAIL_UPDATE_AT", String(Math.floor(moved.length / 2))],
  ["without-update", "CERTREBIND_STANDIN_FAIL_SET_AFTER_DELETE", String(Math.floor(moved.length / 2))],
  ["without-update", "CERTREBIND_STANDIN_FAIL_DELETE_AT", String(Math.floor(moved.length / 3))],
  ["without-update", "CERTREBIND_STANDIN_FAIL_SET_AT", String(Math.floor(moved.length / 4))],
] as const) {
  test(`rebind rolls every record back when ${variable}=${value} (${variant}): every record as before, exit 1`, { skip }, () => {
    const run = runExe(variant, records, rebindArgs, { [variable]: value });
    assert.equal(run.result.status, 1, run.result.stdout.slice(0, 2000) + run.result.stderr.slice(-2000));
    assertRecords(run.after, records, "after the rollback");
    const failed = run.calls.filter((c) => c.result !== 0 && c.fn !== "HttpQueryServiceConfiguration");
    assert.equal(failed.length, 1, `one injected failure: ${JSON.stringify(failed)}`);
    const envelope = JSON.stringify(JSON.parse(run.result.stdout));
    assert.match(envelope, new RegExp(`${failed[0]!.fn}[^"]*${failed[0]!.result}`), "the error names the function and the error number");
    assertOnlyTheRdpRead(run);
  });
}
