import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { auditRecords, hostFiles, interruptedHost, journalFile, RUN_ID, sslcert } from "../../support/interrupted-host.js";
import { run } from "../../support/run.js";
import { testDir } from "../../support/snapshot.js";

const config = (root: string) => join(root, "inetsrv", "applicationHost.config");

test("an administrator's edit after a crash survives recovery: CR1004 names both versions and the backup, audited", async () => {
  const { root, changed } = await interruptedHost();
  // The crashed run never wrote applicationHost.config; an administrator edits it before the next command.
  const edited = readFileSync(config(root), "utf8").replace("</configuration>", "<!-- admin edit -->\n</configuration>");
  writeFileSync(config(root), edited);
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(result.exitCode, 1, result.stderr);
  const error = result.envelope().errors[0]!;
  assert.equal(error.code, "CR1004");
  assert.match(error.message, /applicationHost\.config: it now holds bytes with SHA-256 [0-9a-f]{64}, neither its bytes before the run \(SHA-256 [0-9a-f]{64}, backed up in .*backups\/20261127T000000Z-abcdef\/applicationHost\.config\)/);
  assert.equal(readFileSync(config(root), "utf8"), edited, "the edit survives");
  assert.equal(hostFiles(root)["httpsys/sslcert.txt"], changed["httpsys/sslcert.txt"], "nothing is restored while a file is in doubt");
  assert.ok(existsSync(journalFile(root)), "the journal stays for the administrator");
  const audit = auditRecords(root).at(-1)!;
  assert.equal(audit["command"], "recover");
  assert.equal(audit["action"], "refused");
  assert.equal(audit["exitCode"], 1);
  assert.equal((audit["conflicts"] as { path: string }[])[0]!.path, "inetsrv/applicationHost.config");
  assert.deepEqual(audit["errors"], [{ code: "CR1004", message: error.message, target: error.target, scope: "run" }]);
});

test("a file the run wrote and someone then changed again is left as it is (CR1004)", async () => {
  const { root } = await interruptedHost();
  const edited = `${readFileSync(sslcert(root), "utf8")}\n`;
  writeFileSync(sslcert(root), edited);
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(result.envelope().errors[0]!.code, "CR1004");
  assert.match(result.envelope().errors[0]!.message, /sslcert\.txt: it now holds .* nor what the run wrote \(the run wrote SHA-256 [0-9a-f]{64}\)/);
  assert.equal(readFileSync(sslcert(root), "utf8"), edited);
});

test("a file holding the bytes the run wrote is put back; one holding its prior bytes is not written", async () => {
  const { root, before } = await interruptedHost();
  const configBefore = readFileSync(config(root));
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(result.envelope().recovery?.restored, [sslcert(root)]);
  assert.deepEqual(hostFiles(root), before);
  assert.deepEqual(readFileSync(config(root)), configBefore);
});

test("a host moved to another folder after a crash recovers there: the journal's paths are relative", async () => {
  const { root, before } = await interruptedHost();
  const moved = join(testDir(), "moved-host");
  renameSync(root, moved);
  const result = await run(["task", "disable", "--json", "--host-root", moved]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.envelope().recovery?.action, "restored");
  assert.deepEqual(result.envelope().recovery?.restored, [sslcert(moved)]);
  assert.deepEqual(hostFiles(moved), before);
  assert.equal(auditRecords(moved).at(-1)!["runId"], RUN_ID);
});

test("a copy of a crashed host recovers on its own files and leaves the original as it is", async () => {
  const { root, before, changed } = await interruptedHost();
  const copy = join(testDir(), "copy");
  cpSync(root, copy, { recursive: true });
  const result = await run(["task", "disable", "--json", "--host-root", copy]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(result.envelope().recovery?.restored, [sslcert(copy)]);
  assert.deepEqual(hostFiles(copy), before);
  assert.deepEqual(hostFiles(root), changed, "the original is not touched");
  assert.ok(existsSync(journalFile(root)));
});
