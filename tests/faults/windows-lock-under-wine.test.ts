import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { auditRecords } from "../ts/support/snapshot.js";
import { haveWine, repoRoot, requireBuilt, runToFiles, windowsExe, wine64, wineEnvironment, zPath } from "../exe/support.js";
import { tempDir } from "../ts/support/temp-dir.js";

// Windows: the lock's holder keeps a file open with no sharing, and the system closes it when the holder ends;
// that, not the process id, says whether the holder lives. Under wine, whose server keeps Windows' sharing rules.
const skip = !haveWine && "wine64 is not installed (./build.sh Test installs it)";
const DEMO_PAIR = ["--old", "0F70C94C6482E61B0A43B9816E830ED7B30B8C44", "--new", "FAC2BE397B0EF579E4C64AE777717B344007BA2C", "--force"];

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test("certrebind.exe under wine: a live holder's lock is waited for whatever its pid says; once it is killed, taken over", { skip, timeout: 240_000 }, async (t) => {
  requireBuilt(windowsExe);
  const env = wineEnvironment({ CERTREBIND_NOW: "2026-11-27T00:00:00Z" });
  const root = tempDir("certrebind-wine-lock-");
  cpSync(join(repoRoot, "examples/demo-host"), root, { recursive: true });
  const rebind = (wait: string) => [windowsExe, "rebind", "--json", "--host-root", zPath(root), ...DEMO_PAIR, "--wait", wait];
  const lockPath = join(root, "state", "lock");

  // The holder stops for two minutes right after its first durable write, holding the lock.
  const holder = spawn(wine64, rebind("5"), { stdio: "ignore", env: { ...process.env, ...env, CERTREBIND_TEST_PAUSE_AFTER_WRITE: "1:120000" } });
  t.after(() => holder.kill("SIGKILL"));
  await until("the holder's lock and held file", () => existsSync(lockPath) && readdirSync(join(root, "state")).some((name) => name.endsWith(".held")));
  const lock = JSON.parse(readFileSync(lockPath, "utf8"));
  assert.equal(lock.held, true, "the lock says its holder holds a file open");

  // A process id that is no process: a pid check alone would take the live holder's lock over.
  writeFileSync(lockPath, JSON.stringify({ ...lock, pid: 0x7ffffff0 }));
  const waiting = runToFiles(wine64, rebind("2"), env);
  assert.equal(waiting.status, 4, waiting.stdout + waiting.stderr);
  assert.equal(JSON.parse(waiting.stdout).errors[0].code, "CR4003");

  holder.kill("SIGKILL");
  await new Promise((resolve) => holder.on("exit", resolve));
  const next = runToFiles(wine64, rebind("10"), env);
  assert.equal(next.status, 0, next.stdout + next.stderr);
  const released = auditRecords(root).find((r) => r["action"] === "released");
  assert.match(String(released?.reason), /has exited \(the file it held open while it lived is free\)/);
  assert.equal(readdirSync(join(root, "state")).filter((name) => name.startsWith("lock")).length, 0, "no lock file is left");
});
