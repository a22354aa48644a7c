/*
 * What `task status` reports: the scheduled task `\CertRebind\AutoRebind`, the exe it runs, IIS's own task and the
 * lifecycle channel, read through the TaskScheduler port (with its ProgramFolder) and the EventLog port; and the
 * warnings that state calls for.
 */
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

export interface TaskContext {
  /** The version of this certrebind. */
  version: string;
  /** The exe running now (or given with --exe-path); null when running from source. */
  runningExe: string | null;
  now: Date;
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

const NOT_REGISTERED = `${AUTO_REBIND_TASK_PATH} is not registered`;

export async function readStatus(host: Host, context: TaskContext): Promise<{ status: TaskStatusData; warnings: StatusWarning[] }> {
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

export type StatusWarning = { about: "task" | "exe" | "builtin" | "lastRun" | "channel"; text: string };

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
export function readDefinition(task: RegisteredTask): TaskDefinition {
  try {
    return readTaskDefinition(task.xml);
  } catch (error) {
    throw new CertRebindError("CR2003", `The registered task ${task.path} is not a task definition this tool can read: ${(error as Error).message}`, ExitCode.BadInput, task.path);
  }
}

function meaning(result: number): string {
  return RESULT_MEANINGS.get(result) ?? `code 0x${(result >>> 0).toString(16)}`;
}
