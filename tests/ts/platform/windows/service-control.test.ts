import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { WIN32_ERRORS } from "../../../../ts-src/platform/windows/httpapi/win32-errors.js";
import { restartAndWaitForRunning } from "../../../../ts-src/platform/service-restart.js";
import { WindowsServiceControl } from "../../../../ts-src/platform/windows/scm/service-control.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { FakeScm, type FakeService } from "../../support/fake-scm.js";
import { testDir } from "../../support/snapshot.js";
import { windowsFromSnapshot } from "../../support/windows-from-snapshot.js";

const STOPPED = 1;
const RUNNING = 4;

function scmWith(services: Record<string, FakeService>) {
  const api = new FakeScm(services);
  return { api, control: new WindowsServiceControl(async () => api, api.clock) };
}

const isWin32 = (pattern: RegExp) => (error: unknown) => error instanceof CertRebindError && error.code === "CR4006" && pattern.test(error.message);

describe("WindowsServiceControl over the Service Control Manager", () => {
  it("queries a service's account (lpServiceStartName, read size then data) and state, asking only for query rights, and closes both handles", async () => {
    const { api, control } = scmWith({ MSSQLSERVER: { account: "NT Service\\MSSQLSERVER", state: RUNNING } });
    assert.deepEqual(await control.query("MSSQLSERVER"), { name: "MSSQLSERVER", account: "NT Service\\MSSQLSERVER", state: "running" });
    // SC_MANAGER_CONNECT; SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS.
    assert.deepEqual(api.calls, ["OpenSCManagerW 0x1", "OpenServiceW MSSQLSERVER 0x5", "CloseServiceHandle service", "CloseServiceHandle manager"]);
    assert.equal(api.open.size, 0);
  });

  it("answers null for a service that does not exist (ERROR_SERVICE_DOES_NOT_EXIST), closing the manager", async () => {
    const { api, control } = scmWith({});
    assert.equal(await control.query("TSGateway"), null);
    assert.equal(api.open.size, 0);
  });

  it("reads a service with no account recorded (a driver) as account null", async () => {
    const { control } = scmWith({ wineusb: { account: null, state: RUNNING } });
    assert.deepEqual(await control.query("wineusb"), { name: "wineusb", account: null, state: "running" });
  });

  it("restarts a running service: stop, wait while stop-pending, start, wait while start-pending, running", async () => {
    const { api, control } = scmWith({ WinRM: { account: "NT AUTHORITY\\NetworkService", state: RUNNING, pendingQueries: 3, waitHint: 20_000 } });
    assert.deepEqual(await control.restart("WinRM", 120_000), { name: "WinRM", account: "NT AUTHORITY\\NetworkService", state: "running" });
    assert.deepEqual(api.calls.filter((c) => !c.startsWith("Close") && !c.startsWith("Open")), ["EnumDependentServicesW", "ControlService 1", "StartServiceW"]);
    // SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_STOP | SERVICE_START | SERVICE_ENUMERATE_DEPENDENTS.
    assert.ok(api.calls.includes("OpenServiceW WinRM 0x3d"));
    // A tenth of the wait hint (20 s), between 1 and 10 seconds, as Microsoft's samples wait.
    assert.ok(api.clock.slept.length >= 6 && api.clock.slept.every((ms) => ms === 2000), String(api.clock.slept));
    assert.equal(api.state("WinRM"), RUNNING);
    assert.equal(api.open.size, 0);
  });

  it("starts a stopped service without stopping it first", async () => {
    const { api, control } = scmWith({ TermService: { account: "NT Authority\\NetworkService", state: STOPPED } });
    assert.equal((await control.restart("TermService", 60_000)).state, "running");
    assert.deepEqual(api.calls.filter((c) => c.startsWith("ControlService") || c.startsWith("StartService")), ["StartServiceW"]);
  });

  it("resolves with the state the service came to when it does not come back", async () => {
    const { control } = scmWith({ MSSQLSERVER: { account: "NT Service\\MSSQLSERVER", state: RUNNING, diesOnStart: true } });
    assert.equal((await control.restart("MSSQLSERVER", 60_000)).state, "stopped");
  });

  it("stops waiting at the caller's timeout or when a pending state's checkpoint stops advancing past its wait hint", async () => {
    const stuck = scmWith({ W3SVC: { account: "LocalSystem", state: RUNNING, stuck: true, waitHint: 5000 } });
    assert.equal((await stuck.control.restart("W3SVC", 60_000)).state, "stop-pending");
    assert.ok(stuck.api.clock.time <= 7000, `waited ${stuck.api.clock.time} ms for a checkpoint that never moved`);
    assert.equal(stuck.api.open.size, 0);
    const slow = scmWith({ W3SVC: { account: "LocalSystem", state: RUNNING, pendingQueries: 100, waitHint: 30_000 } });
    assert.equal((await slow.control.restart("W3SVC", 10_000)).state, "stop-pending");
    assert.ok(slow.api.clock.time <= 10_000, `waited ${slow.api.clock.time} ms past a 10 s timeout`);
  });

  it("fails with CR4006 naming the function, the error and the service when a call fails, and closes every handle", async () => {
    const dependents = scmWith({ MSSQLSERVER: { account: "NT Service\\MSSQLSERVER", state: RUNNING, failControl: WIN32_ERRORS.ERROR_DEPENDENT_SERVICES_RUNNING } });
    await assert.rejects(dependents.control.restart("MSSQLSERVER", 1000), isWin32(/ControlService failed: ERROR_DEPENDENT_SERVICES_RUNNING \(1051\).*MSSQLSERVER/));
    assert.equal(dependents.api.open.size, 0);
    const disabled = scmWith({ RDGateway: { account: "NT AUTHORITY\\NetworkService", state: STOPPED, failStart: WIN32_ERRORS.ERROR_SERVICE_DISABLED } });
    await assert.rejects(disabled.control.restart("RDGateway", 1000), isWin32(/StartServiceW failed: ERROR_SERVICE_DISABLED \(1058\)/));
    const missing = scmWith({});
    await assert.rejects(missing.control.restart("WinRM", 1000), isWin32(/OpenServiceW failed: ERROR_SERVICE_DOES_NOT_EXIST \(1060\).*WinRM/));
  });

  it("refuses a name that is no service name before asking the SCM anything", async () => {
    const { api, control } = scmWith({});
    await assert.rejects(control.query("a\\b"), isWin32(/ERROR_INVALID_NAME.*not a service name/));
    await assert.rejects(control.query(""), isWin32(/ERROR_INVALID_NAME/));
    assert.deepEqual(api.calls, []);
  });
});

describe("WindowsServiceControl: services that depend on the one restarted", () => {
  it("stops the running dependents first (in EnumDependentServicesW's order), restarts the service, then starts them again", async () => {
    const { api, control } = scmWith({
      MSSQLSERVER: { account: "NT Service\\MSSQLSERVER", state: RUNNING, dependents: ["SQLTELEMETRY", "SQLSERVERAGENT"] },
      SQLSERVERAGENT: { account: "NT Service\\SQLSERVERAGENT", state: RUNNING },
      SQLTELEMETRY: { account: "NT Service\\SQLTELEMETRY", state: STOPPED },
    });
    assert.deepEqual(await control.restart("MSSQLSERVER", 120_000), {
      name: "MSSQLSERVER",
      account: "NT Service\\MSSQLSERVER",
      state: "running",
      dependents: [{ name: "SQLSERVERAGENT", account: "NT Service\\SQLSERVERAGENT", state: "running" }],
    });
    const order = api.calls.filter((c) => /^(OpenServiceW|ControlService|StartServiceW)/.test(c));
    assert.deepEqual(order, [
      "OpenServiceW MSSQLSERVER 0x3d",
      "OpenServiceW SQLSERVERAGENT 0x35",
      "ControlService 1",
      "ControlService 1",
      "StartServiceW",
      "OpenServiceW SQLSERVERAGENT 0x35",
      "StartServiceW",
    ]);
    assert.equal(api.state("SQLTELEMETRY"), STOPPED, "a dependent that was stopped stays stopped");
    assert.equal(api.open.size, 0);
  });

  it("does not start the dependents of a service that did not come back, and says where they are", async () => {
    const { api, control } = scmWith({
      MSSQLSERVER: { account: "NT Service\\MSSQLSERVER", state: RUNNING, diesOnStart: true, dependents: ["SQLSERVERAGENT"] },
      SQLSERVERAGENT: { account: "NT Service\\SQLSERVERAGENT", state: RUNNING },
    });
    const restarted = await control.restart("MSSQLSERVER", 60_000);
    assert.equal(restarted.state, "stopped");
    assert.deepEqual(restarted.dependents, [{ name: "SQLSERVERAGENT", account: "NT Service\\SQLSERVERAGENT", state: "stopped" }]);
    assert.equal(api.calls.filter((c) => c === "StartServiceW").length, 1);
    await assert.rejects(
      restartAndWaitForRunning(scmWith({ A: { account: null, state: RUNNING, dependents: ["B"] }, B: { account: null, state: RUNNING, failStart: WIN32_ERRORS.ERROR_SERVICE_DISABLED } }).control, "A", 60_000),
      isWin32(/StartServiceW failed: ERROR_SERVICE_DISABLED \(1058\) \(the service B\)/),
    );
  });

  it("restartAndWaitForRunning fails with CR4013 naming a dependent that did not come back", async () => {
    const { control } = scmWith({
      W3SVC: { account: "LocalSystem", state: RUNNING, dependents: ["FTPSVC"] },
      FTPSVC: { account: "LocalSystem", state: RUNNING, diesOnStart: true },
    });
    await assert.rejects(
      restartAndWaitForRunning(control, "W3SVC", 60_000),
      (error: unknown) => error instanceof CertRebindError && error.code === "CR4013" && /The service FTPSVC, which depends on W3SVC, did not come back after its restart: it is stopped/.test(error.message),
    );
  });
});

describe("the fake Windows of a snapshot host (windows-from-snapshot.ts)", () => {
  it("answers the snapshot's services through the Windows adapter, as the snapshot host does", async () => {
    const root = testDir({
      "services/services.json": JSON.stringify([
        { Name: "TermService", StartName: "NT Authority\\NetworkService", State: "Stopped" },
        { Name: "MSSQLSERVER", StartName: "NT Service\\MSSQLSERVER", State: "Running", FailsToStart: true },
      ]),
    });
    const windows = windowsFromSnapshot(root);
    const snapshot = await SnapshotHost.open(root);
    for (const name of ["TermService", "MSSQLSERVER", "WinRM"]) assert.deepEqual(await windows.host.services.query(name), await snapshot.services.query(name));
    assert.equal((await windows.host.services.restart("TermService", 60_000)).state, (await snapshot.services.restart("TermService", 60_000)).state);
    assert.equal((await windows.host.services.restart("MSSQLSERVER", 60_000)).state, (await snapshot.services.restart("MSSQLSERVER", 60_000)).state);
  });
});
