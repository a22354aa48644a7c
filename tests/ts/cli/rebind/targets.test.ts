import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RebindData } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost } from "../../support/host-builder.js";
import { run } from "../../support/run.js";
import { treeHash } from "../../support/tree-hash.js";
import { statusOf } from "./support.js";

const OLD = { dnsNames: ["*.contoso.com", "contoso.com"], notAfter: new Date("2026-12-10T00:00:00Z") };
const NEW = { dnsNames: ["*.contoso.com", "contoso.com"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-12-10T00:00:00Z") };

async function rebindOn(root: string, thumbprints: Record<string, string>, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = await run(["rebind", "--json", "--host-root", root, "--old", thumbprints["old"]!, "--new", thumbprints["new"]!, ...extra], env);
  return { ...result, data: result.envelope().data as RebindData };
}

test("a wildcard certificate bound on many SNI sites moves in one run", async () => {
  const names = Array.from({ length: 25 }, (_, i) => `site${i}.contoso.com`);
  const { root, thumbprints } = buildHost({
    certs: { old: OLD, new: NEW },
    records: names.map((n) => ({ kind: "hostnameport" as const, endpoint: `${n}:443`, cert: "old" })),
    sites: names.map((n) => ({ name: n, bindings: [["https", `*:443:${n}`, 1]] })),
  });
  const result = await rebindOn(root, thumbprints);
  assert.equal(result.exitCode, 0);
  assert.equal(result.data.changed, 25);
  const text = readFileSync(join(root, "httpsys/sslcert.txt"), "utf8");
  assert.equal(text.split(thumbprints["new"]!.toLowerCase()).length - 1, 25);
  assert.ok(!text.includes(thumbprints["old"]!.toLowerCase()));
});

test("an SNI host the new certificate does not cover is refused while the rest apply (exit 3)", async () => {
  const { root, thumbprints } = buildHost({
    certs: { old: { dnsNames: ["a.contoso.com", "b.fabrikam.com"] }, new: { dnsNames: ["a.contoso.com"] } },
    records: [
      { kind: "hostnameport", endpoint: "a.contoso.com:443", cert: "old" },
      { kind: "hostnameport", endpoint: "b.fabrikam.com:443", cert: "old" },
    ],
    sites: [
      { name: "A", bindings: [["https", "*:443:a.contoso.com", 1]] },
      { name: "B", bindings: [["https", "*:443:b.fabrikam.com", 1]] },
    ],
  });
  const result = await rebindOn(root, thumbprints);
  assert.equal(result.exitCode, 3);
  assert.deepEqual(statusOf(result.data), { "a.contoso.com:443": "applied", "b.fabrikam.com:443": "refused" });
  assert.deepEqual(result.envelope().errors.map((e) => `${e.code} ${e.target}`), ["CR3005 b.fabrikam.com:443"]);
  const text = readFileSync(join(root, "httpsys/sslcert.txt"), "utf8");
  assert.ok(text.includes(thumbprints["old"]!.toLowerCase()), "the refused record keeps the old certificate");
});

test("a CCS record is listed as informational and left alone; a non-IIS record keeps its appid and every flag", async () => {
  const custom = "{12345678-aaaa-bbbb-cccc-1234567890ab}";
  const { root, thumbprints } = buildHost({
    certs: { old: OLD, new: NEW },
    records: [
      { kind: "ccs", endpoint: "443", cert: null, storeName: "(null)" },
      {
        kind: "ipport", endpoint: "0.0.0.0:8443", cert: "old", appId: custom, storeName: "MY", fieldSet: "2016",
        settings: { "Verify Client Certificate Revocation": "Disabled", "Negotiate Client Certificate": "Enabled", "Ctl Store Name": "AppTrust" },
      },
    ],
    sites: [{ name: "Static", bindings: [["https", "*:443:static.contoso.com", 3]] }],
  });
  const before = readFileSync(join(root, "httpsys/sslcert.txt"), "utf8");
  const result = await rebindOn(root, thumbprints);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(statusOf(result.data), { "0.0.0.0:8443": "applied" });
  assert.deepEqual(result.data.informational.map((i) => `${i.kind} ${i.endpoint} ${i.sites}`), ["ccs 443 Static"]);
  const after = readFileSync(join(root, "httpsys/sslcert.txt"), "utf8");
  assert.equal(after, before.replace(thumbprints["old"]!.toLowerCase(), thumbprints["new"]!.toLowerCase()));
  assert.ok(after.includes(custom) && after.includes("Ctl Store Name               : AppTrust"));
  assert.equal(readFileSync(join(result.data.backup!, "sslcert.txt"), "utf8"), before, "a host with sslcert.txt only backs it up byte for byte");
});

test("records of WinRM (whose listeners cannot be read: this host has no winrm/listeners.json) and AD FS are refused: their certificate is changed through the service", async () => {
  const { root, thumbprints } = buildHost({
    certs: { old: OLD, new: NEW },
    records: [
      { kind: "ipport", endpoint: "0.0.0.0:5986", cert: "old", appId: "{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}" },
      { kind: "hostnameport", endpoint: "sts.contoso.com:443", cert: "old", appId: "{5d89a20c-beab-4389-9447-324788eb944a}" },
    ],
  });
  const result = await rebindOn(root, thumbprints);
  assert.equal(result.exitCode, 3);
  assert.deepEqual(result.data.changes.map((c) => `${c.endpoint} ${c.status} ${c.code}`), ["0.0.0.0:5986 refused CR3007", "sts.contoso.com:443 refused CR3007"]);
  assert.match(result.data.changes[0]!.reason!, /belongs to WinRM .*the WinRM listener could not be read \(see the warnings/);
  assert.match(result.data.changes[1]!.reason!, /belongs to AD FS .*Set-AdfsSslCertificate -Thumbprint \(https:\/\/learn\.microsoft\.com\/powershell\/module\/adfs\/set-adfssslcertificate\)/);
});

test("a new certificate in another store moves the record's store name too, and says so", async () => {
  const { root, thumbprints } = buildHost({
    certs: { old: OLD, new: { ...NEW, store: "WebHosting" } },
    records: [{ kind: "hostnameport", endpoint: "www.contoso.com:443", cert: "old" }],
    sites: [{ name: "WWW", bindings: [["https", "*:443:www.contoso.com", 1]] }],
  });
  const result = await rebindOn(root, thumbprints);
  assert.equal(result.exitCode, 0);
  const [change] = result.data.changes;
  assert.deepEqual(change!.storeName, { from: "My", to: "WebHosting" });
  assert.match(change!.notes[0]!, /store changes from My to WebHosting/);
  assert.match(readFileSync(join(root, "httpsys/sslcert.txt"), "utf8"), /Certificate Store Name       : WebHosting\r\n/);
});

const injected: [string, string, string[]][] = [
  ["the HTTP.sys write (the first)", "1", ["www.contoso.com:443 failed", "*:21: rolled-back"]],
  ["the configuration write (the second), after HTTP.sys had changed", "2", ["www.contoso.com:443 rolled-back", "*:21: failed"]],
];
for (const [name, failAt, statuses] of injected) {
  test(`an injected failure of ${name} leaves the host exactly as before and exits 1`, async () => {
    const { root, thumbprints } = buildHost({
      certs: { old: OLD, new: NEW },
      records: [{ kind: "hostnameport", endpoint: "www.contoso.com:443", cert: "old" }],
      sites: [{ name: "WWW", bindings: [["https", "*:443:www.contoso.com", 1]] }, { name: "FTP", bindings: [["ftp", "*:21:"]], ftpCert: "old" }],
    });
    const before = treeHash(root);
    const result = await rebindOn(root, thumbprints, [], { CERTREBIND_TEST_FAIL_WRITE: failAt });
    assert.equal(result.exitCode, 1);
    assert.deepEqual(result.data.changes.map((c) => `${c.endpoint} ${c.status}`), statuses);
    assert.ok(result.envelope().errors.some((e) => e.code === "CR1001" && /everything it had changed was restored/.test(e.message)));
    assert.deepEqual(treeHash(root, { exclude: (p) => p.startsWith("state") }), before);
    const audit = JSON.parse(readFileSync(join(root, "state/audit.jsonl"), "utf8"));
    assert.equal(audit.exitCode, 1, "the failed run is audited");
  });
}

test("a concurrent second rebind waits for the first and then finds nothing left to do", async () => {
  const { root, thumbprints } = buildHost({
    certs: { old: OLD, new: NEW },
    records: Array.from({ length: 40 }, (_, i) => ({ kind: "hostnameport" as const, endpoint: `s${i}.contoso.com:443`, cert: "old" })),
    sites: [],
  });
  const [first, second] = await Promise.all([rebindOn(root, thumbprints), rebindOn(root, thumbprints)]);
  const changed = [first.data.changed, second.data.changed].sort();
  assert.deepEqual(changed, [0, 40], "one run applied everything, the other found it done");
  assert.equal(readFileSync(join(root, "state/audit.jsonl"), "utf8").trim().split("\n").length, 2);
});

test("an IP-specific record that shadows many SNI records names five and counts the rest", async () => {
  const { root, thumbprints } = buildHost({
    certs: { old: OLD, new: NEW },
    records: [
      { kind: "ipport", endpoint: "10.0.0.5:443", cert: "old" },
      ...Array.from({ length: 8 }, (_, i) => ({ kind: "hostnameport" as const, endpoint: `s${i}.contoso.com:443`, cert: "new" })),
    ],
  });
  const result = await rebindOn(root, thumbprints, ["--dry-run"]);
  const note = result.data.changes.find((c) => c.endpoint === "10.0.0.5:443")!.notes[0]!;
  assert.match(note, /ask for s0\.contoso\.com:443, s1\.contoso\.com:443, s2\.contoso\.com:443, s3\.contoso\.com:443, s4\.contoso\.com:443 and 3 more by SNI/);
});
