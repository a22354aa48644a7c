import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { auditRecords, copyOfDemoHost, demoHost } from "../../support/snapshot.js";
import { treeHash } from "../../support/tree-hash.js";
import { rebind, statusOf, WWW_2025, WWW_2026 } from "./support.js";

const outsideState = { exclude: (p: string) => p.startsWith("state") };
const changedLines = (a: string, b: string) => {
  const x = a.split("\n");
  const y = b.split("\n");
  assert.equal(x.length, y.length, "same number of lines");
  return x.flatMap((line, i) => (line === y[i] ? [] : [[line, y[i]]]));
};

const ALL_APPLIED = {
  "10.0.0.10:443": "applied",
  "www.contoso.com:443": "applied",
  "*:21:": "applied",
  siteDefaults: "applied",
  MSSQLSERVER: "applied",
  "RDP-Tcp": "applied",
  TSGateway: "applied",
  "Address=*+Transport=HTTPS": "applied",
};

test("rebind on the demo host moves every target it may and refuses RD Gateway, whose shared record's host is not covered", async () => {
  const root = copyOfDemoHost();
  const result = await rebind(root);
  assert.equal(result.exitCode, 3);
  assert.deepEqual(statusOf(result.data), { ...ALL_APPLIED, TSGateway: "refused" });
  assert.equal(result.data.changed, 7);
  const refused = result.data.changes.find((c) => c.endpoint === "TSGateway")!;
  assert.equal(refused.code, "CR3005");
  assert.match(refused.reason!, /^It also moves the ipport binding 0\.0\.0\.0:443, which cannot move: .*does not cover legacy\.contoso\.com/);
  const remedy = { kind: "allowNameMismatch", options: ["--allow-name-mismatch"], command: null, text: "Use --allow-name-mismatch to rebind anyway." };
  assert.ok(refused.reason!.endsWith(` ${remedy.text}`));
  assert.deepEqual(refused.remedy, remedy, "the remedy is data too");
  assert.deepEqual(result.envelope.errors, [{ code: "CR3005", message: refused.reason, target: "TSGateway", scope: "target", remedy }]);
  assert.deepEqual(result.data.informational.map((i) => `${i.kind} ${i.endpoint} ${i.sites.join(",")} ${i.code ?? ""}`), [
    "ccs 443 Static ",
    "scopedccs static.contoso.com:443  ",
    "rdp RDP-Tcp-3390  CR3012",
    "ipport 0.0.0.0:443 Default Web Site,Legacy CR3017",
    "ipport 0.0.0.0:5986  CR3017",
  ]);
  assert.match(result.data.informational[1]!.reason, /^Scoped Central Certificate Store record .* Not changed\.$/);
});

test("rebind --allow-name-mismatch --restart-services on the demo host moves every kind in one run: each file changes only in its thumbprint", async () => {
  const root = copyOfDemoHost();
  const result = await rebind(root, ["--allow-name-mismatch", "--restart-services"]);
  assert.equal(result.exitCode, 0, JSON.stringify(result.envelope.errors));
  assert.deepEqual(statusOf(result.data), ALL_APPLIED);
  const file = (host: string, name: string) => readFileSync(join(host, name), "utf8");
  const lower = (t: string) => t.toLowerCase();
  assert.equal(file(root, "sqlserver/instances.json"), file(demoHost, "sqlserver/instances.json").replace(lower(WWW_2025), lower(WWW_2026)));
  assert.equal(file(root, "winrm/listeners.json"), file(demoHost, "winrm/listeners.json").replace(WWW_2025, WWW_2026));
  // RDP-Tcp moves; RDP-Tcp-3390, chosen by a template, keeps what Remote Desktop chose.
  assert.equal(file(root, "rdp/listeners.json"), file(demoHost, "rdp/listeners.json").replace(WWW_2025, WWW_2026));
  assert.match(file(root, "rdp/listeners.json"), new RegExp(`"RDP-Tcp-3390",\\s*"SSLCertificateSHA1Hash": "${WWW_2025}"`));
  const gateway = JSON.parse(file(root, "rdgateway/settings.json")) as { CertHash: number[] };
  assert.equal(Buffer.from(gateway.CertHash).toString("hex").toUpperCase(), WWW_2026);
  // RD Gateway and WinRM moved their own HTTP.sys records; SQL Server's service account was given the new key.
  const records = JSON.parse(file(root, "httpsys/records.json")).records as { endpoint: string; hash: string }[];
  assert.deepEqual(records.filter((r) => ["0.0.0.0:443", "0.0.0.0:5986"].includes(r.endpoint)).map((r) => r.hash), [WWW_2026, WWW_2026]);
  assert.deepEqual(JSON.parse(file(root, "certs/My/www-2026.json")).keyReaders, ["NT AUTHORITY\\NETWORK SERVICE", "NT Service\\MSSQLSERVER"]);
  const sql = result.data.changes.find((c) => c.endpoint === "MSSQLSERVER")!;
  assert.deepEqual([sql.service, sql.restartRequired, sql.keyAccess], ["MSSQLSERVER", false, [{ account: "NT Service\\MSSQLSERVER", status: "granted" }]]);
  assert.deepEqual(result.data.changes.filter((c) => c.restartRequired === true), [], "every service that needed it was restarted");
  // One backup per file, two of the same name kept apart.
  assert.ok(readFileSync(join(result.data.backup!, "winrm-listeners.json")).equals(readFileSync(join(demoHost, "winrm/listeners.json"))));
  assert.ok(readFileSync(join(result.data.backup!, "listeners.json")).equals(readFileSync(join(demoHost, "rdp/listeners.json"))));
});

test("a failure in one kind rolls every kind back: the demo host is as before, byte for byte", async () => {
  for (const failing of ["1", "3", "6"]) {
    const root = copyOfDemoHost();
    const result = await rebind(root, ["--allow-name-mismatch", "--restart-services"], { CERTREBIND_TEST_FAIL_WRITE: failing });
    assert.equal(result.exitCode, 1, `write ${failing}`);
    assert.ok(result.data.changes.some((c) => c.status === "rolled-back"), `write ${failing}`);
    assert.deepEqual(treeHash(root, outsideState), treeHash(demoHost, outsideState), `write ${failing} failed: every file as it was`);
  }
});

test("HTTP.sys records change only in their hash values: every other byte of records.json stays, unknown flag bits and extended parameters too", async () => {
  const root = copyOfDemoHost();
  await rebind(root);
  const before = readFileSync(join(demoHost, "httpsys/records.json"), "utf8");
  const after = readFileSync(join(root, "httpsys/records.json"), "utf8");
  // 10.0.0.10:443, WinRM's 0.0.0.0:5986 (moved with its listener) and www.contoso.com:443.
  assert.deepEqual(changedLines(before, after), [
    [`      "hash": "${WWW_2025}",`, `      "hash": "${WWW_2026}",`],
    [`      "hash": "${WWW_2025}",`, `      "hash": "${WWW_2026}",`],
    [`      "hash": "${WWW_2025}",`, `      "hash": "${WWW_2026}",`],
  ]);
  const record = (text: string, endpoint: string) => (JSON.parse(text).records as { endpoint: string; hash: string }[]).find((r) => r.endpoint === endpoint)!;
  for (const endpoint of ["10.0.0.10:443", "0.0.0.0:5986", "www.contoso.com:443"]) {
    assert.deepEqual(record(after, endpoint), { ...record(before, endpoint), hash: WWW_2026 }, `${endpoint}: every field but the hash as it was`);
  }
  assert.deepEqual(record(after, "0.0.0.0:443"), record(before, "0.0.0.0:443"), "RD Gateway's record, its gateway refused, is untouched");
  const changes = (await rebind(root, ["--dry-run"])).data.changes;
  const sni = changes.find((c) => c.endpoint === "www.contoso.com:443")!;
  assert.deepEqual(sni.kept, [
    "AppId: {4dc3e181-e14b-4a21-b022-59fc669b0914}",
    "DefaultCertCheckMode: 0",
    "DefaultRevocationFreshnessTime: 0",
    "DefaultRevocationUrlRetrievalTimeout: 0",
    "DefaultSslCtlIdentifier: (null)",
    "DefaultSslCtlStoreName: (null)",
    "DefaultFlags: 0x00010012 (NEGOTIATE_CLIENT_CERT, DISABLE_HTTP2, 0x00010000)",
    'Extended parameter: ExParamTypeHttp2Window: {"flags":"0","receiveWindowSize":1048576}',
    'Extended parameter: ExParamTypeHttp2SettingsLimits: {"flags":"0","maxSettingsPerFrame":2796202,"maxSettingsPerMinute":4294967295}',
    'Extended parameter: ExParamTypeHttpPerformance: {"flags":"0","performanceType":0,"buffer":"00000100"}',
  ]);
  const shop = changes.find((c) => c.endpoint === "10.0.0.10:443")!;
  assert.ok(shop.kept.includes("DefaultCertCheckMode: 4"));
  assert.ok(shop.kept.includes("DefaultRevocationFreshnessTime: 86400"));
  assert.ok(shop.kept.includes("DefaultFlags: 0x00102000 (ENABLE_CLIENT_CORRELATION, 0x00100000)"));
});

test("an injected failure of the configuration write, after records.json changed, gives records.json back byte for byte", async () => {
  const root = copyOfDemoHost();
  const result = await rebind(root, [], { CERTREBIND_TEST_FAIL_WRITE: "2" });
  assert.equal(result.exitCode, 1);
  assert.ok(result.data.changes.some((c) => c.endpoint === "www.contoso.com:443" && c.status === "rolled-back"));
  assert.ok(readFileSync(join(root, "httpsys/records.json")).equals(readFileSync(join(demoHost, "httpsys/records.json"))));
  assert.deepEqual(treeHash(root, outsideState), treeHash(demoHost, outsideState));
});

test("the audit record of a failed run gives each error its scope, as the envelope does", async () => {
  const root = copyOfDemoHost();
  const result = await rebind(root, [], { CERTREBIND_TEST_FAIL_WRITE: "2" });
  const [audit] = auditRecords(root);
  const envelopeErrors = result.envelope.errors.map(({ code, message, target, scope }) => ({ code, message, target, scope }));
  assert.deepEqual(audit!["errors"], envelopeErrors);
  assert.deepEqual(new Set(envelopeErrors.map((e) => `${e.code} ${e.scope}`)), new Set(["CR3005 target", "CR1001 run"]));
});

test("FTP serverCertHash of the site and of siteDefaults change byte for byte, nothing else in the file does", async () => {
  const root = copyOfDemoHost();
  await rebind(root);
  const before = readFileSync(join(demoHost, "inetsrv/applicationHost.config"));
  const after = readFileSync(join(root, "inetsrv/applicationHost.config"));
  assert.equal(after.length, before.length);
  assert.equal(after.subarray(0, 3).toString("hex"), "efbbbf", "the BOM is kept");
  const expected = Buffer.from(before.toString("utf8").replaceAll(`serverCertHash="${WWW_2025.toLowerCase()}"`, `serverCertHash="${WWW_2026.toLowerCase()}"`), "utf8");
  assert.ok(after.equals(expected), "only the two serverCertHash values differ");
  assert.equal((after.toString("utf8").match(/\r\n/g) ?? []).length, (before.toString("utf8").match(/\r\n/g) ?? []).length);
});

test("--force moves the shared 0.0.0.0:443 record once, for both sites, and notes the host it does not cover", async () => {
  // Without RD Gateway, whose record it is on the demo host, the record is IIS's to move.
  const root = copyOfDemoHost();
  rmSync(join(root, "rdgateway"), { recursive: true });
  const result = await rebind(root, ["--force"]);
  assert.equal(result.exitCode, 0);
  const shared = result.data.changes.filter((c) => c.endpoint === "0.0.0.0:443");
  assert.equal(shared.length, 1, "one change for the record, however many sites share it");
  assert.equal(shared[0]!.status, "applied");
  assert.deepEqual(shared[0]!.sites, ["Default Web Site", "Legacy"]);
  assert.match(shared[0]!.notes.join(" "), /The host-name check was overridden: the new certificate does not cover legacy\.contoso\.com/);
  assert.equal(result.data.changed, 8);
});

test("--allow-name-mismatch does what --force did, and --force still does it", async () => {
  const named = await rebind(copyOfDemoHost(), ["--allow-name-mismatch", "--dry-run"]);
  const forced = await rebind(copyOfDemoHost(), ["--force", "--dry-run"]);
  assert.equal(named.exitCode, 0);
  const shape = (r: typeof named) => r.data.changes.map((c) => [c.endpoint, c.status, c.notes.join(" ")].join("|"));
  assert.deepEqual(shape(named), shape(forced));
  assert.equal(named.data.changes.find((c) => c.endpoint === "TSGateway")!.status, "planned");
});

test("a second identical run changes nothing and says so", async () => {
  const root = copyOfDemoHost();
  await rebind(root, ["--force"]);
  const snapshot = treeHash(root, outsideState);
  const second = await rebind(root, ["--force"]);
  assert.equal(second.exitCode, 0);
  assert.equal(second.data.changed, 0);
  assert.ok(second.data.changes.every((c) => c.status === "unchanged" && c.reason === "Already on the new certificate."));
  assert.equal(second.data.backup, null, "nothing to back up");
  assert.deepEqual(treeHash(root, outsideState), snapshot);
  const text = await import("../../support/run.js").then(({ run }) => run(["rebind", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026]));
  assert.match(text.stdout, /Nothing was changed\./);
});

test("--dry-run plans, reports the shadowing IP record, and changes nothing at all", async () => {
  const root = copyOfDemoHost();
  const before = treeHash(root);
  const result = await rebind(root, ["--dry-run"]);
  assert.equal(result.exitCode, 3);
  assert.equal(result.data.dryRun, true);
  assert.deepEqual(statusOf(result.data), Object.fromEntries(Object.entries({ ...ALL_APPLIED, TSGateway: "refused" }).map(([e, s]) => [e, s === "applied" ? "planned" : s])));
  const sql = result.data.changes.find((c) => c.endpoint === "MSSQLSERVER")!;
  assert.deepEqual([sql.restartRequired, sql.keyAccess], [true, [{ account: "NT Service\\MSSQLSERVER", status: "grant" }]], "what it needs, in the dry run");
  assert.deepEqual(treeHash(root), before, "not even an audit record or a state folder");
  const shop = result.data.changes.find((c) => c.endpoint === "10.0.0.10:443")!;
  assert.match(shop.notes[0]!, /connect to 10\.0\.0\.10:443 get this record's certificate even when they ask for www\.contoso\.com:443, api\.contoso\.com:443 by SNI/);
});

test("every applying run appends one audit record, with each change's status", async () => {
  const root = copyOfDemoHost();
  const result = await rebind(root, [], { USERDOMAIN: "CONTOSO" });
  const lines = readFileSync(join(root, "state/audit.jsonl"), "utf8").trim().split("\n");
  assert.equal(lines.length, 1);
  const record = JSON.parse(lines[0]!);
  assert.equal(record.runId, result.data.runId);
  assert.equal(record.command, "rebind");
  assert.equal(record.trigger, "manual");
  assert.equal(record.exitCode, 3);
  assert.equal(record.old, WWW_2025);
  assert.equal(record.new, WWW_2026);
  assert.deepEqual(record.changes.map((c: { endpoint: string; status: string }) => `${c.endpoint} ${c.status}`), [
    "10.0.0.10:443 applied", "www.contoso.com:443 applied", "*:21: applied", "siteDefaults applied",
    "MSSQLSERVER applied", "RDP-Tcp applied", "TSGateway refused", "Address=*+Transport=HTTPS applied",
  ]);
  assert.equal(result.data.audit, join(root, "state/audit.jsonl"));
  assert.equal(result.data.backup, join(root, "state/backups", result.data.runId));
  assert.ok(readFileSync(join(result.data.backup!, "records.json")).equals(readFileSync(join(demoHost, "httpsys/records.json"))));
  assert.ok(readFileSync(join(result.data.backup!, "applicationHost.config")).equals(readFileSync(join(demoHost, "inetsrv/applicationHost.config"))));
});
