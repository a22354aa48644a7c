import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_HOST_CHANGES, linuxExe, nodeVersion, repoRoot, requireBuilt, runToFiles } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

const demoHost = join(repoRoot, "examples/demo-host");
const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const NOW = { CERTREBIND_NOW: "2026-11-27T00:00:00Z" };
const WWW_2025 = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const WWW_2026 = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";

test("the Linux exe answers version with the project version and its embedded Node", () => {
  requireBuilt(linuxExe);
  const result = runToFiles(linuxExe, ["version", "--json"]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).data, { version, node: `v${nodeVersion}`, platform: "linux", arch: "x64" });
  assert.equal(result.stderr, "", "no SEA warning or other noise on stderr");
});

test("the Linux exe lists the demo host's bindings, as the source does", () => {
  const result = runToFiles(linuxExe, ["bindings", "--json", "--host-root", demoHost], NOW);
  assert.equal(result.status, 0, result.stderr);
  const envelope = JSON.parse(result.stdout);
  assert.equal(envelope.ok, true);
  assert.deepEqual(
    envelope.data.bindings.map((b: { kind: string; endpoint: string; sites: string[] }) => `${b.kind} ${b.endpoint} ${b.sites.join("+")}`),
    [
      "ipport 0.0.0.0:443 Default Web Site+Legacy",
      "ipport 0.0.0.0:8443 ",
      "ipport 10.0.0.10:443 Shop",
      "ipport [::]:443 ",
      // WinRM's HTTP.sys record, claimed by its listener.
      "ipport 0.0.0.0:5986 ",
      "hostnameport www.contoso.com:443 Contoso WWW",
      "hostnameport api.contoso.com:443 API",
      "ccs 443 Static",
      "scopedccs static.contoso.com:443 ",
      "ftp *:21: Contoso FTP",
      "ftp siteDefaults ",
      "sqlserver MSSQLSERVER ",
      "rdp RDP-Tcp ",
      "rdp RDP-Tcp-3390 ",
      "rdgateway TSGateway ",
      "winrm Address=*+Transport=HTTPS ",
    ],
  );
});

test("the Linux exe reads its working directory, environment and clock when it runs, not when its start-up snapshot was built", () => {
  const dir = tempDir("certrebind-exe-cwd-");
  cpSync(demoHost, join(dir, "host"), { recursive: true });
  const stateOn = (now: string) => {
    const result = runToFiles(linuxExe, ["bindings", "--json"], { CERTREBIND_HOST_ROOT: "host", CERTREBIND_NOW: now }, dir);
    assert.equal(result.status, 0, result.stderr);
    const envelope = JSON.parse(result.stdout);
    assert.equal(envelope.data.bindings.length, 16);
    return envelope.data.bindings[0].certificate.state;
  };
  assert.equal(stateOn("2026-11-27T00:00:00Z"), "expiring");
  assert.equal(stateOn("2031-01-01T00:00:00Z"), "expired");
});

const exitCases: [string, string[], number, string][] = [
  ["a malformed thumbprint", ["bindings", "--json", "--host-root", demoHost, "--thumbprint", "xyz"], 2, "CR2001"],
  ["no host root on Linux", ["bindings", "--json"], 4, "CR4001"],
  ["an unknown command", ["frobnicate", "--json"], 2, "CR2000"],
];
for (const [name, args, status, code] of exitCases) {
  test(`the Linux exe exits ${status} with ${code} for ${name}`, () => {
    const result = runToFiles(linuxExe, args, { CERTREBIND_HOST_ROOT: "" });
    assert.equal(result.status, status);
    assert.equal(JSON.parse(result.stdout).errors[0].code, code);
  });
}

test("the Linux exe rebinds a copy of the demo host, every kind, and exits 3 for the refused RD Gateway (CR3005)", () => {
  const root = tempDir("certrebind-exe-host-");
  cpSync(demoHost, root, { recursive: true });
  const result = runToFiles(linuxExe, ["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026], NOW);
  assert.equal(result.status, 3, result.stderr);
  const data = JSON.parse(result.stdout).data;
  assert.equal(data.changed, 7);
  // The gateway's certificate does not name legacy.contoso.com, which its HTTP.sys record serves: CR3005.
  assert.deepEqual(
    data.changes.map((c: { kind: string; endpoint: string; status: string; code: string | null }) => `${c.kind} ${c.endpoint} ${c.status}${c.code ? ` ${c.code}` : ""}`),
    DEMO_HOST_CHANGES.map((c) => (c.startsWith("rdgateway") ? `${c} refused CR3005` : `${c} applied`)),
  );
  for (const file of ["sqlserver/instances.json", "rdp/listeners.json", "winrm/listeners.json"]) {
    assert.match(readFileSync(join(root, file), "utf8"), new RegExp(WWW_2026, "i"), `${file} names the renewal`);
  }
  assert.ok(readFileSync(join(root, "rdgateway/settings.json")).equals(readFileSync(join(demoHost, "rdgateway/settings.json"))), "the refused gateway is not changed");
  assert.ok(readFileSync(join(root, "httpsys/records.json"), "utf8").includes(`"hash": "${WWW_2026}"`));
  assert.equal(readFileSync(join(root, "state/audit.jsonl"), "utf8").trim().split("\n").length, 1);
});

test("the Linux exe knows it is the single executable: task enable installs a copy of itself, and task status says so", () => {
  const root = tempDir("certrebind-exe-task-");
  cpSync(demoHost, root, { recursive: true });
  const enable = runToFiles(linuxExe, ["task", "enable", "--json", "--host-root", root], NOW);
  assert.equal(enable.status, 0, enable.stderr);
  assert.deepEqual(JSON.parse(enable.stdout).data.steps.map((s: { status: string }) => s.status), ["done", "done"]);
  assert.ok(readFileSync(join(root, "programfiles/CertRebind/certrebind.exe")).equals(readFileSync(linuxExe)), "the installed exe is this exe");
  assert.deepEqual([...readFileSync(join(root, "tasks/CertRebind/AutoRebind.xml")).subarray(0, 2)], [0xff, 0xfe]);
  const status = runToFiles(linuxExe, ["task", "status", "--json", "--host-root", root], NOW);
  const data = JSON.parse(status.stdout).data;
  assert.equal(data.task.enabled, true);
  assert.equal(data.exe.sameAsRunning, true);
  assert.equal(data.exe.version, version);
});

test("the Linux exe runs what the task runs: on-task with unsubstituted placeholders scans for successors", () => {
  const result = runToFiles(linuxExe, ["on-task", "--old", "$(OldCertHash)", "--new", "$(NewCertHash)", "--dry-run", "--json", "--host-root", demoHost], NOW);
  assert.equal(result.status, 3, result.stderr);
  const data = JSON.parse(result.stdout).data;
  assert.equal(data.mode, "auto");
  assert.equal(data.rebind.successors[0].successor, WWW_2026);
});
