import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WWW_2025, WWW_2026 } from "../../support/interrupted-host.js";
import { run } from "../../support/run.js";
import { copyOfDemoHost, testDir } from "../../support/snapshot.js";

const backups = (root: string) => readdirSync(join(root, "state", "backups")).sort();

/** Rebinds back and forth `times` times; returns each run's id. */
async function rebindRepeatedly(root: string, times: number, extra: string[] = []): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < times; i++) {
    const [old, next] = i % 2 === 0 ? [WWW_2025, WWW_2026] : [WWW_2026, WWW_2025];
    const result = await run(["rebind", "--json", "--host-root", root, "--old", old, "--new", next, "--force", ...extra]);
    assert.ok([0, 3].includes(result.exitCode), result.stderr);
    const data = result.envelope().data as { runId: string; backup: string | null };
    assert.ok(data.backup, "the run changed something and backed it up");
    ids.push(data.runId);
  }
  return ids;
}

test("by default the backups of the newest 10 runs are kept; older ones go", async () => {
  const root = copyOfDemoHost();
  const ids = await rebindRepeatedly(root, 12);
  assert.deepEqual(backups(root), ids.slice(-10).sort());
});

test("--keep-backups N keeps N runs' backups, the run's own included, and says which it removed", async () => {
  const root = copyOfDemoHost();
  const ids = await rebindRepeatedly(root, 4, ["--keep-backups", "3"]);
  assert.deepEqual(backups(root), ids.slice(-3).sort());
  const result = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026, "--force", "--keep-backups", "1"]);
  const data = result.envelope().data as { runId: string; prunedBackups: string[] };
  assert.deepEqual(data.prunedBackups.sort(), ids.slice(-3).sort());
  assert.deepEqual(backups(root), [data.runId]);
});

test("only folders named like a run are pruned: other files, folders and links in backups/ stay", async () => {
  const root = copyOfDemoHost();
  const outside = testDir({ "keep.txt": "not a backup\n" });
  mkdirSync(join(root, "state", "backups", "manual-copy"), { recursive: true });
  writeFileSync(join(root, "state", "backups", "notes.txt"), "mine\n");
  symlinkSync(outside, join(root, "state", "backups", "20200101T000000Z-000000"));
  await rebindRepeatedly(root, 2, ["--keep-backups", "1"]);
  assert.deepEqual(backups(root).filter((name) => !/^\d{8}T/.test(name) || name.startsWith("2020")), ["20200101T000000Z-000000", "manual-copy", "notes.txt"]);
  assert.deepEqual(readdirSync(outside), ["keep.txt"]);
});

test("--keep-backups must be a whole number of runs from 1", async () => {
  const root = copyOfDemoHost();
  for (const value of ["0", "-1", "1.5"]) {
    const result = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026, "--keep-backups", value]);
    assert.equal(result.exitCode, 2, value);
    assert.match(result.envelope().errors[0]!.message, /--keep-backups/);
  }
});
