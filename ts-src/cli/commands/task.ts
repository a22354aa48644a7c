import { usageError } from "../../core/errors.js";
import type { TaskData } from "../../providers/task/run-task.js";
import { DEFAULT_DAILY_AT, parseDailyAt } from "../../task/auto-rebind-task.js";
import type { CommandModule } from "../command.js";
import { VERSION } from "../version.js";

const ACTIONS = ["enable", "disable", "status"] as const;

interface TaskArgs {
  action: (typeof ACTIONS)[number];
  dailyAt?: string;
  replaceBuiltin: boolean;
  dryRun: boolean;
  exePath?: string;
}

export const taskCommand: CommandModule<TaskArgs> = {
  name: "task",
  command: "task <action>",
  describe: "Enable, disable or show the scheduled task that rebinds on renewal (event 1001) and scans for successors (event 1006, daily)",
  builder: (yargs) =>
    yargs
      .positional("action", { type: "string", choices: ACTIONS, describe: "enable: install the exe and register the task; disable: delete the task; status: show both" })
      .option("daily-at", { type: "string", requiresArg: true, describe: `enable: time of the daily successor scan, HH:MM (default: the registered task's, else ${DEFAULT_DAILY_AT})` })
      .option("replace-builtin", { type: "boolean", default: false, describe: "enable: disable IIS's own task IIS-AutoCertRebind" })
      .option("dry-run", { type: "boolean", default: false, describe: "enable, disable: show what would be done (enable: and the task XML); change nothing" })
      .option("exe-path", { type: "string", requiresArg: true, describe: "The certrebind exe to install and compare with (default: this exe)" }),
  changesHost: (args) => args.action !== "status" && !args.dryRun,
  async run(args, context) {
    if (args.action !== "enable" && (args.dailyAt !== undefined || args.replaceBuiltin)) {
      throw usageError(`--daily-at and --replace-builtin belong to task enable, not task ${args.action}.`);
    }
    if (args.action === "status" && args.dryRun) throw usageError("task status changes nothing: leave out --dry-run.");
    const dailyAt = args.dailyAt === undefined ? null : parseDailyAt(args.dailyAt);
    const { runningExe } = await import("../running-exe.js");
    const exe = await runningExe(args.exePath);
    const host = await context.openHost();
    const base = { version: VERSION, runningExe: exe, now: context.now };
    const { disableTask, enableTask, taskStatus } = await import("../../providers/task/run-task.js");
    const result =
      args.action === "enable"
        ? await enableTask(host, { ...base, dailyAt, replaceBuiltin: args.replaceBuiltin, dryRun: args.dryRun })
        : args.action === "disable"
          ? await disableTask(host, { ...base, dryRun: args.dryRun })
          : await taskStatus(host, base);
    return { ...result, text: () => renderTask(result.data) };
  },
};

function renderTask(data: TaskData): string {
  const lines: string[] = [];
  if (data.action === "enable" && data.dryRun) {
    // The XML first, so that it can be saved as it is; a comment after the root element keeps it well-formed.
    const plan = data.steps.map((s) => `  ${s.status}: ${s.action.replace(/--/g, "- -")}`).join("\r\n");
    return `${data.xml}<!-- certrebind task enable, dry run: nothing was changed. Save the XML as UTF-16 to register it by hand.\r\n${plan}\r\n-->\r\n`;
  }
  for (const step of data.steps) lines.push(`${data.dryRun ? "would " : ""}${step.status}: ${step.action}`);
  if (lines.length) lines.push("");
  const { task, exe, lifecycleChannel, builtinTask } = data;
  if (!task.exists) {
    lines.push(`Task ${task.path}: not registered`);
  } else {
    const lastRun = task.lastRunTime ? `last run ${task.lastRunTime}, result ${task.lastResult} (${task.lastResultMeaning})` : "has not run yet";
    lines.push(`Task ${task.path}: ${task.enabled ? "enabled" : "DISABLED"}, daily scan at ${task.dailyAt ?? "(none)"}, ${lastRun}${task.current ? "" : ", OUTDATED"}`);
    lines.push(`  runs ${task.command ?? "(no program)"} ${task.arguments ?? ""}`.trimEnd());
  }
  const same = exe.sameAsRunning === null ? "" : exe.sameAsRunning ? ", the same as this exe" : ", NOT the same as this exe";
  lines.push(`Exe ${exe.path}: ${exe.exists ? `present${exe.version ? ` (certrebind ${exe.version})` : ""}${same}` : "not installed"}`);
  const channel = lifecycleChannel.enabled === null ? "unknown" : lifecycleChannel.enabled ? "enabled" : lifecycleChannel.exists === false ? "MISSING" : "DISABLED";
  lines.push(`Lifecycle channel ${lifecycleChannel.name}: ${channel}`);
  lines.push(`IIS's own task ${builtinTask.path}: ${builtinTask.exists ? (builtinTask.enabled ? "enabled" : "disabled") : "not registered"}`);
  return `${lines.join("\n")}\n`;
}
