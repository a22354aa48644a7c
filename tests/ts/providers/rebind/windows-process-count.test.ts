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
  const host = new WindowsHost(windows.run, {}, { configDir, stateDir: join(testDir(), "state"), windowsVersion: "10.0.20348" });
  const result = await runRebind(host, { old: thumb(OLD.der), new: thumb(NEW.der), dryRun: false, force: false, waitMs: 0, trigger: "manual", now: new Date("2026-11-27T00:00:00Z") });
  return { result, started: windows.started, text: windows.text() };
}

// Five processes, whatever the number of records: netsh show (read), PowerShell (certificate stores),
// netsh -f (every record in one script), netsh show (read-back), eventcreate (the audit event).
test("a rebind on Windows starts the same five processes for 5 records and for 500", async () => {
  const small = await rebindOn(5);
  const large = await rebindOn(500);
  assert.equal(small.result.data.changed, 5);
  assert.equal(large.result.data.changed, 500);
  assert.ok(!large.text.includes(thumb(OLD.der).toLowerCase()), "every record was moved");
  assert.deepEqual(large.started, small.started);
  assert.deepEqual(large.started.sort(), ["eventcreate", "netsh", "netsh", "netsh", "powershell.exe"]);
});
