import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../support/run.js";
import { hostFiles } from "../../support/snapshot.js";
import { fakeKind } from "../fake-kind.js";
import { HOSTNAME, NOW, openSnapshot, rebindOldToNew, winrmHost, winrmWindows } from "./winrm-hosts.js";

const statuses = (changes: readonly { kind: string; endpoint: string; status: string; code: string | null }[]) => changes.map((c) => `${c.kind} ${c.endpoint} ${c.status}${c.code ? ` ${c.code}` : ""}`);

test("a rebind moves the WinRM listener and, playing WinRM's part, its HTTP.sys record, which is informational (CR3017), not a change of its own", async () => {
  const { root, thumbprints, listenersFile, sslcert } = winrmHost({
    records: [{ kind: "hostnameport", endpoint: "www.contoso.com:443", cert: "old" }],
    sites: [{ name: "Shop", bindings: [["https", "*:443:www.contoso.com", 1]] }],
    newDnsNames: [HOSTNAME, "www.contoso.com"],
  });
  const result = await rebindOldToNew(await openSnapshot(root), thumbprints);
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  assert.deepEqual(statuses(result.data.changes), ["hostnameport www.contoso.com:443 applied", "winrm Address=*+Transport=HTTPS applied"]);
  const winrm = result.data.changes[1]!;
  assert.deepEqual([winrm.service, winrm.restartRequired], ["WinRM", false]);
  assert.deepEqual(result.data.informational.map((i) => [i.kind, i.endpoint, i.code]), [["ipport", "0.0.0.0:5986", "CR3017"]]);
  assert.match(result.data.informational[0]!.reason, /the WinRM listener Address=\*\+Transport=HTTPS/);
  assert.match(readFileSync(listenersFile, "utf8"), new RegExp(`"CertificateThumbprint": "${thumbprints["new"]}"`));
  const records = readFileSync(sslcert, "utf8");
  assert.doesNotMatch(records, new RegExp(thumbprints["old"]!, "i"), "both records moved: IIS's by its kind, WinRM's with the listener");
  // The records file, listed by both kinds, is backed up once.
  assert.deepEqual(readdirNames(result.data.backup!), ["listeners.json", "sslcert.txt"].sort());
});

test("a dry run lists the listener with its service and no restart, and the claimed record as informational; nothing is written", async () => {
  const { root, thumbprints } = winrmHost();
  const before = hostFiles(root);
  const result = await rebindOldToNew(await openSnapshot(root), thumbprints, { dryRun: true });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(statuses(result.data.changes), ["winrm Address=*+Transport=HTTPS planned"]);
  assert.deepEqual(result.data.informational.map((i) => i.code), ["CR3017"]);
  assert.deepEqual(hostFiles(root), before);
});

test("a failure in another kind rolls the WinRM listener and its record back byte for byte", async () => {
  const { root, thumbprints } = winrmHost();
  const before = hostFiles(root);
  const failing = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [] }], { failApply: true });
  const result = await rebindOldToNew(await openSnapshot(root), thumbprints, { extra: [failing.kind] });
  assert.equal(result.exitCode, 1);
  assert.deepEqual(statuses(result.data.changes), ["winrm Address=*+Transport=HTTPS rolled-back CR1001", "fakelistener Listener-1 failed CR1001"]);
  const after = hostFiles(root);
  for (const file of ["winrm/listeners.json", "httpsys/sslcert.txt"]) assert.equal(after[file], before[file], file);
});

test("a listener whose Hostname the new certificate does not cover is refused with CR3016 (exit 3), and its record stays as it is", async () => {
  const { root, thumbprints, listenersFile, sslcert } = winrmHost({ newDnsNames: ["www.contoso.com"] });
  const before = [readFileSync(listenersFile, "utf8"), readFileSync(sslcert, "utf8")];
  const result = await rebindOldToNew(await openSnapshot(root), thumbprints);
  assert.equal(result.exitCode, 3);
  assert.deepEqual(statuses(result.data.changes), ["winrm Address=*+Transport=HTTPS refused CR3016"]);
  assert.deepEqual(result.errors.map((e) => e.code), ["CR3016"]);
  assert.deepEqual([readFileSync(listenersFile, "utf8"), readFileSync(sslcert, "utf8")], before);
});

test("on Windows the listener moves through Set-WSManInstance and WinRM moves its record; the read back checks both", async () => {
  const { root, thumbprints } = winrmHost();
  const windows = winrmWindows(root);
  const result = await rebindOldToNew(windows.host, thumbprints);
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  assert.deepEqual(statuses(result.data.changes), ["winrm Address=*+Transport=HTTPS applied"]);
  assert.equal(windows.listeners[0]!["CertificateThumbprint"], thumbprints["new"]);
  // The other kinds that read through PowerShell (the RDP listeners) run scripts of their own.
  assert.deepEqual(windows.scripts.flatMap((s) => /Get-WSManInstance|Set-WSManInstance/.exec(s)?.[0] ?? []), ["Get-WSManInstance", "Set-WSManInstance", "Get-WSManInstance"]);
  const record = (await windows.host.httpSys.readRecords()).find((r) => r.endpoint === "0.0.0.0:5986");
  assert.equal(record?.thumbprint?.toUpperCase(), thumbprints["new"]);
  assert.deepEqual(windows.windows.apiWrites().length, 1, "the record was written once, by WinRM, not by the HTTP.sys kind");
  assert.ok(readFileSync(join(result.data.backup!, "winrm-listeners.json"), "utf8").includes(thumbprints["old"]!), "the listeners' prior state is backed up");
});

test("on Windows, when WinRM does not move its record the read back fails and the listener is set back (CR1001)", async () => {
  const { root, thumbprints } = winrmHost();
  const windows = winrmWindows(root, { followRecords: false });
  const result = await rebindOldToNew(windows.host, thumbprints);
  assert.equal(result.exitCode, 1);
  assert.deepEqual(statuses(result.data.changes), ["winrm Address=*+Transport=HTTPS failed CR1001"]);
  assert.match(result.data.changes[0]!.reason!, /reading back after the change, Address=\*\+Transport=HTTPS was not as planned/);
  assert.equal(windows.listeners[0]!["CertificateThumbprint"], thumbprints["old"]);
});

test("on Windows a failing Set-WSManInstance fails the run and is rolled back", async () => {
  const { root, thumbprints } = winrmHost();
  const windows = winrmWindows(root, { failSet: true });
  const result = await rebindOldToNew(windows.host, thumbprints);
  assert.equal(result.exitCode, 1);
  assert.match(result.data.changes[0]!.reason!, /Set-WSManInstance failed \(exit code 1\)/);
  assert.equal(windows.listeners[0]!["CertificateThumbprint"], thumbprints["old"]);
});

for (const [name, options] of [["PowerShell fails", { failRead: true }], ["the WinRM service is stopped", { state: "Stopped" }]] as const) {
  test(`on Windows when ${name}: the command still runs, WinRM's record stays refused (CR3007, saying the listeners could not be read), other kinds move`, async () => {
    const { root, thumbprints } = winrmHost({
      records: [{ kind: "hostnameport", endpoint: "www.contoso.com:443", cert: "old" }],
      sites: [{ name: "Shop", bindings: [["https", "*:443:www.contoso.com", 1]] }],
      newDnsNames: [HOSTNAME, "www.contoso.com"],
    });
    const windows = winrmWindows(root, options);
    const result = await rebindOldToNew(windows.host, thumbprints);
    assert.equal(result.exitCode, 3);
    assert.deepEqual(statuses(result.data.changes), ["ipport 0.0.0.0:5986 refused CR3007", "hostnameport www.contoso.com:443 applied"]);
    assert.match(result.data.changes[0]!.reason!, /belongs to WinRM .*the WinRM listener could not be read \(see the warnings/);
    assert.equal(windows.listeners[0]!["CertificateThumbprint"], thumbprints["old"]);
  });
}

function readdirNames(dir: string): string[] {
  return Object.keys(hostFiles(dir)).sort();
}

test("never strand a service: the successor scan (rebind --auto) renews a certificate only the WinRM listener holds, and moves it", async () => {
  const { root, thumbprints, listenersFile } = winrmHost({ winrmRecord: false });
  writeFileSync(join(root, "certs", "My", "old.json"), JSON.stringify({ renewalThumbprint: thumbprints["new"] }));
  const result = await run(["rebind", "--auto", "--host-root", root, "--json"], { CERTREBIND_NOW: NOW.toISOString() });
  assert.equal(result.exitCode, 0, result.stdout);
  const data = result.envelope().data as { changes: { kind: string; endpoint: string; status: string; code: string | null }[] };
  assert.deepEqual(statuses(data.changes), ["winrm Address=*+Transport=HTTPS applied"]);
  assert.match(readFileSync(listenersFile, "utf8"), new RegExp(thumbprints["new"]!));
});
