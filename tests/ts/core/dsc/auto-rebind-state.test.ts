import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { autoRebindState, type TaskStatusView } from "../../../../ts-src/core/dsc/auto-rebind-state.js";
import type { AutoRebindDesired } from "../../../../ts-src/core/dsc/desired-state.js";

const TASK = "\\CertRebind\\AutoRebind";
const EXE = "C:\\Program Files\\CertRebind\\certrebind.exe";
const IIS_TASK = "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind";

/** A registered, enabled, current task running this exe, and no IIS task; `changes` says what differs. */
function status(changes: { task?: Partial<TaskStatusView["task"]>; exe?: Partial<TaskStatusView["exe"]>; builtin?: Partial<TaskStatusView["builtinTask"]> } = {}): TaskStatusView {
  return {
    task: { path: TASK, exists: true, enabled: true, current: true, differences: [], dailyAt: "03:30", lastRunTime: null, lastResult: null, ...changes.task },
    exe: { path: EXE, exists: true, version: "0.1.0", sameAsRunning: true, ...changes.exe },
    builtinTask: { path: IIS_TASK, exists: false, enabled: null, ...changes.builtin },
  };
}

const present = (changes: Partial<AutoRebindDesired> = {}): AutoRebindDesired => ({ resource: "CertAutoRebind", exist: true, dailyAt: null, replaceBuiltIn: false, ...changes });
const absent: AutoRebindDesired = { resource: "CertAutoRebind", exist: false, dailyAt: null, replaceBuiltIn: false };
const MISSING = { task: { exists: false, enabled: null, current: null, dailyAt: null }, exe: { exists: false, sameAsRunning: null, version: null } };

describe("autoRebindState", () => {
  const cases: [string, AutoRebindDesired, TaskStatusView, string[]][] = [
    ["a current, enabled task, wanted", present(), status(), []],
    ["the same task at the wanted daily time", present({ dailyAt: "03:30" }), status(), []],
    ["no task, not wanted", absent, status(MISSING), []],
    ["no task, wanted", present(), status(MISSING), ["TaskMissing"]],
    ["a task, not wanted", absent, status(), ["TaskPresent"]],
    ["a disabled task", present(), status({ task: { enabled: false } }), ["TaskDisabled"]],
    ["a task of another version", present(), status({ task: { current: false, differences: ["it was registered by certrebind 0.0.9, not 0.1.0"] } }), ["TaskOutdated"]],
    ["a task whose exe is gone", present(), status({ exe: { exists: false, sameAsRunning: null } }), ["ExeMissing"]],
    ["a task whose exe is another certrebind", present(), status({ exe: { sameAsRunning: false, version: "0.0.9" } }), ["ExeOutdated"]],
    ["an exe that cannot be compared (running from source)", present(), status({ exe: { sameAsRunning: null } }), []],
    ["another daily time", present({ dailyAt: "04:15" }), status(), ["DailyAt"]],
    ["IIS's task enabled, to be replaced", present({ replaceBuiltIn: true }), status({ builtin: { exists: true, enabled: true } }), ["BuiltInTaskEnabled"]],
    ["IIS's task enabled, not to be replaced", present(), status({ builtin: { exists: true, enabled: true } }), []],
    ["IIS's task disabled, to be replaced", present({ replaceBuiltIn: true }), status({ builtin: { exists: true, enabled: false } }), []],
    ["IIS's task enabled, ours not wanted", { ...absent, replaceBuiltIn: true }, status({ ...MISSING, builtin: { exists: true, enabled: true } }), []],
    ["everything wrong at once", present({ dailyAt: "05:00", replaceBuiltIn: true }), status({ task: { enabled: false, current: false, differences: ["x"] }, exe: { sameAsRunning: false }, builtin: { exists: true, enabled: true } }), ["TaskDisabled", "TaskOutdated", "ExeOutdated", "DailyAt", "BuiltInTaskEnabled"]],
  ];
  for (const [name, desired, given, expected] of cases) {
    it(`${name}: ${expected.length ? expected.join(", ") : "in the desired state"}`, () => {
      const { state, inDesiredState } = autoRebindState(desired, given);
      assert.deepEqual(state.reasons.map((r) => r.code), expected.map((c) => `CertAutoRebind:CertAutoRebind:${c}`));
      assert.equal(inDesiredState, expected.length === 0);
      for (const reason of state.reasons) assert.match(reason.phrase, /\.$/);
    });
  }

  it("reports the task as it is, whatever is wanted", () => {
    const { state } = autoRebindState(absent, status({ task: { dailyAt: "04:15", lastRunTime: "2026-11-26T03:30:00.000Z", lastResult: 3 }, builtin: { exists: true, enabled: false } }));
    assert.deepEqual(state, {
      _exist: true,
      dailyAt: "04:15",
      replaceBuiltIn: true,
      taskPath: TASK,
      enabled: true,
      current: true,
      exePath: EXE,
      exeExists: true,
      exeCurrent: true,
      builtinTaskEnabled: false,
      lastRunTime: "2026-11-26T03:30:00.000Z",
      lastResult: 3,
      reasons: [{ code: "CertAutoRebind:CertAutoRebind:TaskPresent", phrase: `The task ${TASK} is registered, and it should not be: disabling automatic rebinding deletes it.` }],
    });
  });

  it("names the differences and the times in its sentences", () => {
    const outdated = autoRebindState(present({ dailyAt: "04:15" }), status({ task: { current: false, differences: ["it runs notepad.exe"] } }));
    assert.deepEqual(outdated.state.reasons.map((r) => r.phrase), [
      `The task ${TASK} differs from the task this certrebind registers: it runs notepad.exe.`,
      `The daily successor scan of ${TASK} runs at 03:30, not at 04:15.`,
    ]);
  });
});
