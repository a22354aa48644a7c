/*
 * `task enable | disable | status`: the scheduled task `\CertRebind\AutoRebind` and the exe it runs, installed and
 * registered (or deleted) through the TaskScheduler port with its ProgramFolder; the state they report is read by
 * task-status.ts.
 */
import type { EnvelopeError } from "../../core/errors.js";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import { withRemedy } from "../../core/remedy.js";
import type { Host, RegisteredTask } from "../../platform/ports.js";
import { AUTO_REBIND_TASK_PATH, autoRebindTaskXml, DEFAULT_DAILY_AT, IIS_REBIND_TASK_PATH } from "../../task/auto-rebind-task.js";
import { dailyTime, definitionDifferences, readTaskDefinition } from "../../task/task-definition.js";
import { newRunId } from "../../platform/audit-identity.js";
import { auditRecord } from "../../platform/audit-record.js";
import { readDefinition, readStatus, type TaskContext, type TaskStatusData } from "./task-status.js";

export type StepStatus = "planned" | "done" | "unchanged" | "absent" | "kept";

export interface TaskStep {
  step: "exe" | "task" | "builtin";
  status: StepStatus;
  /** A sentence: what is (or would be) done, or why nothing is. */
  action: string;
}
export interface TaskData extends TaskStatusData {
  action: "status" | "enable" | "disable";
  dryRun: boolean;
  changed: boolean;
  steps: TaskStep[];
  /** The XML `enable` registers (or would), else null. */
  xml: string | null;
  audit: string | null;
}

export interface TaskOutcome {
  data: TaskData;
  exitCode: number;
  errors: EnvelopeError[];
  warnings: string[];
}

export interface EnableRequest extends TaskContext {
  /** `HH:MM`; null: the time of the registered task, else DEFAULT_DAILY_AT. */
  dailyAt: string | null;
  replaceBuiltin: boolean;
  dryRun: boolean;
}

export interface DisableRequest extends TaskContext {
  dryRun: boolean;
}

/** `task status`: read only. */
export async function taskStatus(host: Host, context: TaskContext): Promise<TaskOutcome> {
  const { status, warnings } = await readStatus(host, context);
  const data: TaskData = { action: "status", dryRun: false, changed: false, steps: [], xml: null, audit: null, ...status };
  return { data, exitCode: ExitCode.Ok, errors: [], warnings: warnings.map((w) => w.text) };
}

/**
 * `task enable`: copy the exe to the program folder (refusing when non-administrators could change it), register
 * the task, with --replace-builtin disable IIS's own task. Idempotent: what is already right is left alone.
 */
export async function enableTask(host: Host, request: EnableRequest): Promise<TaskOutcome> {
  if (!request.runningExe) {
    throw new CertRebindError(
      "CR2000",
      withRemedy("task enable copies the running certrebind exe to Program Files, but this certrebind runs from source (node), not as the exe.", "exePath"),
      ExitCode.BadInput,
    );
  }
  const scheduler = host.taskScheduler;
  const folder = scheduler.programFolder;
  // Checked before anything is created (Windows: an unelevated run stops here, CR4011), and once more when the
  // folder is new: it inherits rights from Program Files that do not apply to Program Files itself.
  const refuse = async () => {
    const refusal = await folder.checkAdminOnly();
    if (refusal) throw new CertRebindError("CR4010", `task enable refuses to install the exe: ${refusal}`, ExitCode.Environment, folder.exeFile);
  };
  await refuse();
  if (!request.dryRun && (await folder.prepare())) await refuse();

  const existing = await scheduler.get(AUTO_REBIND_TASK_PATH);
  const builtin = await scheduler.get(IIS_REBIND_TASK_PATH);
  const registered = existing ? readDefinition(existing) : null;
  // Without --daily-at, enabling again keeps the time the task was registered with.
  const dailyAt = request.dailyAt ?? (registered && dailyTime(registered)) ?? DEFAULT_DAILY_AT;
  const xml = autoRebindTaskXml({ command: folder.taskCommand, version: request.version, dailyAt });
  const expected = readTaskDefinition(xml);
  const sourceSha256 = await folder.sourceSha256(request.runningExe);
  const installedSha256 = await folder.installedSha256();
  const differences = registered ? definitionDifferences(registered, expected) : [];
  const steps = plannedSteps(request, { exeCommand: folder.taskCommand, installedSha256, sourceSha256, existing, differences, builtin, dailyAt });

  const warnings: string[] = [];
  if (request.dryRun && !request.replaceBuiltin && builtin?.enabled) {
    warnings.push(withRemedy(`IIS's own task ${IIS_REBIND_TASK_PATH} is enabled: with this task registered too, both run on event 1001.`, "replaceBuiltin"));
  }
  let audit: string | null = null;
  if (!request.dryRun) {
    if (steps[0]!.status === "done") await folder.install(request.runningExe);
    if (steps[1]!.status === "done") await scheduler.register(AUTO_REBIND_TASK_PATH, xml);
    if (steps[2]?.step === "builtin" && steps[2].status === "done") await scheduler.setEnabled(IIS_REBIND_TASK_PATH, false);
    if (steps.some((s) => s.status === "done")) {
      audit = await writeAudit(host, "task enable", request, steps, warnings);
    }
  }
  const { status, warnings: statusWarnings } = await readStatus(host, request);
  const errors: EnvelopeError[] = [];
  if (!request.dryRun && (!status.task.exists || !status.task.enabled)) {
    errors.push({
      code: "CR1003",
      message: `${AUTO_REBIND_TASK_PATH} was registered, but Task Scheduler reports it ${status.task.exists ? "disabled" : "missing"}.`,
      target: AUTO_REBIND_TASK_PATH,
    });
  }
  // A dry run plans to fix what the status says of the task and the exe: those warnings would only repeat the plan.
  const kept = statusWarnings.filter((w) => !request.dryRun || (w.about !== "task" && w.about !== "exe"));
  return outcome("enable", request.dryRun, steps, xml, audit, status, errors, [...warnings, ...kept.map((w) => w.text)]);
}

/** `task disable`: delete the task. The exe stays where it is (the task is what runs it). */
export async function disableTask(host: Host, request: DisableRequest): Promise<TaskOutcome> {
  const scheduler = host.taskScheduler;
  const existing = await scheduler.get(AUTO_REBIND_TASK_PATH);
  const steps: TaskStep[] = [
    existing
      ? { step: "task", status: request.dryRun ? "planned" : "done", action: `Delete the task ${AUTO_REBIND_TASK_PATH}.` }
      : { step: "task", status: "absent", action: `${AUTO_REBIND_TASK_PATH} is not registered.` },
  ];
  const warnings: string[] = [];
  let audit: string | null = null;
  if (existing && !request.dryRun) {
    await scheduler.remove(AUTO_REBIND_TASK_PATH);
    audit = await writeAudit(host, "task disable", request, steps, warnings);
  }
  const { status, warnings: statusWarnings } = await readStatus(host, request);
  if (status.exe.exists) {
    steps.push({ step: "exe", status: "kept", action: `${status.exe.path} stays; delete it by hand if nothing else needs it.` });
  }
  if (existing && !request.dryRun && status.builtinTask.exists && status.builtinTask.enabled === false) {
    warnings.push(
      `IIS's own task ${IIS_REBIND_TASK_PATH} is disabled, so nothing rebinds renewed certificates now. Re-enable it with ` +
        `'schtasks /Change /TN "${IIS_REBIND_TASK_PATH}" /ENABLE' if you want IIS's rebind back.`,
    );
  }
  const errors: EnvelopeError[] = [];
  if (!request.dryRun && status.task.exists) {
    errors.push({ code: "CR1003", message: `${AUTO_REBIND_TASK_PATH} was deleted, but Task Scheduler still reports it.`, target: AUTO_REBIND_TASK_PATH });
  }
  // That the task is missing, or the result of its last run, is what disable is about, not a warning.
  const kept = request.dryRun ? [] : statusWarnings.filter((w) => w.about !== "task" && w.about !== "lastRun" && w.about !== "exe");
  return outcome("disable", request.dryRun, steps, null, audit, status, errors, [...warnings, ...kept.map((w) => w.text)]);
}

/** What the registered task, the installed exe and IIS's own task are, for planning `task enable`. */
interface EnableFacts {
  exeCommand: string;
  installedSha256: string | null;
  sourceSha256: string;
  existing: RegisteredTask | null;
  /** How the registered task differs from the one this version registers. */
  differences: readonly string[];
  builtin: RegisteredTask | null;
  dailyAt: string;
}

/** The steps of `task enable`: each planned (dry run), done, or unchanged when it is right already. */
function plannedSteps(request: EnableRequest, facts: EnableFacts): TaskStep[] {
  const { exeCommand, installedSha256, sourceSha256, existing, differences, builtin, dailyAt } = facts;
  const taskIsRight = existing !== null && differences.length === 0 && existing.enabled;
  const todo = (needed: boolean): StepStatus => (!needed ? "unchanged" : request.dryRun ? "planned" : "done");
  const steps: TaskStep[] = [
    {
      step: "exe",
      status: todo(installedSha256 !== sourceSha256),
      action:
        installedSha256 === sourceSha256
          ? `${exeCommand} is this exe already.`
          : installedSha256 === null
            ? `Copy this exe (certrebind ${request.version}) to ${exeCommand}.`
            : `Replace ${exeCommand} with this exe (certrebind ${request.version}).`,
    },
    {
      step: "task",
      status: todo(!taskIsRight),
      action: taskIsRight
        ? `${AUTO_REBIND_TASK_PATH} is registered and enabled as it should be.`
        : !existing
          ? `Register the task ${AUTO_REBIND_TASK_PATH}: event 1001 rebinds the renewed certificate's bindings, event 1006 and a daily run at ${dailyAt} scan for successors.`
          : `Register the task ${AUTO_REBIND_TASK_PATH} again: ${[...(existing.enabled ? [] : ["it is disabled"]), ...differences].join("; ")}.`,
    },
  ];
  if (request.replaceBuiltin) {
    steps.push(
      !builtin
        ? { step: "builtin", status: "absent", action: `IIS's own task ${IIS_REBIND_TASK_PATH} is not registered.` }
        : !builtin.enabled
          ? { step: "builtin", status: "unchanged", action: `IIS's own task ${IIS_REBIND_TASK_PATH} is disabled already.` }
          : { step: "builtin", status: todo(true), action: `Disable IIS's own task ${IIS_REBIND_TASK_PATH}, so that only one task rebinds on event 1001.` },
    );
  }
  return steps;
}

function outcome(
  action: "enable" | "disable",
  dryRun: boolean,
  steps: TaskStep[],
  xml: string | null,
  audit: string | null,
  status: TaskStatusData,
  errors: EnvelopeError[],
  warnings: string[],
): TaskOutcome {
  return {
    data: { action, dryRun, changed: steps.some((s) => s.status === "done"), steps, xml, audit, ...status },
    exitCode: errors.length > 0 ? ExitCode.Failed : ExitCode.Ok,
    errors,
    warnings,
  };
}

async function writeAudit(host: Host, command: string, context: TaskContext, steps: TaskStep[], warnings: string[]): Promise<string> {
  const record = auditRecord({ runId: newRunId(context.now), command, trigger: "manual", exitCode: ExitCode.Ok }, {
    task: AUTO_REBIND_TASK_PATH,
    exe: host.taskScheduler.programFolder.taskCommand,
    version: context.version,
    steps: steps.filter((s) => s.status === "done").map(({ step, action }) => ({ step, action })),
  });
  const written = await host.state.appendAudit(record);
  if (written.warning) warnings.push(written.warning);
  return written.path;
}
