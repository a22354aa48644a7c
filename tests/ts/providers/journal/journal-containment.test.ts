import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { editJournal, hostFiles, interruptedHost, RUN_ID } from "../../support/interrupted-host.js";
import { run } from "../../support/run.js";
import { testDir } from "../../support/snapshot.js";

/**
 * A planted journal must not make a run write (or read) anything but the host's own files and the run's own
 * backups: each case names a "victim" file outside the host, and the command must refuse with CR1004 and leave
 * the victim and the host byte-identical.
 */
type Plant = (journal: any, outside: { victim: string; dir: string; root: string }) => void;

async function plantedJournal(change: Plant) {
  const { root, changed } = await interruptedHost();
  const dir = testDir({ "passwd": "root:x:0:0:root:/root:/bin/bash\n", "evil-backup": "owned\n" });
  const victim = join(dir, "passwd");
  editJournal(root, (journal) => change(journal, { victim, dir, root }));
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  return { root, changed, victim, dir, result };
}

function assertRefused(outcome: Awaited<ReturnType<typeof plantedJournal>>, pattern: RegExp) {
  const { result, victim, root, changed } = outcome;
  assert.equal(result.exitCode, 1, result.stderr);
  assert.equal(result.envelope().errors[0]!.code, "CR1004");
  assert.match(result.envelope().errors[0]!.message, pattern);
  assert.equal(readFileSync(victim, "utf8"), "root:x:0:0:root:/root:/bin/bash\n", "the file outside the host is untouched");
  assert.deepEqual(hostFiles(root), changed, "nothing on the host is restored");
}

test("a journal naming an absolute path outside the host is refused (CR1004), never followed", async () => {
  const outcome = await plantedJournal((journal, { victim }) => (journal.files[0].path = victim));
  assertRefused(outcome, /names the host file '.*passwd': it is an absolute path\. certrebind neither read nor wrote it/);
});

test("a journal naming a path that climbs out of the host with '..' is refused", async () => {
  const outcome = await plantedJournal((journal, { victim }) => (journal.files[0].path = `../../../../../../../..${victim}`));
  assertRefused(outcome, /it has an empty, '\.' or '\.\.' segment/);
});

test("a journal naming a host file certrebind does not change is refused", async () => {
  const outcome = await plantedJournal((journal) => (journal.files[0].path = "certs/My/www-2025.pem"));
  assertRefused(outcome, /it is not a file certrebind changes/);
});

test("a host file that is a symbolic link out of the host is neither read nor written", async () => {
  const outcome = await plantedJournal((_journal, { victim, root }) => {
    const link = join(root, "httpsys", "sslcert.txt");
    rmSync(link);
    symlinkSync(victim, link);
  });
  assert.equal(outcome.result.envelope().errors[0]!.code, "CR1004");
  assert.match(outcome.result.envelope().errors[0]!.message, /symbolic link/);
  assert.equal(readFileSync(outcome.victim, "utf8"), "root:x:0:0:root:/root:/bin/bash\n");
});

test("a backup outside the run's own backup folder is refused: absolute, '..', another run's, a link", async () => {
  const cases: [string, Plant, RegExp][] = [
    ["absolute", (journal, { dir }) => (journal.files[0].backup = join(dir, "evil-backup")), /names the backup .*: it is an absolute path/],
    ["dot-dot", (journal) => (journal.files[0].backup = `backups/${RUN_ID}/../../../evil-backup`), /'\.\.' segment/],
    ["another run's", (journal) => (journal.files[0].backup = "backups/20250101T000000Z-000000/sslcert.txt"), /a backup is a file of the run's own folder backups\/20261127T000000Z-abcdef\//],
  ];
  for (const [label, change, pattern] of cases) {
    const outcome = await plantedJournal(change);
    assertRefused(outcome, pattern);
    assert.ok(outcome.result.envelope().errors[0]!.message.length > 0, label);
  }
  const linked = await plantedJournal((_journal, { dir, root }) => {
    const backup = join(root, "state", "backups", RUN_ID, "sslcert.txt");
    rmSync(backup);
    symlinkSync(join(dir, "evil-backup"), backup);
  });
  assertRefused(linked, /it is a link or not a regular file/);
});

test("a journal whose run id is a path is refused", async () => {
  const outcome = await plantedJournal((journal) => {
    journal.runId = "../../etc";
  });
  assertRefused(outcome, /a backup is a file of the run's own folder/);
});

test("a journal that is a symbolic link is not read", async () => {
  const { root } = await interruptedHost();
  const elsewhere = testDir();
  mkdirSync(join(elsewhere, "x"));
  writeFileSync(join(elsewhere, "x", "journal.json"), readFileSync(join(root, "state", "journal.json")));
  rmSync(join(root, "state", "journal.json"));
  symlinkSync(join(elsewhere, "x", "journal.json"), join(root, "state", "journal.json"));
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(result.envelope().errors[0]!.code, "CR1004");
  assert.match(result.envelope().errors[0]!.message, /the journal is a link/);
});
