import { test, before } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hostFiles } from "../ts/support/snapshot.js";
import { changeLines, DEMO_HOST_CHANGES, haveWine, nodeVersion, repoRoot, requireBuilt, runToFiles, windowsExe, wine64, wineEnvironment, zPath } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

// Wine is only a smoke test of the Windows build: its netsh and PowerShell are stubs.
let wineEnv: NodeJS.ProcessEnv = {};

before(() => {
  if (!haveWine) return;
  requireBuilt(windowsExe);
  wineEnv = wineEnvironment({ CERTREBIND_NOW: "2026-11-27T00:00:00Z" });
});

test("certrebind.exe under wine answers version as a win32 program", { skip: !haveWine && "wine64 is not installed (./build.sh Test installs it)" }, () => {
  const result = runToFiles(wine64, [windowsExe, "version", "--json"], wineEnv);
  assert.equal(result.status, 0, result.stderr);
  const data = JSON.parse(result.stdout).data;
  assert.equal(data.platform, "win32");
  assert.equal(data.node, `v${nodeVersion}`);
});

test("certrebind.exe under wine lists the demo host's bindings from a Z: path", { skip: !haveWine && "wine64 is not installed" }, () => {
  const result = runToFiles(wine64, [windowsExe, "bindings", "--json", "--host-root", zPath(join(repoRoot, "examples/demo-host"))], wineEnv);
  assert.equal(result.status, 0, result.stderr);
  const envelope = JSON.parse(result.stdout);
  // IIS's and HTTP.sys's 11 (WinRM's record 0.0.0.0:5986 among them), SQL Server, two RDP listeners, RD Gateway, WinRM.
  assert.deepEqual(
    (envelope.data.bindings as { kind: string }[]).reduce<Record<string, number>>((n, b) => ({ ...n, [b.kind]: (n[b.kind] ?? 0) + 1 }), {}),
    { ipport: 5, hostnameport: 2, ccs: 1, scopedccs: 1, ftp: 2, sqlserver: 1, rdp: 2, rdgateway: 1, winrm: 1 },
  );
  assert.equal(envelope.data.bindings.length, 16);
  assert.equal(envelope.data.missingRecords[0].site, "Blog");
  assert.match(envelope.data.config.path, /^Z:\\.*\\inetsrv\\applicationHost\.config$/);
});

test("certrebind.exe under wine exits 2 for a malformed thumbprint", { skip: !haveWine && "wine64 is not installed" }, () => {
  const result = runToFiles(wine64, [windowsExe, "bindings", "--json", "--host-root", zPath(repoRoot), "--thumbprint", "zz"], wineEnv);
  assert.equal(result.status, 2);
  assert.equal(JSON.parse(result.stdout).errors[0].code, "CR2001");
});

test("certrebind.exe under wine rebinds a copy of the demo host through a Z: path", { skip: !haveWine && "wine64 is not installed" }, () => {
  const root = tempDir("certrebind-wine-host-");
  cpSync(join(repoRoot, "examples/demo-host"), root, { recursive: true });
  const args = ["rebind", "--json", "--host-root", zPath(root), "--old", "0F70C94C6482E61B0A43B9816E830ED7B30B8C44", "--new", "FAC2BE397B0EF579E4C64AE777717B344007BA2C", "--force"];
  const result = runToFiles(wine64, [windowsExe, ...args], wineEnv);
  assert.equal(result.status, 0, result.stderr);
  const data = JSON.parse(result.stdout).data as { changed: number; changes: { kind: string; endpoint: string; status: string }[] };
  // --force overrides RD Gateway's CR3005 (legacy.contoso.com): every kind of the demo host moves.
  assert.equal(data.changed, 8);
  assert.deepEqual(changeLines(data.changes), DEMO_HOST_CHANGES.map((c) => `${c} applied`));
  assert.ok(readFileSync(join(root, "inetsrv/applicationHost.config"), "utf8").includes('serverCertHash="fac2be397b0ef579e4c64ae777717b344007ba2c"'));
  for (const file of ["sqlserver/instances.json", "rdp/listeners.json", "winrm/listeners.json"]) {
    assert.match(readFileSync(join(root, file), "utf8"), /FAC2BE397B0EF579E4C64AE777717B344007BA2C/i, `${file} names the renewal`);
  }
});

test("certrebind.exe under wine installs a copy of itself and registers the task on a Z: snapshot host", { skip: !haveWine && "wine64 is not installed" }, () => {
  const root = tempDir("certrebind-wine-task-");
  cpSync(join(repoRoot, "examples/demo-host"), root, { recursive: true });
  const result = runToFiles(wine64, [windowsExe, "task", "enable", "--json", "--host-root", zPath(root)], wineEnv);
  assert.equal(result.status, 0, result.stderr);
  const data = JSON.parse(result.stdout).data;
  assert.equal(data.exe.sameAsRunning, true);
  assert.equal(data.task.command, "C:\\Program Files\\CertRebind\\certrebind.exe");
  assert.ok(readFileSync(join(root, "programfiles/CertRebind/certrebind.exe")).equals(readFileSync(windowsExe)));
  const xml = readFileSync(join(root, "tasks/CertRebind/AutoRebind.xml"));
  assert.deepEqual([...xml.subarray(0, 4)], [0xff, 0xfe, 0x3c, 0x00]);
  assert.match(xml.subarray(2).toString("utf16le"), /<Arguments>on-task --old "\$\(OldCertHash\)" --new "\$\(NewCertHash\)"<\/Arguments>\r\n/);
});

test("certrebind.exe under wine journals relative paths: a rebind killed mid-way is undone, by the win32 exe, where the host now is", { skip: !haveWine && "wine64 is not installed" }, () => {
  const root = tempDir("certrebind-wine-crash-");
  cpSync(join(repoRoot, "examples/demo-host"), root, { recursive: true });
  const before = hostFiles(root);
  const recordsBefore = readFileSync(join(root, "httpsys/records.json"));
  const args = ["rebind", "--json", "--host-root", zPath(root), "--old", "0F70C94C6482E61B0A43B9816E830ED7B30B8C44", "--new", "FAC2BE397B0EF579E4C64AE777717B344007BA2C", "--force"];
  // Write 10: records.json, right after the journal entry of its new bytes (the journal now names every kind's file).
  runToFiles(wine64, [windowsExe, ...args], { ...wineEnv, CERTREBIND_TEST_KILL_AFTER_WRITE: "10" });
  const journal = JSON.parse(readFileSync(join(root, "state/journal.json"), "utf8"));
  assert.deepEqual(journal.files.map((f: { path: string }) => f.path), [
    "httpsys/records.json",
    "sqlserver/instances.json",
    // SQL Server's key read grant, in the renewal's sidecar on a snapshot host.
    "certs/My/www-2026.json",
    "rdp/listeners.json",
    "rdgateway/settings.json",
    "winrm/listeners.json",
    "inetsrv/applicationHost.config",
  ]);
  assert.match(journal.files[0].backup, /^backups\/\d{8}T\d{6}Z-[0-9a-f]{6}\/records\.json$/);
  assert.ok(!readFileSync(join(root, "httpsys/records.json")).equals(recordsBefore), "the kill came after records.json was rewritten");
  const moved = `${root}-moved`;
  cpSync(root, moved, { recursive: true });
  const result = runToFiles(wine64, [windowsExe, "task", "disable", "--json", "--host-root", zPath(moved)], wineEnv);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).recovery.action, "restored");
  assert.ok(readFileSync(join(moved, "httpsys/records.json")).equals(recordsBefore));
  assert.deepEqual(hostFiles(moved), before, "every file of the host as before, byte for byte");
});
