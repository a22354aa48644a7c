import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../support/run.js";
import { copyOfDemoHost } from "../../support/snapshot.js";
import { rebind, WWW_2025, WWW_2026 } from "./support.js";

const lastAudit = (root: string) => JSON.parse(readFileSync(join(root, "state/audit.jsonl"), "utf8").trim().split("\n").at(-1)!);

test("rebind --restart-services is taken, and the audit record says the run would restart services", async () => {
  const root = copyOfDemoHost();
  const result = await rebind(root, ["--allow-name-mismatch", "--restart-services"]);
  assert.equal(result.exitCode, 0, result.stdout);
  assert.equal(lastAudit(root).restartServices, true);
});

test("on-task --restart-services is taken too (before the event's values, as the task's arguments end with them)", async () => {
  const root = copyOfDemoHost();
  const result = await run(["on-task", "--json", "--host-root", root, "--restart-services", "--old", WWW_2025, "--new", WWW_2026]);
  assert.ok([0, 3].includes(result.exitCode), result.stdout);
  assert.equal(lastAudit(root).restartServices, true);
});
