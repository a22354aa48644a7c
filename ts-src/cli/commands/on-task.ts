import { usageError } from "../../core/errors.js";
import type { ChangeView } from "../../core/rebind/plan.js";
import { normalizeThumbprint } from "../../core/thumbprint.js";
import type { RebindOutcome } from "../../providers/rebind/run-rebind.js";
import { endsAsTaskWritesIt, substitutedValue } from "../../task/task-arguments.js";
import type { CommandModule } from "../command.js";
import { KEEP_BACKUPS_OPTION, parseKeepBackups } from "./keep-backups.js";
import { RESTART_SERVICES_OPTION } from "./restart-services.js";

interface OnTaskArgs {
  old?: string;
  new?: string;
  days: number;
  dryRun: boolean;
  wait: number;
  keepBackups: number;
  restartServices: boolean;
}

/**
 * What the scheduled task `\CertRebind\AutoRebind` runs, for all of its triggers (one action serves them all):
 * `on-task --old "$(OldCertHash)" --new "$(NewCertHash)"`. Event 1001 fills in both thumbprints: the pair is
 * rebound as `rebind --old --new --trigger event` would. The 1006 and daily triggers fill in nothing (the
 * arguments arrive empty or as the literal `$(OldCertHash)`): the successor scan runs, as `rebind --auto --trigger
 * auto` would. Its exit code is the task's last result.
 */
export const onTaskCommand: CommandModule<OnTaskArgs> = {
  name: "on-task",
  command: "on-task",
  describe: "What the scheduled task runs: rebind the pair of event 1001 when given one, else scan for successors",
  // No --help, -h, --version nor completion here: an event value that is one would print instead and end the task's run
  // with 0, doing nothing.
  help: false,
  builder: (yargs) =>
    yargs
      .option("old", { type: "string", describe: "$(OldCertHash) of event 1001: the renewed certificate (empty or unsubstituted: none)" })
      .option("new", { type: "string", describe: "$(NewCertHash) of event 1001: its renewal (empty or unsubstituted: none)" })
      .option("days", { type: "number", default: 30, requiresArg: true, describe: "For the scan: a certificate expiring within this many days needs a successor" })
      .option("dry-run", { type: "boolean", default: false, describe: "Validate and plan only; change nothing" })
      .option("wait", { type: "number", default: 60, requiresArg: true, describe: "Seconds to wait for another run's lock" })
      .option("restart-services", RESTART_SERVICES_OPTION)
      .option("keep-backups", KEEP_BACKUPS_OPTION),
  changesHost: (args) => !args.dryRun,
  async run(args, context) {
    if (!Number.isFinite(args.wait) || args.wait < 0 || args.wait > 3600) throw usageError(`--wait ${args.wait}: give a number of seconds from 0 to 3600.`);
    if (!Number.isInteger(args.days) || args.days < 0 || args.days > 3650) throw usageError(`--days ${args.days}: give a whole number of days from 0 to 3650.`);
    const old = substitutedValue(args.old);
    const next = substitutedValue(args.new);
    if ((old !== null || next !== null) && !endsAsTaskWritesIt(context.argv, args.old, args.new)) {
      throw usageError(
        "on-task takes the values of an event only as the task passes them: --old VALUE --new VALUE, each once, at the end " +
          "of the command line. These are not (a value with a quote in it adds arguments of its own); nothing was done.",
      );
    }
    const options = { dryRun: args.dryRun, force: false, waitMs: args.wait * 1000, now: context.now, keepBackups: parseKeepBackups(args.keepBackups), restartServices: args.restartServices };
    const received = { old: args.old ?? null, new: args.new ?? null };
    let mode: "event" | "auto";
    let result: RebindOutcome;
    const warnings: string[] = [];
    if (old !== null && next !== null) {
      mode = "event";
      const pair = { old: normalizeThumbprint(old, "old thumbprint"), new: normalizeThumbprint(next, "new thumbprint") };
      const { runRebind } = await import("../../providers/rebind/run-rebind.js");
      result = await runRebind(await context.openHost(), { ...options, ...pair, trigger: "event" });
    } else {
      mode = "auto";
      if (old !== null || next !== null) {
        // A lone value is an event's too: it must be a thumbprint, though the scan does not use it.
        const lone = normalizeThumbprint((old ?? next)!, `${old !== null ? "old" : "new"} thumbprint`);
        warnings.push(`The task passed only the ${old !== null ? "old" : "new"} thumbprint (${lone}); without a pair, the successor scan runs instead.`);
      }
      const { runAutoRebind } = await import("../../providers/rebind/run-auto-rebind.js");
      result = await runAutoRebind(await context.openHost(), { ...options, days: args.days, trigger: "auto" });
    }
    const data = { mode, received, rebind: result.data };
    return {
      data,
      exitCode: result.exitCode,
      errors: result.errors,
      warnings: [...warnings, ...result.warnings],
      text: () => renderOnTask(mode, result),
    };
  },
};

function renderOnTask(mode: "event" | "auto", result: RebindOutcome): string {
  const changes = result.data.changes as ChangeView[];
  const lines = [`on-task (${mode === "event" ? "event 1001: the renewed pair" : "successor scan"})${result.data.dryRun ? ", dry run" : ""}:`];
  for (const c of changes) lines.push(`  ${c.status} ${c.kind} ${c.endpoint} ${c.from} -> ${c.to}${c.code ? ` (${c.code})` : ""}`);
  if (changes.length === 0) lines.push("  nothing to do");
  return `${lines.join("\n")}\n`;
}
