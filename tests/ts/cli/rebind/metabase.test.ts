import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RebindData } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost } from "../../support/host-builder.js";
import { run } from "../../support/run.js";
import { treeHash } from "../../support/tree-hash.js";

// A real server's applicationHost.config whose site 1 (https *:443:) has Microsoft's example 5506/5511 entries
// (tests/fixtures/iis-config/metabase-remnants/README.md); the 5506 value is set to the test's old certificate.
const FIXTURE = readFileSync(new URL("../../../fixtures/iis-config/metabase-remnants/applicationHost.config", import.meta.url), "utf8");
const MS_VALUE = "oXiHOzFAMOF0YxIuI7soWvDFEzg=";
const b64 = (thumbprint: string) => Buffer.from(thumbprint, "hex").toString("base64");
const OLD = { dnsNames: ["www.contoso.com"], notAfter: new Date("2026-12-10T00:00:00Z") };
const NEW = { dnsNames: ["www.contoso.com"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-12-10T00:00:00Z") };

function hostWithMetabase(hashOf: (t: Record<string, string>) => string) {
  const { root, thumbprints } = buildHost({
    certs: { old: OLD, new: NEW },
    records: [{ kind: "ipport", endpoint: "0.0.0.0:443", cert: "old" }],
    sites: [{ name: "replaced below", bindings: [] }],
  });
  const config = FIXTURE.replace(MS_VALUE, hashOf(thumbprints));
  writeFileSync(join(root, "inetsrv/applicationHost.config"), config);
  return { root, thumbprints, config, configPath: join(root, "inetsrv/applicationHost.config") };
}

async function rebindOn(root: string, t: Record<string, string>, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = await run(["rebind", "--json", "--host-root", root, "--old", t["old"]!, "--new", t["new"]!, ...extra], env);
  return { ...result, data: result.envelope().data as RebindData };
}

test("a dry run shows the site's metabase entry moving with the record and changes nothing", async () => {
  const { root, thumbprints: t } = hostWithMetabase((t) => b64(t["old"]!));
  const before = treeHash(root);
  const result = await rebindOn(root, t, ["--dry-run"]);
  assert.equal(result.exitCode, 0);
  const [change] = result.data.changes;
  assert.equal(change!.status, "planned");
  assert.deepEqual(change!.metabase, [{ key: "LM/W3SVC/1", site: "Default Web Site", property: 5506, from: t["old"], to: t["new"] }]);
  assert.ok(change!.notes.some((n) => /LM\/W3SVC\/1 .*SSLCertHash \(5506\) moves to the new certificate in the same run/.test(n)));
  assert.deepEqual(treeHash(root), before);
});

test("a rebind moves the record and the 5506 value in one run, every other byte of the configuration as it was, and audits it", async () => {
  const { root, thumbprints: t, config, configPath } = hostWithMetabase((t) => b64(t["old"]!));
  const result = await rebindOn(root, t);
  assert.equal(result.exitCode, 0);
  assert.equal(result.data.changes[0]!.status, "applied");
  assert.equal(readFileSync(configPath, "utf8"), config.replace(b64(t["old"]!), b64(t["new"]!)));
  assert.ok(readFileSync(join(root, "httpsys/sslcert.txt"), "utf8").includes(t["new"]!.toLowerCase()));
  const audit = JSON.parse(readFileSync(join(root, "state/audit.jsonl"), "utf8"));
  assert.deepEqual(audit.changes[0].metabase, [{ key: "LM/W3SVC/1", site: "Default Web Site", property: 5506, from: t["old"], to: t["new"] }]);
  const again = await rebindOn(root, t);
  assert.deepEqual([again.exitCode, again.data.changes[0]!.status, again.data.changes[0]!.metabase], [0, "unchanged", []]);
});

test("a 5506 value holding a third certificate refuses the record with CR3010 and changes nothing", async () => {
  const third = "DB0FEA9B641F3814FC5168AE83EF7839AF1BB012";
  const { root, thumbprints: t } = hostWithMetabase(() => b64(third));
  const before = treeHash(root, { exclude: (p) => p.startsWith("state") });
  const result = await rebindOn(root, t);
  assert.equal(result.exitCode, 3);
  const [change] = result.data.changes;
  assert.deepEqual([change!.status, change!.code], ["refused", "CR3010"]);
  assert.match(change!.reason!, new RegExp(`LM/W3SVC/1 .*holds ${third}, neither the old nor the new certificate.*Remove the 5506 and 5511 properties`));
  assert.deepEqual(result.envelope().errors.map((e) => `${e.code} ${e.target}`), ["CR3010 0.0.0.0:443"]);
  assert.deepEqual(treeHash(root, { exclude: (p) => p.startsWith("state") }), before);
});

test("a failed configuration write after HTTP.sys changed puts the record back: the host is as before, exit 1", async () => {
  const { root, thumbprints: t } = hostWithMetabase((t) => b64(t["old"]!));
  const before = treeHash(root);
  const result = await rebindOn(root, t, [], { CERTREBIND_TEST_FAIL_WRITE: "2" });
  assert.equal(result.exitCode, 1);
  assert.equal(result.data.changes[0]!.status, "failed");
  assert.ok(result.envelope().errors.some((e) => e.code === "CR1001"));
  assert.deepEqual(treeHash(root, { exclude: (p) => p.startsWith("state") }), before);
});
