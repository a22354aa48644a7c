/*
 * `task enable | disable | status`: the scheduled task `\CertRebind\AutoRebind` and the exe it runs, through the
 * TaskScheduler port (with its ProgramFolder) and the EventLog port (is the lifecycle channel on).
 */
import type { EnvelopeError } from "../../core/errors.js";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import { withRemedy } from "../../core/remedy.js";
import type { Host, RegisteredTask } from "../../platform/ports.js";
import {
  AUTO_REBIND_TASK_PATH,
  autoRebindTaskXml,
  DEFAULT_DAILY_AT,
  IIS_REBIND_TASK_PATH,
  LIFECYCLE_SYSTEM_CHANNEL,
} from "../../task/auto-rebind-task.js";
import { dailyTime, definitionDifferences, readTaskDefinition, type TaskDefinition } from "../../task/task-definition.js";
import { newRunId } from "../../platform/audit-identity.js";
import { auditRecord } from "../../platform/audit-record.js";

export type StepStatus = "planned" | "done" | "unchanged" | "absent" | "kept";

export interface TaskStep {
  step: "exe" | "task" | "builtin";
  status: StepStatus;
  /** A sentence: what is (or would be) done, or why nothing is. */
  action: string;
}

export interface TaskStatusData {
  task: {
    path: string;
    exists: boolean;
    enabled: boolean | null;
    lastRunTime: string | null;
    lastResult: number | null;
    lastResultMeaning: string | null;
    /** The registered task does what this version of certrebind would register (its daily time aside); null when there is none. */
    current: boolean | null;
    differences: string[];
    dailyAt: string | null;
    command: string | null;
    arguments: string | null;
    version: string | null;
  };
  exe: {
    path: string;
    file: string;
    exists: boolean;
    sha256: string | null;
    /** The version of certrebind that installed it: the running version when the file is the running exe, else the task's. */
    version: string | null;
    sameAsRunning: boolean | null;
  };
  lifecycleChannel: { name: string; exists: boolean | null; enabled: boolean | null };
  builtinTask: { path: string; exists: boolean; enabled: boolean | null };
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

export interface TaskContext {
  /** The version of this certrebind. */
  version: string;
  /** The exe running now (or given with --exe-path); null when running from source. */
  runningExe: string | null;
  now: Date;
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

const RESULT_MEANINGS: ReadonlyMap<number, string> = new Map([
  [0, "done, or nothing to do"],
  [1, "failed (what had been applied was rolled back)"],
  [2, "bad input or usage"],
  [3, "partly done: some targets were refused"],
  [4, "environment: a tool or channel missing, not elevated, a lock held"],
  [0x41301, "the task is running"],
  [0x41303, "the task has not run yet"],
  [0x41306, "the task was terminated"],
  [0x8004131f, "an instance of the task was already running"],
]);

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
  const taskIsRight = existing !== null && differences.length === 0 && existing.enabled;
  const todo = (needed: boolean): StepStatus => (!needed ? "unchanged" : request.dryRun ? "planned" : "done");

  const steps: TaskStep[] = [
    {
      step: "exe",
      status: todo(installedSha256 !== sourceSha256),
      action:
        installedSha256 === sourceSha256
          ? `${folder.taskCommand} is this exe already.`
          : installedSha256 === null
            ? `Copy this exe (certrebind ${request.version}) to ${folder.taskCommand}.`
            : `Replace ${folder.taskCommand} with this exe (certrebind ${request.version}).`,
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

const NOT_REGISTERED = `${AUTO_REBIND_TASK_PATH} is not registered`;

async function readStatus(host: Host, context: TaskContext): Promise<{ status: TaskStatusData; warnings: StatusWarning[] }> {
  const scheduler = host.taskScheduler;
  const folder = scheduler.programFolder;
  const [task, builtin, installedSha256, runningSha256, channel] = await Promise.all([
    scheduler.get(AUTO_REBIND_TASK_PATH),
    scheduler.get(IIS_REBIND_TASK_PATH),
    folder.installedSha256(),
    context.runningExe ? folder.sourceSha256(context.runningExe) : Promise.resolve(null),
    host.eventLog.channelState("System").then(
      (state) => ({ ...state, error: null as string | null }),
      (error: unknown) => ({ exists: null, enabled: null, error: error instanceof Error ? error.message : String(error) }),
    ),
  ]);
  const definition = task ? readDefinition(task) : null;
  const registeredDailyAt = definition ? dailyTime(definition) : null;
  const expected = readTaskDefinition(autoRebindTaskXml({ command: folder.taskCommand, version: context.version, dailyAt: registeredDailyAt ?? DEFAULT_DAILY_AT }));
  const differences = definition ? definitionDifferences(definition, expected) : [];
  const exec = definition?.actions.find((a) => a.kind === "exec");
  const sameAsRunning = installedSha256 === null || runningSha256 === null ? null : installedSha256 === runningSha256;
  const status: TaskStatusData = {
    task: {
      path: AUTO_REBIND_TASK_PATH,
      exists: task !== null,
      enabled: task ? task.enabled : null,
      lastRunTime: task?.lastRunTime ?? null,
      lastResult: task?.lastResult ?? null,
      lastResultMeaning: task?.lastResult === null || task?.lastResult === undefined ? null : meaning(task.lastResult),
      current: definition ? differences.length === 0 : null,
      differences,
      dailyAt: registeredDailyAt,
      command: exec?.kind === "exec" ? exec.command : null,
      arguments: exec?.kind === "exec" ? exec.arguments : null,
      version: definition?.version ?? null,
    },
    exe: {
      path: folder.taskCommand,
      file: folder.exeFile,
      exists: installedSha256 !== null,
      sha256: installedSha256,
      version: installedSha256 === null ? null : sameAsRunning ? context.version : (definition?.version ?? null),
      sameAsRunning,
    },
    lifecycleChannel: { name: LIFECYCLE_SYSTEM_CHANNEL, exists: channel.exists, enabled: channel.enabled },
    builtinTask: { path: IIS_REBIND_TASK_PATH, exists: builtin !== null, enabled: builtin ? builtin.enabled : null },
  };
  return { status, warnings: statusWarnings(status, channel.error) };
}

type StatusWarning = { about: "task" | "exe" | "builtin" | "lastRun" | "channel"; text: string };

function statusWarnings(status: TaskStatusData, channelError: string | null): StatusWarning[] {
  const warnings: StatusWarning[] = [];
  const warn = (about: StatusWarning["about"], text: string) => warnings.push({ about, text });
  const { task, exe, lifecycleChannel, builtinTask } = status;
  if (!task.exists) {
    warn("task", withRemedy(`${NOT_REGISTERED}: renewed certificates are not re-bound automatically.`, "enableTask"));
  } else {
    if (task.enabled === false) warn("task", withRemedy(`${task.path} is disabled: renewed certificates are not re-bound automatically.`, "enableTask"));
    if (task.current === false) warn("task", withRemedy(`${task.path} differs from the task this certrebind registers (${task.differences.join("; ")}).`, "updateTask"));
    if (!exe.exists) warn("exe", withRemedy(`${task.path} runs ${exe.path}, which does not exist.`, "enableTask"));
    if (task.lastResult !== null && task.lastResult !== 0) {
      warn("lastRun", `The last run of ${task.path} (${task.lastRunTime ?? "time unknown"}) ended with result ${task.lastResult}: ${task.lastResultMeaning}. See the audit log.`);
    }
    if (builtinTask.enabled) {
      warn("builtin", withRemedy(`IIS's own task ${builtinTask.path} is enabled too: both run on event 1001.`, "enableTaskReplaceBuiltin"));
    }
  }
  if (channelError) {
    warn("channel", `Whether the lifecycle channel ${lifecycleChannel.name} is enabled could not be read: ${channelError}`);
  } else if (lifecycleChannel.exists === false || lifecycleChannel.enabled === false) {
    warn(
      "channel",
      `The lifecycle channel ${lifecycleChannel.name} is ${lifecycleChannel.exists === false ? "missing" : "disabled"}: events 1001 and 1006 are not ` +
        `logged, so only the daily scan runs. Enable it with 'wevtutil sl ${lifecycleChannel.name} /e:true'.`,
    );
  }
  return warnings;
}

function readDefinition(task: RegisteredTask): TaskDefinition {
  try {
    return readTaskDefinition(task.xml);
  } catch (error) {
    throw new CertRebindError("CR2003", `The registered task ${task.path} is not a task definition this tool can read: ${(error as Error).message}`, ExitCode.BadInput, task.path);
  }
}

function meaning(result: number): string {
  return RESULT_MEANINGS.get(result) ?? `code 0x${(result >>> 0).toString(16)}`;
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

