/*
 * No silent "all good": a bound certificate that needs replacing and has no successor is a warning that names the
 * certificates that came close and why each does not qualify; a thumbprint no store holds and nothing is bound to,
 * and a new certificate that expires before the old one, are warnings with data (`checks`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withKeylessRenewal as keyless } from "../../dsc/support.js";
import { run } from "../../support/run.js";
import { copyOfDemoHost } from "../../support/snapshot.js";
import { treeHash } from "../../support/tree-hash.js";
import { rebind, WWW_2025, WWW_2026 } from "./support.js";

interface NearMiss { thumbprint: string; subject: string; notAfter: string; store: string; rejections: { check: string; reason: string }[] }
interface Successor { thumbprint: string; why: string; successor: string | null; reason: string; nearMisses: NearMiss[] }
interface Check { code: string; message: string; target: string }

const WILDCARD_2026 = "301C409377B9F497A5968B2FF7BB36680F078D7E";
const UNKNOWN = "0123456789ABCDEF0123456789ABCDEF01234567";

const withKeylessRenewal = () => keyless(copyOfDemoHost());

for (const dryRun of [true, false]) {
  test(`--auto${dryRun ? " --dry-run" : ""}: an expiring certificate whose renewal has no private key is a warning naming that renewal and why`, async () => {
    const root = withKeylessRenewal();
    const before = treeHash(root, { exclude: (p) => p.startsWith("state") });
    const result = await run(["rebind", "--auto", "--json", "--host-root", root, ...(dryRun ? ["--dry-run"] : [])]);
    assert.equal(result.exitCode, 0, "nothing can move: not a failure");
    const envelope = result.envelope();
    const successors = (envelope.data as { successors: Successor[] }).successors;
    const www = successors.find((s) => s.thumbprint === WWW_2025)!;
    assert.equal(www.successor, null);
    assert.deepEqual(www.nearMisses.map((m) => [m.thumbprint, m.store, m.rejections.map((r) => r.check)]), [[WWW_2026, "My", ["private-key"]]]);
    assert.equal(www.nearMisses[0]!.subject, "CN=www.contoso.com, O=Contoso Ltd");
    assert.doesNotMatch(www.reason, /has not arrived/);
    const warning = envelope.warnings.find((w) => w.startsWith(WWW_2025));
    assert.ok(warning, `a warning about ${WWW_2025}: ${envelope.warnings.join(" | ")}`);
    assert.match(warning, /expires within 30 days \(on 2026-12-20T00:00:00\.000Z\) and has no successor: .*FAC2BE39\w+ \(it has no private key\)/);
    assert.deepEqual(treeHash(root, { exclude: (p) => p.startsWith("state") }), before, "nothing moved");
  });
}

test("--auto: a certificate beyond the window is no warning", async () => {
  const result = await run(["rebind", "--auto", "--dry-run", "--json", "--days", "14", "--host-root", withKeylessRenewal()]);
  assert.deepEqual(result.envelope().warnings.filter((w) => w.startsWith(WWW_2025)), []);
});

test("rebind --old with a thumbprint no store holds and nothing is bound to warns CR2013 (a typo?), with data", async () => {
  const root = copyOfDemoHost();
  const result = await run(["rebind", "--json", "--dry-run", "--host-root", root, "--old", UNKNOWN, "--new", WWW_2026]);
  assert.equal(result.exitCode, 0);
  const envelope = result.envelope();
  const checks = (envelope.data as { checks: Check[] }).checks;
  assert.deepEqual(checks.map((c) => [c.code, c.target]), [["CR2013", UNKNOWN]]);
  assert.match(checks[0]!.message, /No certificate store of this host holds the old certificate 0123456789ABCDEF.*typo/);
  assert.ok(envelope.warnings.includes(checks[0]!.message));
});

test("rebind --old with a certificate that is bound, or in a store, is no CR2013", async () => {
  const result = await rebind(copyOfDemoHost(), ["--dry-run"]);
  assert.deepEqual((result.data as unknown as { checks: Check[] }).checks, []);
  assert.deepEqual(result.envelope.warnings.filter((w) => /typo|swapped/.test(w)), []);
});

test("rebind with old and new swapped (the new certificate expires first) warns CR2014, and still does what it was asked", async () => {
  const root = copyOfDemoHost();
  const result = await run(["rebind", "--json", "--dry-run", "--host-root", root, "--old", WILDCARD_2026, "--new", WWW_2025]);
  const envelope = result.envelope();
  const checks = (envelope.data as { checks: Check[] }).checks;
  assert.deepEqual(checks.map((c) => [c.code, c.target]), [["CR2014", WWW_2025]]);
  assert.match(checks[0]!.message, /expires on 2026-12-20T00:00:00\.000Z, before the old one .*swapped/);
  assert.ok(envelope.warnings.includes(checks[0]!.message));
  assert.ok((envelope.data as { changes: { status: string }[] }).changes.some((c) => c.status === "planned"));
});

test("bindings --thumbprint with a thumbprint no store holds and nothing is bound to warns CR2013; a known one does not", async () => {
  const root = copyOfDemoHost();
  const unknown = (await run(["bindings", "--json", "--host-root", root, "--thumbprint", UNKNOWN])).envelope();
  assert.deepEqual((unknown.data as { checks: Check[] }).checks.map((c) => [c.code, c.target]), [["CR2013", UNKNOWN]]);
  assert.ok(unknown.warnings.some((w) => /No certificate store of this host holds 0123456789ABCDEF.*typo/.test(w)));
  const known = (await run(["bindings", "--json", "--host-root", root, "--thumbprint", WWW_2026])).envelope();
  assert.deepEqual((known.data as { checks: Check[] }).checks, []);
});
