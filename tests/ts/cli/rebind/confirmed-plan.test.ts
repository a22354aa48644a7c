import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RebindData } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { run } from "../../support/run.js";
import { copyOfDemoHost, testDir } from "../../support/snapshot.js";
import { treeHash } from "../../support/tree-hash.js";
import { rebind, statusOf, WWW_2025, WWW_2026 } from "./support.js";

const OTHER = "FF68DD73E9231C4C92BF0554927AF9A048BD18F5"; // the demo host's third certificate, on 0.0.0.0:8443

/** The demo host's records file with one record's hash replaced: another writer's change between plan and apply. */
function setHash(root: string, endpoint: string, hash: string): void {
  const path = join(root, "httpsys/records.json");
  const records = JSON.parse(readFileSync(path, "utf8")) as { records: { endpoint: string; hash: string }[] };
  records.records.find((r) => r.endpoint === endpoint)!.hash = hash;
  writeFileSync(path, JSON.stringify(records, null, 2));
}

async function dryRunPlan(root: string): Promise<RebindData> {
  const dry = await rebind(root, ["--allow-name-mismatch", "--dry-run"]);
  assert.equal(dry.exitCode, 0);
  return dry.data;
}

async function applyPlan(root: string, plan: unknown, args: string[] = []) {
  const result = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026, "--allow-name-mismatch", "--plan", "-", ...args], {}, JSON.stringify(plan));
  const envelope = result.envelope();
  return { ...result, envelope, data: envelope.data as RebindData };
}

test("--plan with the dry run's data applies exactly what it planned", async () => {
  const root = copyOfDemoHost();
  const plan = await dryRunPlan(root);
  const result = await applyPlan(root, plan);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(statusOf(result.data), Object.fromEntries(plan.changes.map((c) => [c.endpoint, c.status === "planned" ? "applied" : c.status])));
});

test("a record bound to the old certificate after the plan was confirmed is refused with CR3011; the planned ones move", async () => {
  const root = copyOfDemoHost();
  const plan = await dryRunPlan(root);
  setHash(root, "0.0.0.0:8443", WWW_2025);
  const result = await applyPlan(root, plan);
  assert.equal(result.exitCode, 3);
  const unplanned = result.data.changes.find((c) => c.endpoint === "0.0.0.0:8443")!;
  assert.equal(unplanned.status, "refused");
  assert.equal(unplanned.code, "CR3011");
  assert.match(unplanned.reason!, /Not in the plan you confirmed/);
  assert.deepEqual(result.envelope.errors.map((e) => [e.code, e.target]), [["CR3011", "0.0.0.0:8443"]]);
  for (const change of plan.changes) assert.equal(statusOf(result.data)[change.endpoint], "applied", change.endpoint);
  const records = readFileSync(join(root, "httpsys/records.json"), "utf8");
  assert.match(records, new RegExp(`"endpoint": "0\\.0\\.0\\.0:8443",\\s*"hash": "${WWW_2025}"`), "the unplanned record keeps its certificate");
});

test("a confirmed target that another writer moved to a third certificate is an error CR3011 and is left alone", async () => {
  const root = copyOfDemoHost();
  const plan = await dryRunPlan(root);
  setHash(root, "10.0.0.10:443", OTHER);
  const result = await applyPlan(root, plan);
  assert.equal(result.exitCode, 3);
  assert.equal(statusOf(result.data)["10.0.0.10:443"], undefined, "no longer a target");
  const error = result.envelope.errors.find((e) => e.target === "10.0.0.10:443")!;
  assert.equal(error.code, "CR3011");
  assert.match(error.message, /was in the plan you confirmed .* no longer bound to/);
  assert.equal(result.data.changed, plan.changes.length - 1);
});

test("a change whose new certificate differs from the confirmed one is refused with CR3011", async () => {
  const root = copyOfDemoHost();
  const plan = await dryRunPlan(root);
  const edited = { changes: plan.changes.map((c) => (c.endpoint === "www.contoso.com:443" ? { ...c, to: OTHER } : c)) };
  const result = await applyPlan(root, edited);
  const change = result.data.changes.find((c) => c.endpoint === "www.contoso.com:443")!;
  assert.equal(change.status, "refused");
  assert.equal(change.code, "CR3011");
  assert.match(change.reason!, /Not as in the plan you confirmed/);
  assert.equal(result.exitCode, 3);
});

test("a declined change is skipped, not an error, and keeps its certificate; the approved ones move", async () => {
  const root = copyOfDemoHost();
  const plan = await dryRunPlan(root);
  const declined = { changes: plan.changes.map((c) => ({ ...c, approved: c.endpoint !== "10.0.0.10:443" })) };
  const result = await applyPlan(root, declined);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.envelope.errors, []);
  const skipped = result.data.changes.find((c) => c.endpoint === "10.0.0.10:443")!;
  assert.equal(skipped.status, "skipped");
  assert.equal(skipped.code, null);
  assert.equal(result.data.changed, plan.changes.length - 1);
  const again = await rebind(root, ["--allow-name-mismatch", "--dry-run"]);
  assert.equal(statusOf(again.data)["10.0.0.10:443"], "planned", "it is still on the old certificate");
});

test("a plan file works as standard input does, and a dry run with --plan shows what would be applied", async () => {
  const root = copyOfDemoHost();
  const plan = await dryRunPlan(root);
  setHash(root, "0.0.0.0:8443", WWW_2025);
  const file = join(testDir(), "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  const dry = await rebind(root, ["--allow-name-mismatch", "--dry-run", "--plan", file]);
  assert.equal(dry.exitCode, 3);
  assert.equal(statusOf(dry.data)["0.0.0.0:8443"], "refused");
  assert.equal(statusOf(dry.data)["10.0.0.10:443"], "planned");
});

test("a plan that cannot be used is CR2012, exit 2, and changes nothing", async () => {
  const root = copyOfDemoHost();
  const before = treeHash(root);
  for (const [plan, detail] of [
    ["not json", /not JSON/],
    ["[]", /array "changes"/],
    [JSON.stringify({ changes: [{ kind: "ipport", endpoint: "0.0.0.0:443", from: "zz", to: WWW_2026 }] }), /changes\[0\]\.from and changes\[0\]\.to/],
    [JSON.stringify({ changes: [{ kind: "ccs", endpoint: "443", from: WWW_2025, to: WWW_2026 }] }), /changes\[0\]\.kind/],
    [JSON.stringify({ changes: [{ kind: "ipport", endpoint: "0.0.0.0:443", from: WWW_2025, to: WWW_2026, approved: "yes" }] }), /approved/],
  ] as const) {
    const result = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026, "--plan", "-"], {}, plan);
    assert.equal(result.exitCode, 2, plan);
    const [error] = result.envelope().errors;
    assert.equal(error!.code, "CR2012");
    assert.match(error!.message, detail);
  }
  const missing = await rebind(root, ["--plan", join(testDir(), "absent.json")]);
  assert.equal(missing.exitCode, 2);
  assert.equal(missing.envelope.errors[0]!.code, "CR2012");
  assert.deepEqual(treeHash(root), before);
});
