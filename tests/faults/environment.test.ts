import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chownSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { auditRecords, checkCase, faultHost, isRoot, onLinux, runSync } from "./support/fault-case.js";

// Environment errors a server really meets: a read-only file system, a user who may not write the host, a user
// the system cannot name. Each is exit 4 with CR4009, the path and what to do, and changes nothing.
const needsRoot = !onLinux ? "Linux only" : !isRoot ? "needs root (mount, setpriv to another user)" : false;

/** Runs `mount` with these arguments; fails the test when it cannot. */
function mount(...args: string[]): void {
  const result = spawnSync("mount", args, { encoding: "utf8" });
  assert.equal(result.status, 0, `mount ${args.join(" ")}: ${result.stderr}`);
}

test("a host on a read-only file system (a read-only bind mount): exit 4, CR4009 EROFS with the path; nothing changed", { skip: needsRoot }, (t) => {
  const host = faultHost();
  const root = host.fresh();
  const view = `${root}-readonly`;
  mkdirSync(view);
  mount("--bind", root, view);
  t.after(() => spawnSync("umount", [view]));
  mount("-o", "remount,bind,ro", view);
  const result = runSync(host.rebindArgs(view));
  assert.equal(result.status, 4, result.stderr);
  assert.match(result.stderr, new RegExp(`CR4009: ${view}/state[^\\n]*: the file system is read-only \\(EROFS\\); remount it read-write`));
  const outcome = checkCase(root, result, "read-only bind mount", { beforeTheLock: true });
  assert.equal(outcome.state, "before");
});

test("a user who may not write the host (nobody): exit 4, CR4009 EACCES with the path; nothing changed", { skip: needsRoot }, () => {
  const host = faultHost();
  const root = host.fresh();
  const result = runSync(host.rebindArgs(root), { wrapper: ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] });
  assert.equal(result.status, 4, result.stderr);
  assert.match(result.stderr, new RegExp(`CR4009: ${root}/state: permission denied \\(EACCES\\); run as a user allowed to write there`));
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  checkCase(root, result, "nobody", { beforeTheLock: true });
});

test("a user with no entry in the user database: exit 4, CR4009 names /etc/passwd; nothing changed, nothing locked", { skip: needsRoot }, () => {
  const host = faultHost();
  const root = host.fresh();
  const uid = 54_321;
  assert.equal(spawnSync("getent", ["passwd", String(uid)]).status, 2, `uid ${uid} has no passwd entry here`);
  chownTree(root, uid);
  const result = runSync(host.rebindArgs(root), { wrapper: ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--"] });
  assert.equal(result.status, 4, result.stderr);
  assert.match(result.stderr, /CR4009: \/etc\/passwd: the user running certrebind \(uid 54321\) has no entry in the user database[^\n]*add an entry/);
  checkCase(root, result, "no passwd entry", { beforeTheLock: true });
  assert.deepEqual(auditRecords(root), []);
});

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid);
}
