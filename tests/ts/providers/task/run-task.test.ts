import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Host, ProgramFolder, RegisteredTask, TaskScheduler } from "../../../../ts-src/platform/ports.js";
import { enableTask } from "../../../../ts-src/providers/task/run-task.js";
import { testDir } from "../../support/snapshot.js";

/** A host whose program folder answers the ACL checks in turn and records what is done to it. */
function fakeHost(checks: (string | null)[], created: boolean) {
  const done: string[] = [];
  const folder: ProgramFolder = {
    taskCommand: "C:\\Program Files\\CertRebind\\certrebind.exe",
    exeFile: "C:\\Program Files\\CertRebind\\certrebind.exe",
    prepare: async () => (done.push("prepare"), created),
    checkAdminOnly: async () => (done.push("check"), checks.shift() ?? null),
    installedSha256: async () => null,
    sourceSha256: async () => "ab".repeat(32),
    install: async () => void done.push("install"),
  };
  const scheduler: TaskScheduler = {
    programFolder: folder,
    get: async (): Promise<RegisteredTask | null> => null,
    register: async () => void done.push("register"),
    remove: async () => void done.push("remove"),
    setEnabled: async () => void done.push("setEnabled"),
  };
  const host = {
    taskScheduler: scheduler,
    eventLog: { readEvents: async () => null, channelState: async () => ({ exists: true, enabled: true }) },
    state: { appendAudit: async () => ({ path: "audit.jsonl", warning: null }) },
  } as unknown as Host;
  return { host, done };
}

const exe = `${testDir({ "certrebind.exe": "exe" })}/certrebind.exe`;
const request = { version: "0.1.0", runningExe: exe, now: new Date("2026-11-27T00:00:00Z"), dailyAt: null, replaceBuiltin: false, dryRun: false };

describe("enableTask and the program folder's ACL", () => {
  it("checks before creating the folder, and again when it created it: a new folder's inherited rights count", async () => {
    const { host, done } = fakeHost([null, "C:\\Program Files\\CertRebind can be changed by non-administrators: Users may change it."], true);
    await assert.rejects(enableTask(host, request), { code: "CR4010", message: /^task enable refuses to install the exe: C:\\Program Files\\CertRebind can be changed/ });
    assert.deepEqual(done, ["check", "prepare", "check"]);
  });

  it("checks once when the folder was there, then installs and registers", async () => {
    const { host, done } = fakeHost([null], false);
    const result = await enableTask(host, request);
    assert.equal(result.exitCode, 1, "the fake scheduler does not keep the task: it reads back missing (CR1003)");
    assert.equal(result.errors[0]!.code, "CR1003");
    assert.deepEqual(done, ["check", "prepare", "install", "register"]);
  });

  it("creates nothing in a dry run, after one check", async () => {
    const { host, done } = fakeHost([null], true);
    await enableTask(host, { ...request, dryRun: true });
    assert.deepEqual(done, ["check"]);
  });
});
