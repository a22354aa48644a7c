import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { auditRecords, checkCase, faultHost, isRoot, NOW, onLinux, runSync } from "./support/fault-case.js";
import { tempDir } from "../ts/support/temp-dir.js";

// The lock cannot wedge: a lock of a process in another pid namespace whose id is reused, of this very process,
// of a live program that is not certrebind, or dated in the future is stale; a live run's lock is waited for
// no longer than --wait says.
const namespaces = !onLinux ? "Linux only" : !isRoot ? "needs root for a pid namespace (unshare -p)" : false;

/** Runs the exe in a new pid namespace, under a shell that is its pid 1 (so the exe is pid 2, or 3 after `sleep &`). */
function inPidNamespace(args: string[], options: { env?: NodeJS.ProcessEnv; sleeperFirst?: boolean } = {}) {
  const script = options.sleeperFirst ? 'sleep 30 & "$@"; status=$?; kill $!; exit $status' : '"$@"; exit $?';
  return runSync(args, { wrapper: ["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", script, "sh"], env: options.env });
}

test("a run killed in a container, whose pid the next container reuses for another program: the lock is stale", { skip: namespaces }, () => {
  const host = faultHost();
  const root = host.fresh();
  // Killed (SIGKILL) after its first durable write, a backup: it holds the lock and has no journal yet.
  const killed = inPidNamespace(host.rebindArgs(root), { env: { CERTREBIND_TEST_KILL_AFTER_WRITE: "1" } });
  assert.notEqual(killed.status, 0);
  const lock = JSON.parse(readFileSync(join(root, "state", "lock"), "utf8"));
  assert.equal(lock.pid, 2, "the dead run was pid 2 of its namespace");
  // Now pid 2 is `sleep`, a live process of another program; the rebind is pid 3.
  const next = inPidNamespace(host.rebindArgs(root), { sleeperFirst: true });
  assert.ok(next.ms < 4_000, `the rebind did not wait for the dead lock (${next.ms} ms)`);
  const outcome = checkCase(root, next, "pid reused by another program", { auditBefore: 1 });
  assert.equal(outcome.state, "after");
  const records = auditRecords(root);
  const dead = records.filter((r) => r.runId === lock.runId);
  assert.equal(dead.length, 1, "the dead run is audited once, when its lock is found");
  assert.equal(dead[0]!.action, "released");
  assert.match(String(dead[0]!.reason), /process 2 is (another process that got the same id|not certrebind)/);
});

test("a lock naming the very pid this run has (the same pid in another container): stale, not waited on", { skip: namespaces }, () => {
  const host = faultHost();
  const root = host.fresh();
  inPidNamespace(host.rebindArgs(root), { env: { CERTREBIND_TEST_KILL_AFTER_WRITE: "1" } });
  assert.equal(JSON.parse(readFileSync(join(root, "state", "lock"), "utf8")).pid, 2);
  const next = inPidNamespace(host.rebindArgs(root));
  assert.ok(next.ms < 4_000, `the rebind did not wait for its own pid's lock (${next.ms} ms)`);
  assert.equal(checkCase(root, next, "own pid", { auditBefore: 1 }).state, "after");
  assert.match(String(auditRecords(root)[0]!.reason), /process 2 is this process/);
});

test("a lock planted with the pid of a live process that is not certrebind does not stop a rebind", { skip: !onLinux && "Linux only" }, (t) => {
  const host = faultHost();
  const root = host.fresh();
  const sleeper = spawn("sleep", ["60"], { stdio: "ignore" });
  t.after(() => sleeper.kill("SIGKILL"));
  mkdirSync(join(root, "state"));
  writeFileSync(join(root, "state", "lock"), JSON.stringify({ pid: sleeper.pid, since: new Date().toISOString(), token: "planted" }));
  const result = runSync(host.rebindArgs(root));
  assert.ok(result.ms < 4_000, `${result.ms} ms`);
  assert.equal(checkCase(root, result, "planted lock", { auditBefore: 1 }).state, "after");
});

test("a takeover guard dated an hour ahead (clock skew) does not make the rebind wait forever", { skip: !onLinux && "Linux only" }, () => {
  const host = faultHost();
  const root = host.fresh();
  mkdirSync(join(root, "state"));
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
  writeFileSync(join(root, "state", "lock"), JSON.stringify({ pid: Number(dead), since: new Date().toISOString(), token: "dead" }));
  writeFileSync(join(root, "state", "lock.takeover"), "");
  assert.equal(spawnSync("touch", ["-d", "+1 hour", join(root, "state", "lock.takeover")]).status, 0);
  const result = runSync(host.rebindArgs(root), { timeoutMs: 20_000 });
  assert.equal(result.signal, null, "the rebind ended by itself (it was killed after 20 s)");
  assert.equal(checkCase(root, result, "future guard", { auditBefore: 1 }).state, "after");
  assert.equal(existsSync(join(root, "state", "lock.takeover")), false);
});

test("a lock file dated a day ahead that names no process is not fresh: taken over", { skip: !onLinux && "Linux only" }, () => {
  const host = faultHost();
  const root = host.fresh();
  mkdirSync(join(root, "state"));
  writeFileSync(join(root, "state", "lock"), "");
  assert.equal(spawnSync("touch", ["-d", "+1 day", join(root, "state", "lock")]).status, 0);
  const result = runSync(host.rebindArgs(root), { timeoutMs: 20_000 });
  assert.equal(checkCase(root, result, "future lock").state, "after");
});

test("a live run's lock is waited for as long as --wait says, no longer: exit 4, CR4003; nothing changed", { skip: !onLinux && "Linux only" }, (t) => {
  const host = faultHost();
  const root = host.fresh();
  // A live process whose program is named certrebind, holding the lock.
  const program = join(tempDir("certrebind-holder-"), "certrebind");
  copyFileSync("/bin/sleep", program);
  spawnSync("chmod", ["755", program]);
  const holder = spawn(program, ["60"], { stdio: "ignore" });
  t.after(() => holder.kill("SIGKILL"));
  mkdirSync(join(root, "state"));
  writeFileSync(join(root, "state", "lock"), JSON.stringify({ pid: holder.pid, since: new Date().toISOString(), token: "live" }));
  writeFileSync(join(root, "state", "lock.takeover"), "");
  const args = host.rebindArgs(root).map((a, i, all) => (all[i - 1] === "--wait" ? "1" : a));
  const result = runSync(args, { env: NOW });
  assert.equal(result.status, 4, result.stderr);
  assert.match(result.stderr, /CR4003: Another certrebind run \(process \d+/);
  assert.ok(result.ms >= 1_000 && result.ms < 3_500, `--wait 1 waited ${result.ms} ms`);
  assert.equal(checkCase(root, { ...result, status: 4 }, "live lock", { beforeTheLock: true, othersLock: true }).state, "before");
});
