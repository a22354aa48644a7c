import { test } from "node:test";
import assert from "node:assert/strict";
import { demoHost } from "../../support/snapshot.js";
import { rebind } from "./support.js";

test("rebind --kept-once lists each distinct kept list once and the changes refer to it by index, the same data otherwise", async () => {
  const full = await rebind(demoHost, ["--dry-run"]);
  const lean = await rebind(demoHost, ["--dry-run", "--kept-once"]);
  assert.equal(lean.exitCode, full.exitCode, lean.stderr);
  const data = lean.envelope.data as Record<string, unknown> & { changes: { kept: number }[]; keptLists: string[][] };
  const keys = data.keptLists.map((kept) => JSON.stringify(kept));
  assert.equal(new Set(keys).size, keys.length, "each list once");
  assert.ok(data.keptLists.length < data.changes.length, "changes that keep the same settings share a list");
  const { keptLists, ...rest } = data;
  const changes = data.changes.map((change) => ({ ...change, kept: keptLists[change.kept] }));
  assert.deepEqual({ ...rest, runId: full.data.runId, changes }, full.data);
  assert.deepEqual(lean.envelope.errors, full.envelope.errors);
});

test("rebind without --kept-once keeps each change's kept an array of strings", async () => {
  const result = await rebind(demoHost, ["--dry-run"]);
  assert.ok(result.data.changes.length > 0);
  for (const change of result.data.changes) assert.ok(Array.isArray(change.kept) && change.kept.every((k) => typeof k === "string"));
  assert.equal((result.data as Record<string, unknown>)["keptLists"], undefined);
});
