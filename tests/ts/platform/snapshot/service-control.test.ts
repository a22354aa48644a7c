import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { restartAndWaitForRunning } from "../../../../ts-src/platform/service-restart.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { testDir } from "../../support/snapshot.js";

/** As `Get-CimInstance Win32_Service | Select-Object Name,StartName,State | ConvertTo-Json` prints them (CRLF, 4 spaces). */
const SERVICES = [
  "[",
  "    {",
  '        "Name":  "MSSQLSERVER",',
  '        "StartName":  "NT Service\\\\MSSQLSERVER",',
  '        "State":  "Running"',
  "    },",
  "    {",
  '        "Name":  "MSSQL$SQLEXPRESS",',
  '        "StartName":  "CONTOSO\\\\sqlsvc",',
  '        "State":  "Stopped",',
  '        "FailsToStart":  true',
  "    },",
  "    {",
  '        "Name":  "TermService",',
  '        "StartName":  "NT Authority\\\\NetworkService",',
  '        "State":  "Stopped"',
  "    },",
  "    {",
  '        "Name":  "SomeDriverLikeThing",',
  '        "StartName":  null,',
  '        "State":  "Unknown"',
  "    }",
  "]",
  "",
].join("\r\n");

async function hostWith(services: string | Buffer | null) {
  const root = testDir(services === null ? { "certs/.keep": "" } : { "services/services.json": services });
  return { root, host: await SnapshotHost.open(root), file: join(root, "services", "services.json") };
}

const isCode = (code: string, pattern: RegExp) => (error: unknown) => error instanceof CertRebindError && error.code === code && pattern.test(error.message);

describe("SnapshotServiceControl (services/services.json)", () => {
  it("reads a service's account and state, the name compared case-insensitively", async () => {
    const { host } = await hostWith(SERVICES);
    assert.deepEqual(await host.services.query("mssqlserver"), { name: "MSSQLSERVER", account: "NT Service\\MSSQLSERVER", state: "running" });
    assert.deepEqual(await host.services.query("TermService"), { name: "TermService", account: "NT Authority\\NetworkService", state: "stopped" });
    assert.deepEqual(await host.services.query("SomeDriverLikeThing"), { name: "SomeDriverLikeThing", account: null, state: "unknown" });
  });

  it("answers null for a service that is not there, and for a host with no services file", async () => {
    assert.equal(await (await hostWith(SERVICES)).host.services.query("WinRM"), null);
    assert.equal(await (await hostWith(null)).host.services.query("WinRM"), null);
  });

  it("reads the single object ConvertTo-Json prints for one service, and UTF-16 LE as Windows PowerShell's > writes it", async () => {
    const one = '{\r\n    "Name":  "WinRM",\r\n    "StartName":  "NT AUTHORITY\\\\NetworkService",\r\n    "State":  "Running"\r\n}\r\n';
    assert.equal((await (await hostWith(one)).host.services.query("winrm"))?.state, "running");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(one, "utf16le")]);
    assert.equal((await (await hostWith(utf16)).host.services.query("WinRM"))?.account, "NT AUTHORITY\\NetworkService");
  });

  it("restarts a stopped service: its State becomes Running and no other byte of the file changes", async () => {
    const { host, file } = await hostWith(SERVICES);
    assert.deepEqual(await host.services.restart("termservice", 30_000), { name: "TermService", account: "NT Authority\\NetworkService", state: "running" });
    assert.equal(readFileSync(file, "utf8"), SERVICES.replace('"TermService",\r\n        "StartName":  "NT Authority\\\\NetworkService",\r\n        "State":  "Stopped"', '"TermService",\r\n        "StartName":  "NT Authority\\\\NetworkService",\r\n        "State":  "Running"'));
    assert.equal((await host.services.query("TermService"))?.state, "running");
  });

  it("keeps a UTF-16 file UTF-16 when it restarts a service", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SERVICES, "utf16le")]);
    const { host, file } = await hostWith(utf16);
    await host.services.restart("TermService", 1000);
    const after = readFileSync(file);
    assert.deepEqual([...after.subarray(0, 2)], [0xff, 0xfe]);
    assert.match(after.toString("utf16le"), /"TermService",\r\n {8}"StartName": {2}"NT Authority\\\\NetworkService",\r\n {8}"State": {2}"Running"/);
  });

  it("leaves a running service's file untouched, and a service marked FailsToStart stopped (what restart resolves with)", async () => {
    const { host, file } = await hostWith(SERVICES);
    assert.equal((await host.services.restart("MSSQLSERVER", 1000)).state, "running");
    assert.equal(readFileSync(file, "utf8"), SERVICES);
    assert.deepEqual(await host.services.restart("MSSQL$SQLEXPRESS", 1000), { name: "MSSQL$SQLEXPRESS", account: "CONTOSO\\sqlsvc", state: "stopped" });
    assert.equal(readFileSync(file, "utf8"), SERVICES);
  });

  it("refuses to restart a service that is not there as OpenServiceW does (CR4006, ERROR_SERVICE_DOES_NOT_EXIST), and writes nothing", async () => {
    const { host, file } = await hostWith(SERVICES);
    await assert.rejects(host.services.restart("WinRM", 1000), isCode("CR4006", /OpenServiceW failed: ERROR_SERVICE_DOES_NOT_EXIST \(1060\).*WinRM/));
    assert.equal(readFileSync(file, "utf8"), SERVICES);
  });

  it("refuses a name that cannot be a service's as the Windows adapter does (CR4006, ERROR_INVALID_NAME)", async () => {
    const { host } = await hostWith(SERVICES);
    await assert.rejects(host.services.query("a\\b"), isCode("CR4006", /ERROR_INVALID_NAME \(123\)/));
    await assert.rejects(host.services.restart("", 1000), isCode("CR4006", /ERROR_INVALID_NAME/));
  });

  it("refuses a malformed file with CR2003 naming the entry and what is expected", async () => {
    const bad = async (json: string, pattern: RegExp) => assert.rejects((await hostWith(json)).host.services.query("x"), isCode("CR2003", pattern));
    await bad("[1]", /entry 1: not an object/);
    await bad('[{"Name": "a", "State": "Running"}, {"Name": "b", "State": "running"}]', /entry 2: "State" must be one of Stopped, Start Pending/);
    await bad('[{"Name": "", "State": "Running"}]', /"Name" must be/);
    await bad('[{"Name": "a", "StartName": 5, "State": "Running"}]', /"StartName" must be a string or null/);
    await bad('[{"Name": "a", "State": "Running", "FailsToStart": "yes"}]', /"FailsToStart" must be true or false/);
    await bad('[{"Name": "a", "State": "Running"', /not JSON/);
  });

  it("is a file a run may change, journaled as services/services.json", async () => {
    const { host, file } = await hostWith(SERVICES);
    assert.deepEqual(host.services.restartWrites, [file]);
    assert.equal(await host.state.journalName(file), "services/services.json");
    assert.equal(await host.state.journaledFile("services/services.json"), file);
  });
});

describe("restartAndWaitForRunning", () => {
  it("resolves with a service that runs again, and fails with CR4013 naming one that does not come back", async () => {
    const { host } = await hostWith(SERVICES);
    assert.equal((await restartAndWaitForRunning(host.services, "TermService", 30_000)).state, "running");
    await assert.rejects(restartAndWaitForRunning(host.services, "MSSQL$SQLEXPRESS", 30_000), isCode("CR4013", /The service MSSQL\$SQLEXPRESS did not come back after its restart: it is stopped 30 s after/));
  });
});
