import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RebindData } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost } from "../../support/host-builder.js";
import { run } from "../../support/run.js";
import { copyOfDemoHost } from "../../support/snapshot.js";
import { treeHash } from "../../support/tree-hash.js";
import { statusOf, WWW_2025, WWW_2026 } from "./support.js";

interface Successor { thumbprint: string; why: string; successor: string | null; how: string | null; reason: string; candidates: string[] }

async function auto(root: string, extra: string[] = []) {
  const result = await run(["rebind", "--auto", "--json", "--host-root", root, ...extra]);
  const envelope = result.envelope();
  const data = envelope.data as RebindData & { successors: Successor[]; days: number };
  return { ...result, envelope, data };
}

const LEGACY_INTRANET = "FF68DD73E9231C4C92BF0554927AF9A048BD18F5";

test("--auto on the demo host follows the renewal link and moves what the manual rebind moves", async () => {
  const root = copyOfDemoHost();
  const result = await auto(root);
  assert.equal(result.exitCode, 3, "RD Gateway, whose record is shared with Legacy, is still refused for legacy.contoso.com");
  assert.deepEqual(result.data.successors.map((s) => `${s.thumbprint} ${s.why} ${s.successor} ${s.how}`), [
    `${WWW_2025} expiring ${WWW_2026} renewal-link`,
    `${LEGACY_INTRANET} expired null null`,
  ]);
  assert.deepEqual(statusOf(result.data), {
    "10.0.0.10:443": "applied", "www.contoso.com:443": "applied", "*:21:": "applied", siteDefaults: "applied",
    MSSQLSERVER: "applied", "RDP-Tcp": "applied", TSGateway: "refused", "Address=*+Transport=HTTPS": "applied",
  });
  assert.ok(result.data.changes.every((c) => c.to === WWW_2026));
  assert.match(result.envelope.warnings.join("\n"), new RegExp(`${LEGACY_INTRANET} has expired and has no successor`));
  const audit = JSON.parse(readFileSync(join(root, "state/audit.jsonl"), "utf8"));
  assert.equal(audit.auto, true);
  assert.deepEqual(audit.pairs, [{ old: WWW_2025, new: WWW_2026 }]);
});

test("--auto with an imported, unlinked renewal finds it by its names and expiry, over the older wildcard", async () => {
  const root = copyOfDemoHost();
  writeFileSync(join(root, "certs/My/www-2025.json"), JSON.stringify({ friendlyName: "www 2025" }));
  const result = await auto(root);
  const [www] = result.data.successors;
  assert.equal(www!.how, "match");
  assert.equal(www!.successor, WWW_2026);
  assert.equal(www!.candidates.length, 2, "www-2026 and the wildcard both qualify");
  assert.match(www!.reason, /newest of 2 certificates/);
  assert.equal(result.data.changed, 7, "what the renewal link moves: every binding but RD Gateway");
  const text = await run(["rebind", "--auto", "--dry-run", "--host-root", copyOfDemoHost()]);
  assert.match(text.stdout, /successor scan \(30 days\)/);
  assert.match(text.stdout, new RegExp(`${WWW_2025}: Windows links ${WWW_2025} to its renewal ${WWW_2026}`));
});

test("--auto --dry-run changes nothing at all", async () => {
  const root = copyOfDemoHost();
  const before = treeHash(root);
  const result = await auto(root, ["--dry-run"]);
  assert.equal(result.data.dryRun, true);
  assert.deepEqual(treeHash(root), before);
});

const OLD = { notBefore: new Date("2025-12-01T00:00:00Z"), notAfter: new Date("2026-12-10T00:00:00Z") };

test("two certificates from one template renewing at once: each site gets the certificate that covers it", async () => {
  const later = { notBefore: new Date("2026-11-25T00:00:00Z"), notAfter: new Date("2027-11-25T00:00:00Z") };
  const { root, thumbprints } = buildHost({
    certs: {
      a: { ...OLD, dnsNames: ["a.contoso.com"] },
      b: { ...OLD, dnsNames: ["b.contoso.com"] },
      a2: { ...later, dnsNames: ["a.contoso.com"] },
      b2: { ...later, dnsNames: ["b.contoso.com"] },
    },
    records: [
      { kind: "hostnameport", endpoint: "a.contoso.com:443", cert: "a" },
      { kind: "hostnameport", endpoint: "b.contoso.com:443", cert: "b" },
    ],
    sites: [{ name: "A", bindings: [["https", "*:443:a.contoso.com", 1]] }, { name: "B", bindings: [["https", "*:443:b.contoso.com", 1]] }],
  });
  const result = await auto(root);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.data.changes.map((c) => `${c.endpoint} ${c.status} ${c.to}`), [
    `a.contoso.com:443 applied ${thumbprints["a2"]}`,
    `b.contoso.com:443 applied ${thumbprints["b2"]}`,
  ]);
});

test("an ambiguous successor changes nothing for that certificate and exits 3 with CR3008", async () => {
  const { root, thumbprints } = buildHost({
    certs: {
      old: { ...OLD, dnsNames: ["www.contoso.com"] },
      x: { dnsNames: ["www.contoso.com"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-11-01T00:00:00Z") },
      y: { dnsNames: ["www.contoso.com"], notBefore: new Date("2026-11-20T00:00:00Z"), notAfter: new Date("2027-10-01T00:00:00Z") },
    },
    records: [{ kind: "hostnameport", endpoint: "www.contoso.com:443", cert: "old" }],
  });
  const before = treeHash(root, { exclude: (p) => p.startsWith("state") });
  const result = await auto(root);
  assert.equal(result.exitCode, 3);
  assert.deepEqual(result.envelope.errors.map((e) => `${e.code} ${e.target}`), [`CR3008 ${thumbprints["old"]}`]);
  assert.deepEqual(result.data.changes, []);
  assert.deepEqual(treeHash(root, { exclude: (p) => p.startsWith("state") }), before);
});

test("nothing to do: exit 0 and it says so", async () => {
  const { root } = buildHost({
    certs: { current: { dnsNames: ["www.contoso.com"], notAfter: new Date("2027-11-01T00:00:00Z") } },
    records: [{ kind: "hostnameport", endpoint: "www.contoso.com:443", cert: "current" }],
  });
  const result = await auto(root);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.data.successors, []);
  const text = await run(["rebind", "--auto", "--host-root", root]);
  assert.match(text.stdout, /No bound certificate needs a successor\./);
});

test("--auto does not take --old or --new, and --days must be a whole number", async () => {
  const root = copyOfDemoHost();
  const both = await run(["rebind", "--auto", "--json", "--host-root", root, "--old", WWW_2025]);
  assert.equal(both.exitCode, 2);
  assert.match(both.envelope().errors[0]!.message, /leave out --old and --new/);
  const days = await run(["rebind", "--auto", "--json", "--host-root", root, "--days", "1.5"]);
  assert.equal(days.exitCode, 2);
  assert.match(days.envelope().errors[0]!.message, /--days 1\.5/);
});
