import type { ChangeView } from "../../core/rebind/plan.js";
import { usageError } from "../../core/errors.js";
import { normalizeThumbprint } from "../../core/thumbprint.js";
import type { RebindData, RebindOutcome } from "../../providers/rebind/run-rebind.js";
import type { CommandModule } from "../command.js";
import { KEEP_BACKUPS_OPTION, parseKeepBackups } from "./keep-backups.js";
import { KEPT_ONCE_OPTION, keptOnce } from "./kept-once.js";
import { RESTART_SERVICES_OPTION } from "./restart-services.js";
import { readConfirmedPlan } from "./read-plan.js";
import { renderTable } from "../text-table.js";

interface RebindArgs {
  old?: string;
  new?: string;
  auto: boolean;
  days: number;
  dryRun: boolean;
  force: boolean;
  allowNameMismatch: boolean;
  wait: number;
  keepBackups: number;
  trigger: string;
  plan?: string;
  restartServices: boolean;
  keptOnce: boolean;
}

const TRIGGERS = ["manual", "event", "auto"];

export const rebindCommand: CommandModule<RebindArgs> = {
  name: "rebind",
  command: "rebind",
  describe: "Move everything bound to the old certificate onto the new one: validated, all or nothing, audited",
  builder: (yargs) =>
    yargs
      .option("old", { type: "string", requiresArg: true, describe: "Thumbprint of the certificate to move away from" })
      .option("new", { type: "string", requiresArg: true, describe: "Thumbprint of the certificate to move to (it must be in a store)" })
      .option("auto", { type: "boolean", default: false, describe: "Find the successor of every bound certificate that is expired, expiring, archived or gone, and move to it" })
      .option("days", { type: "number", default: 30, requiresArg: true, describe: "With --auto: a certificate expiring within this many days needs a successor" })
      .option("dry-run", { type: "boolean", default: false, describe: "Validate and plan only; change nothing" })
      .option("allow-name-mismatch", { type: "boolean", default: false, describe: "Rebind even where the new certificate does not cover a host name" })
      .option("force", { type: "boolean", default: false, describe: "The same as --allow-name-mismatch (kept for existing scripts)" })
      .option("wait", { type: "number", default: 60, requiresArg: true, describe: "Seconds to wait for another run's lock" })
      .option("trigger", { type: "string", default: "manual", requiresArg: true, describe: `What started the run, for the audit record: ${TRIGGERS.join(", ")}` })
      .option("plan", { type: "string", requiresArg: true, describe: "Apply only the changes of this confirmed plan: a JSON file, or - for standard input (the data of a dry run)" })
      .option("restart-services", RESTART_SERVICES_OPTION)
      .option("keep-backups", KEEP_BACKUPS_OPTION)
      .option("kept-once", KEPT_ONCE_OPTION),
  changesHost: (args) => !args.dryRun,
  async run(args, context) {
    if (!Number.isFinite(args.wait) || args.wait < 0 || args.wait > 3600) throw usageError(`--wait ${args.wait}: give a number of seconds from 0 to 3600.`);
    if (!TRIGGERS.includes(args.trigger)) throw usageError(`--trigger ${args.trigger}: use one of ${TRIGGERS.join(", ")}.`);
    const confirmed = args.plan === undefined ? undefined : await readConfirmedPlan(args.plan, context);
    const options = {
      dryRun: args.dryRun,
      force: args.allowNameMismatch || args.force,
      waitMs: args.wait * 1000,
      trigger: args.trigger,
      now: context.now,
      keepBackups: parseKeepBackups(args.keepBackups),
      restartServices: args.restartServices,
      ...(confirmed ? { confirmed } : {}),
    };
    let result: RebindOutcome;
    if (args.auto) {
      if (args.old !== undefined || args.new !== undefined) throw usageError("rebind --auto finds the pairs itself: leave out --old and --new.");
      if (!Number.isInteger(args.days) || args.days < 0 || args.days > 3650) throw usageError(`--days ${args.days}: give a whole number of days from 0 to 3650.`);
      const { runAutoRebind } = await import("../../providers/rebind/run-auto-rebind.js");
      result = await runAutoRebind(await context.openHost(), { ...options, days: args.days });
    } else {
      if (args.old === undefined || args.new === undefined) throw usageError("rebind needs --old and --new (each a certificate thumbprint), or --auto.");
      const old = normalizeThumbprint(args.old, "old thumbprint");
      const next = normalizeThumbprint(args.new, "new thumbprint");
      const { runRebind } = await import("../../providers/rebind/run-rebind.js");
      result = await runRebind(await context.openHost(), { ...options, old, new: next });
    }
    return { ...result, ...(args.keptOnce ? { data: keptOnce(result.data) } : {}), text: () => renderRebind(result.data) };
  },
};

/** `key read: grant NT Service\\MSSQLSERVER; restart MSSQLSERVER`: what the change needs that is not its own write. */
function needsOf(change: ChangeView): string {
  const keys = (change.keyAccess ?? []).filter((k) => k.status !== "has").map((k) => `key read: ${k.status} ${k.account}`);
  const restart = change.restartRequired ? [`restart ${change.service ?? "its service"}`] : [];
  return [...keys, ...restart].join("; ");
}

function renderRebind(data: RebindData): string {
  const rows = data.changes.map((c: ChangeView) => [c.status, c.kind, c.endpoint, c.sites.join(", "), c.to, c.code ?? ""]);
  const pair = data["old"] as { thumbprint: string } | null;
  const next = data["new"] as { thumbprint: string } | null;
  const head = `${data.dryRun ? "Dry run: " : ""}${pair && next ? `${pair.thumbprint} -> ${next.thumbprint}` : `successor scan (${data["days"]} days)`}`;
  const successors = (data["successors"] as { thumbprint: string; reason: string }[] | undefined) ?? [];
  const scan = successors.map((s) => `\n${s.thumbprint}: ${s.reason}`).join("");
  if (rows.length === 0) {
    const nothing = pair && next ? `Nothing is bound to ${pair.thumbprint} or ${next.thumbprint}.` : successors.length ? "Nothing to move." : "No bound certificate needs a successor.";
    return `${head}${scan}\n${nothing}\n`;
  }
  // What a change needs besides its write (a key grant, a restart), as a column only when one needs something.
  const needs = data.changes.map(needsOf);
  const table = needs.some((n) => n !== "")
    ? renderTable(["Status", "Kind", "Endpoint", "Sites", "To", "Code", "Needs"], rows.map((row, i) => [...row, needs[i]!]))
    : renderTable(["Status", "Kind", "Endpoint", "Sites", "To", "Code"], rows);
  let text = `${head}${scan}\n${table}\n`;
  for (const c of data.changes) {
    if (c.reason && c.status !== "unchanged") text += `\n${c.endpoint}: ${c.reason}`;
    for (const note of c.notes) text += `\n${c.endpoint}: ${note}`;
  }
  for (const i of data.informational) text += `\n${i.kind} ${i.endpoint} (${i.sites.join(", ")}): ${i.reason}`;
  const summary = data.dryRun
    ? `${data.changes.filter((c) => c.status === "planned").length} change(s) planned; nothing was changed.`
    : data.changed > 0
      ? `${data.changed} change(s) applied.`
      : "Nothing was changed.";
  return `${text}\n${summary}\n`;
}
