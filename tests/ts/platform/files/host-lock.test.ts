import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HostLock } from "../../../../ts-src/platform/files/host-lock.js";
import { repoRoot, testDir } from "../../support/snapshot.js";

/** The process id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

test("a lock is taken, refused to a second taker while held (CR4003), and released", async () => {
  const path = join(testDir(), "lock");
  const held = await new HostLock(path).acquire(0);
  assert.equal(JSON.parse(readFileSync(path, "utf8")).pid, process.pid);
  await assert.rejects(new HostLock(path).acquire(200), (error: { code: string; message: string }) => {
    assert.equal(error.code, "CR4003");
    assert.match(error.message, new RegExp(`process ${process.pid}`));
    return true;
  });
  await held.release();
  assert.equal(existsSync(path), false);
});

test("a lock left by a process that has died is taken over at once", async () => {
  const path = join(testDir(), "lock");
  writeFileSync(path, JSON.stringify({ pid: deadPid(), since: "2026-11-26T23:00:00.000Z", token: "dead" }));
  const lock = await new HostLock(path).acquire(0);
  assert.equal(JSON.parse(readFileSync(path, "utf8")).pid, process.pid);
  await lock.release();
});

test("an empty lock file is someone creating it: waited for while fresh, taken over once old", async () => {
  const path = join(testDir(), "lock");
  writeFileSync(path, "");
  await assert.rejects(new HostLock(path).acquire(0), { code: "CR4003" });
  const old = new Date(Date.now() - 60_000);
  utimesSync(path, old, old);
  const lock = await new HostLock(path).acquire(0);
  await lock.release();
});

test("releasing removes only the lock its run holds", async () => {
  const path = join(testDir(), "lock");
  const lock = await new HostLock(path).acquire(0);
  writeFileSync(path, JSON.stringify({ pid: process.pid, since: new Date().toISOString(), token: "someone-else" }));
  await lock.release();
  assert.ok(existsSync(path));
});

test("six processes that find the same dead lock never hold it at the same time", async () => {
  const dir = testDir();
  const lockPath = join(dir, "lock");
  const logPath = join(dir, "held.log");
  writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), since: "2026-11-26T23:00:00.000Z", token: "dead" }));
  const racers = Array.from({ length: 6 }, () =>
    new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "tests/ts/support/lock-racer.ts"), lockPath, logPath, "150"], { stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", resolve);
    }),
  );
  assert.deepEqual(await Promise.all(racers), [0, 0, 0, 0, 0, 0]);
  const held = readFileSync(logPath, "utf8").trim().split("\n").map((line) => line.split(" ").map(Number) as [number, number, number]);
  assert.equal(held.length, 6);
  held.sort((a, b) => a[1] - b[1]);
  for (let i = 1; i < held.length; i++) {
    assert.ok(held[i]![1] >= held[i - 1]![2], `process ${held[i]![0]} took the lock while ${held[i - 1]![0]} held it`);
  }
  assert.equal(existsSync(lockPath), false);
});
