import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import type { KeepSecurity } from "../../../../ts-src/platform/files/durable-write.js";
import { Win32CallError } from "../../../../ts-src/platform/windows/httpapi/win32-errors.js";
import { WWW_2025, WWW_2026 } from "../../cli/rebind/support.js";
import { copyOfDemoHost } from "../../support/snapshot.js";
import { runOnWindows, windowsFromSnapshot } from "../../support/windows-from-snapshot.js";

// The Windows host hands applicationHost.config and its replacement to its KeepSecurity (on Windows,
// file-security.ts) before the rename; when that fails, the run is rolled back and the file left as it was.

const rebind = ["rebind", "--old", WWW_2025, "--new", WWW_2026, "--json"];

test("a rebind on Windows gives applicationHost.config's replacement the old file's security before replacing it", async () => {
  const root = copyOfDemoHost();
  const config = join(root, "inetsrv", "applicationHost.config");
  const before = readFileSync(config);
  const calls: [string, string, string][] = [];
  const keepSecurity: KeepSecurity = async (replaced, replacement) => {
    calls.push([replaced, replacement, readFileSync(replaced, "latin1")]);
  };
  const windows = windowsFromSnapshot(root, {}, { keepSecurity });
  const result = await runOnWindows(rebind, windows);
  // 3: the demo host's record for legacy.contoso.com is refused (the new certificate does not cover it), the rest moved.
  assert.equal(result.exitCode, 3, result.stderr);
  assert.notDeepEqual(readFileSync(config), before);
  const forConfig = calls.filter(([replaced]) => replaced === config);
  assert.equal(forConfig.length, 1);
  assert.equal(dirname(forConfig[0]![1]), dirname(config));
  assert.equal(forConfig[0]![2], before.toString("latin1"), "the descriptor is read from the file as it was before the rename");
});

test("when the security descriptor cannot be copied, applicationHost.config is not replaced and the run is rolled back, naming the file and the Windows error", async () => {
  const root = copyOfDemoHost();
  const config = join(root, "inetsrv", "applicationHost.config");
  const before = readFileSync(config);
  const keepSecurity: KeepSecurity = async () => {
    throw new Win32CallError("SetNamedSecurityInfoW", 1307, "copying its security descriptor to its replacement; it was not replaced");
  };
  const windows = windowsFromSnapshot(root, {}, { keepSecurity });
  const recordsBefore = JSON.stringify(await windows.host.httpSys.readRecords());
  const result = await runOnWindows(rebind, windows);
  assert.notEqual(result.exitCode, 0);
  const text = JSON.stringify(result.envelope().errors);
  assert.ok(text.includes(`${config} could not be written: SetNamedSecurityInfoW failed: ERROR_INVALID_OWNER (1307)`), text);
  assert.deepEqual(readFileSync(config), before);
  assert.deepEqual(readdirSync(dirname(config)).filter((name) => name.includes(".certrebind-")), []);
  assert.equal(JSON.stringify(await windows.host.httpSys.readRecords()), recordsBefore, "the HTTP.sys records are rolled back");
});
