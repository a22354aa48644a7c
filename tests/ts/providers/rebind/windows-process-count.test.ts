import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { WindowsHost } from "../../../../ts-src/platform/windows/windows-host.js";
import { runRebind } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { fakeWindows, NEW, OLD, thumb } from "../../support/fake-windows.js";
import { testDir } from "../../support/snapshot.js";

async function rebindOn(records: number) {
  const windows = fakeWindows(records);
  // IIS with no site: IIS's records with no applicationHost.config would be refused (their host names unknown).
  const configDir = testDir({ "applicationHost.config": "<configuration><system.applicationHost><sites /></system.applicationHost></configuration>" });
  const host = new WindowsHost(windows.run, {}, { configDir, stateDir: join(testDir(), "state"), httpApi: windows.httpApi, crypt32: windows.crypt32, eventLog: windows.eventLog, scm: windows.scm });
  const result = await runRebind(host, { old: thumb(OLD.der), new: thumb(NEW.der), dryRun: false, force: false, waitMs: 0, trigger: "manual", now: new Date("2026-11-27T00:00:00Z") });
  return { result, started: windows.started, records: windows.api.all(), events: windows.events.events };
}

// No process but the binding kinds' CIM reads, whatever the number of records: HTTP.sys is read and written through
// the HTTP Server API, the certificate stores through crypt32 and the audit event through the event log API, in
// this process: no netsh (it was five processes with netsh: show, the -f script, show again), no PowerShell for the
// certificates, no eventcreate; no PowerShell for a binding kind whose service is not installed (the Service Control
// Manager says so, in this process). The RDP listeners have no Win32 API but CIM, read through PowerShell: the same
// processes for 5 records as for 500. An elevated run on Windows starts one PowerShell to make and check the folder of the native module
// (admin-only-folder.ts); the fakes here need none.
test("a rebind on Windows starts the same processes for 5 records as for 500: no netsh, no eventcreate, PowerShell only for CIM", async () => {
  const small = await rebindOn(5);
  const large = await rebindOn(500);
  assert.equal(small.result.data.changed, 5);
  assert.equal(large.result.data.changed, 500);
  assert.ok(large.records.every((r) => r.thumbprint === thumb(NEW.der)), "every record was moved");
  assert.ok(large.records.every((r) => r.settings?.flags === 0x2000), "and kept its flags");
  assert.deepEqual(large.started, small.started);
  assert.deepEqual(large.started.filter((program) => !/(^|\\)powershell\.exe$/i.test(program)), []);
  assert.ok(large.started.length <= 2, `PowerShell started ${large.started.length} times: once per reading of the host at most`);
  assert.deepEqual(large.events.map((e) => e.id), [100], "the audit event, through the API");
});
