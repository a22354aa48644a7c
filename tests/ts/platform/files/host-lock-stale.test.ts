import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HostLock } from "../../../../ts-src/platform/files/host-lock.js";
import { identityOf } from "../../../../ts-src/platform/files/process-identity.js";
import { testDir } from "../../support/snapshot.js";

const onLinux = process.platform === "linux";

/** A live process running `program` (killed when the test ends). */
function liveProcess(t: { after(fn: () => void): void }, program: string, args: string[]): ChildProcess & { pid: number } {
  const child = spawn(program, args, { stdio: "ignore" });
  t.after(() => child.kill("SIGKILL"));
  return child as ChildProcess & { pid: number };
}

const sleeping = (t: { after(fn: () => void): void }) => liveProcess(t, process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);

function plant(path: string, holder: Record<string, unknown>): void {
  writeFileSync(path, JSON.stringify({ since: "2026-11-26T23:00:00.000Z", token: "planted", ...holder }));
}

/** Rejects when `promise` is not settled within `ms`: a wait that does not end is the bug. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))),
  ]);
}

test("the lock records its holder's start time, boot and program", { skip: !onLinux && "needs /proc" }, async () => {
  const path = join(testDir(), "lock");
  const lock = await new HostLock(path).acquire(0, "20261127T000000Z-abcdef");
  const holder = JSON.parse(readFileSync(path, "utf8"));
  assert.deepEqual({ start: holder.start, boot: holder.boot, exe: holder.exe }, identityOf(process.pid));
  assert.match(holder.start, /^\d+$/);
  assert.equal(holder.runId, "20261127T000000Z-abcdef");
  await lock.release();
});

test("a lock naming this process, which did not take it, is stale (a pid reused in a container)", async () => {
  const path = join(testDir(), "lock");
  plant(path, { pid: process.pid });
  const lock = await within(3_000, new HostLock(path).acquire(0));
  assert.match(lock.tookOverFrom?.reason ?? "", /is this process/);
  await lock.release();
});

test("a lock of a live process that is not certrebind is stale", { skip: !onLinux && "needs /proc" }, async (t) => {
  const path = join(testDir(), "lock");
  const other = liveProcess(t, "sleep", ["60"]);
  plant(path, { pid: other.pid });
  const lock = await within(3_000, new HostLock(path).acquire(0));
  assert.match(lock.tookOverFrom?.reason ?? "", /is not certrebind \(it runs .*sleep\)/);
  await lock.release();
});

test("a lock whose process id now belongs to a process that started at another time is stale", { skip: !onLinux && "needs /proc" }, async (t) => {
  const path = join(testDir(), "lock");
  const other = sleeping(t);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const identity = identityOf(other.pid);
  plant(path, { pid: other.pid, ...identity, start: String(Number(identity.start) - 1) });
  const lock = await within(3_000, new HostLock(path).acquire(0));
  assert.match(lock.tookOverFrom?.reason ?? "", /another process that got the same id/);
  await lock.release();
});

test("a lock of a live certrebind run is waited for, and only as long as --wait says", async (t) => {
  const path = join(testDir(), "lock");
  const other = sleeping(t);
  await new Promise((resolve) => setTimeout(resolve, 50));
  plant(path, { pid: other.pid, ...identityOf(other.pid) });
  const started = Date.now();
  await assert.rejects(new HostLock(path).acquire(300), { code: "CR4003" });
  const waited = Date.now() - started;
  assert.ok(waited >= 300 && waited < 1_500, `waited ${waited} ms for a 300 ms --wait`);
});

test("a dead lock whose takeover guard is dated in the future is taken over, not waited on forever", async () => {
  const path = join(testDir(), "lock");
  plant(path, { pid: deadPid() });
  writeFileSync(`${path}.takeover`, "");
  const future = new Date(Date.now() + 3_600_000);
  utimesSync(`${path}.takeover`, future, future);
  const lock = await within(5_000, new HostLock(path).acquire(1_000));
  await lock.release();
});

test("--wait bounds a takeover: a dead lock under another taker's fresh guard ends in CR4003 at the deadline", async () => {
  const path = join(testDir(), "lock");
  plant(path, { pid: deadPid() });
  writeFileSync(`${path}.takeover`, "");
  const started = Date.now();
  await within(5_000, assert.rejects(new HostLock(path).acquire(300), { code: "CR4003" }));
  const waited = Date.now() - started;
  assert.ok(waited < 1_500, `waited ${waited} ms for a 300 ms --wait`);
});

test("an empty lock file dated in the future is not fresh: it is taken over", async () => {
  const path = join(testDir(), "lock");
  writeFileSync(path, "");
  const future = new Date(Date.now() + 3_600_000);
  utimesSync(path, future, future);
  const lock = await within(3_000, new HostLock(path).acquire(0));
  await lock.release();
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}
