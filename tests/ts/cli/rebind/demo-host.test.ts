import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { copyOfDemoHost, demoHost } from "../../support/snapshot.js";
import { treeHash } from "../../support/tree-hash.js";
import { rebind, statusOf, WWW_2025, WWW_2026 } from "./support.js";

const outsideState = { exclude: (p: string) => p.startsWith("state") };
const changedLines = (a: string, b: string) => {
  const x = a.split("\n");
  const y = b.split("\n");
  assert.equal(x.length, y.length, "same number of lines");
  return x.flatMap((line, i) => (line === y[i] ? [] : [[line, y[i]]]));
};

test("rebind on the demo host moves every target it may and refuses the shared record whose host is not covered", async () => {
  const root = copyOfDemoHost();
  const result = await rebind(root);
  assert.equal(result.exitCode, 3);
  assert.deepEqual(statusOf(result.data), {
    "0.0.0.0:443": "refused",
    "10.0.0.10:443": "applied",
    "www.contoso.com:443": "applied",
    "*:21:": "applied",
    siteDefaults: "applied",
  });
  assert.equal(result.data.changed, 4);
  const refused = result.data.changes[0]!;
  assert.equal(refused.code, "CR3005");
  assert.deepEqual(refused.sites, ["Default Web Site", "Legacy"]);
  assert.match(refused.reason!, /does not cover legacy\.contoso\.com/);
  const remedy = { kind: "allowNameMismatch", options: ["--allow-name-mismatch"], command: null, text: "Use --allow-name-mismatch to rebind anyway." };
  assert.ok(refused.reason!.endsWith(` ${remedy.text}`));
  assert.deepEqual(refused.remedy, remedy, "the remedy is data too");
  assert.deepEqual(result.envelope.errors, [{ code: "CR3005", message: refused.reason, target: "0.0.0.0:443", remedy }]);
  assert.deepEqual(result.data.informational.map((i) => `${i.kind} ${i.endpoint} ${i.sites.join(",")}`), ["ccs 443 Static", "scopedccs static.contoso.com:443 "]);
  assert.match(result.data.informational[1]!.reason, /^Scoped Central Certificate Store record .* Not changed\.$/);
});

test("HTTP.sys records change only in their hash values: every other byte of records.json stays, unknown flag bits and extended parameters too", async () => {
  const root = copyOfDemoHost();
  await rebind(root);
  const before = readFileSync(join(demoHost, "httpsys/records.json"), "utf8");
  const after = readFileSync(join(root, "httpsys/records.json"), "utf8");
  assert.deepEqual(changedLines(before, after), [
    [`      "hash": "${WWW_2025}",`, `      "hash": "${WWW_2026}",`],
    [`      "hash": "${WWW_2025}",`, `      "hash": "${WWW_2026}",`],
  ]);
  const record = (text: string, endpoint: string) => (JSON.parse(text).records as { endpoint: string; hash: string }[]).find((r) => r.endpoint === endpoint)!;
  for (const endpoint of ["10.0.0.10:443", "www.contoso.com:443"]) {
    assert.deepEqual(record(after, endpoint), { ...record(before, endpoint), hash: WWW_2026 }, `${endpoint}: every field but the hash as it was`);
  }
  assert.deepEqual(record(after, "0.0.0.0:443"), record(before, "0.0.0.0:443"), "the refused record is untouched");
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
  const root = copyOfDemoHost();
  const result = await rebind(root, ["--force"]);
  assert.equal(result.exitCode, 0);
  const shared = result.data.changes.filter((c) => c.endpoint === "0.0.0.0:443");
  assert.equal(shared.length, 1, "one change for the record, however many sites share it");
  assert.equal(shared[0]!.status, "applied");
  assert.deepEqual(shared[0]!.sites, ["Default Web Site", "Legacy"]);
  assert.match(shared[0]!.notes.join(" "), /The host-name check was overridden: the new certificate does not cover legacy\.contoso\.com/);
  assert.equal(result.data.changed, 5);
});

test("--allow-name-mismatch does what --force did, and --force still does it", async () => {
  const named = await rebind(copyOfDemoHost(), ["--allow-name-mismatch", "--dry-run"]);
  const forced = await rebind(copyOfDemoHost(), ["--force", "--dry-run"]);
  assert.equal(named.exitCode, 0);
  const shape = (r: typeof named) => r.data.changes.map((c) => [c.endpoint, c.status, c.notes.join(" ")].join("|"));
  assert.deepEqual(shape(named), shape(forced));
  assert.equal(named.data.changes.find((c) => c.endpoint === "0.0.0.0:443")!.status, "planned");
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
  assert.deepEqual(Object.values(statusOf(result.data)), ["refused", "planned", "planned", "planned", "planned"]);
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
    "0.0.0.0:443 refused", "10.0.0.10:443 applied", "www.contoso.com:443 applied", "*:21: applied", "siteDefaults applied",
  ]);
  assert.equal(result.data.audit, join(root, "state/audit.jsonl"));
  assert.equal(result.data.backup, join(root, "state/backups", result.data.runId));
  assert.ok(readFileSync(join(result.data.backup!, "records.json")).equals(readFileSync(join(demoHost, "httpsys/records.json"))));
  assert.ok(readFileSync(join(result.data.backup!, "applicationHost.config")).equals(readFileSync(join(demoHost, "inetsrv/applicationHost.config"))));
});
