/*
 * CertAutoRebind: "the scheduled task that rebinds renewed certificates is registered as this certrebind registers
 * it" (or, with `_exist` false, "is not registered"). Its state is `task status`, with a reason for everything that
 * is out of line. Pure: the provider reads the status.
 */
import type { AutoRebindDesired } from "./desired-state.js";
import type { DscReason } from "./bindings-state.js";

/** The parts of `task status` (TaskStatusData) the resource looks at. */
export interface TaskStatusView {
  task: {
    path: string;
    exists: boolean;
    enabled: boolean | null;
    current: boolean | null;
    differences: string[];
    dailyAt: string | null;
    lastRunTime: string | null;
    lastResult: number | null;
  };
  exe: { path: string; exists: boolean; version: string | null; sameAsRunning: boolean | null };
  builtinTask: { path: string; exists: boolean; enabled: boolean | null };
}

export interface AutoRebindState {
  /** The task is registered. */
  _exist: boolean;
  /** The time of the registered task's daily successor scan, or null. */
  dailyAt: string | null;
  /** IIS's own rebind task is not enabled (disabled, or not registered). */
  replaceBuiltIn: boolean;
  taskPath: string;
  enabled: boolean | null;
  /** The registered task does what this certrebind registers (its daily time aside); null when there is none. */
  current: boolean | null;
  exePath: string;
  exeExists: boolean;
  /** The installed exe is this certrebind; null when that cannot be compared (no exe, or running from source). */
  exeCurrent: boolean | null;
  builtinTaskEnabled: boolean | null;
  lastRunTime: string | null;
  lastResult: number | null;
  reasons: DscReason[];
  _inDesiredState?: boolean;
}

const CODE = "CertAutoRebind:CertAutoRebind";

/** The state, and whether it is the desired one: in the desired state exactly when there is no reason not to be. */
export function autoRebindState(desired: AutoRebindDesired, status: TaskStatusView): { state: AutoRebindState; inDesiredState: boolean } {
  const { task, exe, builtinTask } = status;
  const reasons: DscReason[] = [];
  const reason = (code: string, phrase: string) => reasons.push({ code: `${CODE}:${code}`, phrase });
  if (!desired.exist) {
    if (task.exists) reason("TaskPresent", `The task ${task.path} is registered, and it should not be: disabling automatic rebinding deletes it.`);
  } else if (!task.exists) {
    reason("TaskMissing", `The task ${task.path} is not registered: renewed certificates are not re-bound automatically.`);
  } else {
    if (task.enabled === false) reason("TaskDisabled", `The task ${task.path} is disabled: renewed certificates are not re-bound automatically.`);
    if (task.current === false) reason("TaskOutdated", `The task ${task.path} differs from the task this certrebind registers: ${task.differences.join("; ")}.`);
    if (!exe.exists) reason("ExeMissing", `The task ${task.path} runs ${exe.path}, which does not exist.`);
    else if (exe.sameAsRunning === false) reason("ExeOutdated", `${exe.path} is not this certrebind${exe.version ? ` (it is certrebind ${exe.version})` : ""}: enabling installs this one.`);
    if (desired.dailyAt !== null && task.dailyAt !== desired.dailyAt) {
      reason("DailyAt", `The daily successor scan of ${task.path} runs at ${task.dailyAt ?? "no time"}, not at ${desired.dailyAt}.`);
    }
  }
  if (desired.exist && desired.replaceBuiltIn && builtinTask.enabled === true) {
    reason("BuiltInTaskEnabled", `IIS's own task ${builtinTask.path} is enabled: both tasks would act on event 1001. It should be disabled.`);
  }
  const state: AutoRebindState = {
    _exist: task.exists,
    dailyAt: task.dailyAt,
    replaceBuiltIn: builtinTask.enabled !== true,
    taskPath: task.path,
    enabled: task.enabled,
    current: task.current,
    exePath: exe.path,
    exeExists: exe.exists,
    exeCurrent: exe.sameAsRunning,
    builtinTaskEnabled: builtinTask.enabled,
    lastRunTime: task.lastRunTime,
    lastResult: task.lastResult,
    reasons,
  };
  return { state, inDesiredState: reasons.length === 0 };
}
