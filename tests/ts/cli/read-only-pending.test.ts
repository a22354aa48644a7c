import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { editJournal, interruptedHost, journalFile, RUN_ID, sslcert, WWW_2025, WWW_2026 } from "../support/interrupted-host.js";
import { run } from "../support/run.js";
import { treeHash } from "../support/tree-hash.js";

/** Every command line that only reads, with what it reads from stdin. */
const READ_ONLY: [string[], string?][] = [
  [["bindings"]],
  [["bindings", "--thumbprint", WWW_2025]],
  [["events"]],
  [["rebind", "--dry-run", "--old", WWW_2025, "--new", WWW_2026]],
  [["rebind", "--dry-run", "--auto"]],
  [["on-task", "--dry-run"]],
  [["task", "status"]],
  [["task", "enable", "--dry-run"]],
  [["task", "disable", "--dry-run"]],
  [["dsc", "get", "--resource", "CertBindingsCurrent"], '{"days":30}'],
  [["dsc", "test", "--resource", "CertBindingsCurrent"], '{"days":30}'],
  [["dsc", "test", "--resource", "CertAutoRebind"], '{"enabled":true}'],
];

test("a command that only reads leaves a host with a pending journal byte-identical, state folder included, and warns", async () => {
  const { root } = await interruptedHost();
  const before = treeHash(root);
  for (const [args, stdin] of READ_ONLY) {
    const result = await run([...args, "--json", "--host-root", root], {}, stdin);
    const label = args.join(" ");
    assert.deepEqual(treeHash(root), before, `${label}: nothing written, not even in state/`);
    const envelope = result.envelope();
    assert.equal(envelope.recovery, undefined, `${label}: no recovery`);
    assert.deepEqual(
      { runId: envelope.pendingRun?.runId, nextAction: envelope.pendingRun?.nextAction, restore: envelope.pendingRun?.restore },
      { runId: RUN_ID, nextAction: "restore", restore: [sslcert(root)] },
      `${label}: what is pending and what the next applying command will do`,
    );
    assert.ok(
      envelope.warnings.some((w) => w.startsWith(`The rebind run ${RUN_ID} (process ${process.pid}, started `) && w.includes(`will first put back ${sslcert(root)} as they were before that run`)),
      `${label}: ${JSON.stringify(envelope.warnings)}`,
    );
  }
});

test("without --json the warning goes to stderr", async () => {
  const { root } = await interruptedHost();
  const result = await run(["bindings", "--host-root", root]);
  assert.equal(result.exitCode, 0);
  assert.match(result.stderr, /certrebind: warning: The rebind run 20261127T000000Z-abcdef .* has not closed its journal .*: it is still running, or it was interrupted/);
});

test("the warning says when the next applying command will refuse (CR1004) or only close the journal", async () => {
  const conflicted = await interruptedHost();
  writeFileSync(sslcert(conflicted.root), "edited by an administrator\n");
  const refused = (await run(["bindings", "--json", "--host-root", conflicted.root])).envelope();
  assert.equal(refused.pendingRun?.nextAction, "refuse");
  assert.equal(refused.pendingRun?.code, "CR1004");
  assert.match(refused.warnings[0]!, /will first stop with CR1004 and change nothing: .*sslcert\.txt: it now holds bytes/);

  const finished = await interruptedHost();
  editJournal(finished.root, (journal) => journal.steps.forEach((s: { done: boolean }) => (s.done = true)));
  assert.equal((await run(["bindings", "--json", "--host-root", finished.root])).envelope().pendingRun?.nextAction, "close");

  const unreadable = await interruptedHost();
  writeFileSync(journalFile(unreadable.root), "{ not json");
  const result = await run(["bindings", "--json", "--host-root", unreadable.root]);
  assert.equal(result.exitCode, 0, "a read still answers");
  assert.deepEqual([result.envelope().pendingRun?.nextAction, result.envelope().pendingRun?.code], ["refuse", "CR1004"]);
  assert.equal(readFileSync(journalFile(unreadable.root), "utf8"), "{ not json");
});

test("an applying command recovers as before; a dry run never does", async () => {
  const { root, before } = await interruptedHost();
  await run(["rebind", "--dry-run", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026]);
  assert.notDeepEqual(treeHash(root, { exclude: (p) => p === "state" }), before);
  const applied = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(applied.envelope().recovery?.action, "restored");
  assert.equal(applied.envelope().pendingRun, undefined);
  assert.deepEqual(treeHash(root, { exclude: (p) => p === "state" }), before);
});
