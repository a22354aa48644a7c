/**
 * Why a target the bench missed is missed, in the numbers of the same run: printed under the table, a line per missed
 * row (issue 17: "every target met or explained with numbers"). Each explanation sets the row beside the row that
 * bounds it: a site command beside the lean reader (the least a reader that checks what it reads does), a peak beside
 * what `certrebind version` alone takes, a cmdlet beside the PowerShell floor. A missed row no rule explains says so.
 */
import type { Measure } from "./measure.js";
import { missedKindOf, type RowKind } from "./targets.js";

type Explain = (row: Measure, rows: Measure[]) => string | null;

const x = (ratio: number): string => `${ratio.toFixed(2)}x`;
const s = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
const mb = (value: number): string => `${value.toFixed(0)} MB`;

const find = (rows: Measure[], command: string, size: string, baseline?: string): Measure | undefined =>
  rows.find((r) => r.command === command && r.size === size && (baseline === undefined || r.baseline === baseline));

const isRebind = (row: Measure): boolean => row.command.startsWith("certrebind rebind");
const leanAgainstFloor = (rows: Measure[], size: string) => find(rows, "lean reader: bindings --thumbprint OLD", size, "floor");
const exeAgainstLean = (rows: Measure[], size: string) => find(rows, "certrebind bindings --thumbprint OLD", size, "lean reader");

/** A site command against its floor: the lean reader's distance from the floor, and the exe's from the lean reader. */
const siteCommand: Explain = (row, rows) => {
  const lean = leanAgainstFloor(rows, row.size);
  const exe = exeAgainstLean(rows, row.size);
  if (!lean || !exe) return null;
  const beyond = isRebind(row) ? "; a rebind also plans each record it moves, and an applied one writes and reads back" : "";
  return (
    `the lean reader, the least a reader that checks what it reads does for bindings, took ${x(lean.ratio!)} the floor` +
    `${lean.ratio! > 3 ? ", itself over 3x" : ""}, and the exe's bindings ${x(exe.ratio!)} the lean reader (the record rules, ` +
    `the model, the command line, their garbage)${beyond}: bench/README.md, "The lean reader"`
  );
};

/** A peak against 2 x input + 60 MB: what the process takes before it reads, and what the lean reader peaked at. */
const peakMemory: Explain = (row, rows) => {
  const target = row.peakMb / row.ratio!;
  const version = find(rows, "certrebind version", "", "node -e 0");
  const lean = leanAgainstFloor(rows, row.size);
  const parts = [`the target is ${mb(target)}`];
  if (version) parts.push(`certrebind version alone peaked at ${mb(version.peakMb)} (Node and the start-up snapshot) of the 60 MB it leaves beside the input`);
  if (lean && !row.command.includes("events")) parts.push(`the lean reader peaked at ${mb(lean.peakMb)} (${x(lean.peakMb / target)} the target)`);
  if (isRebind(row) && row.command.includes("applied")) parts.push("an applied rebind also holds the new text of each file it writes, and reads it back");
  return parts.length > 1 ? parts.join("; ") : null;
};

/** Start-up against `node -e 0`: the milliseconds beyond Node's own. */
const startUp: Explain = (row, rows) => {
  const node = rows.find((r) => r.command.startsWith("node -e 0"));
  if (!node) return null;
  return (
    `${s(row.medianMs)} against ${s(node.medianMs)}: the ${(row.medianMs - node.medianMs).toFixed(0)} ms beyond Node's are the exe's ` +
    `own start, from its start-up snapshot of the bundle and yargs (bench/README.md, "version", with the spread of earlier runs)`
  );
};

/** `events --max 100` against its floor: the other size's ratio, and what the exe reads that the floor does not. */
const events: Explain = (row, rows) => {
  const other = rows.find((r) => r.command === row.command && r.baseline === "floor" && r.size !== row.size);
  const otherSize = other ? `; at ${other.size} it took ${x(other.ratio!)}` : "";
  return (
    `${s(row.medianMs)}: the exe decodes the log's bytes to text and matches every event with the markups read before ` +
    `it (or summarises it), where the floor scans the bytes with indexOf (bench/README.md, "events --max N")${otherSize}`
  );
};

/** The events' peak growing with the log: by how many MB, beside the peak's memory target at the larger size. */
const eventsPeakGrowth: Explain = (row, rows) => {
  const smaller = row.peakMb / row.ratio!;
  const peak = find(rows, "certrebind events --max 100, peak memory", row.size);
  if (!peak) return null;
  return `the peak went from ${mb(smaller)} to ${mb(row.peakMb)}, ${mb(row.peakMb - smaller)} more, and is ${x(peak.ratio!)} its memory target (2 x input + 60 MB) at this size`;
};

/**
 * A cmdlet against the exe: the PowerShell floor's time beyond its exe, which every cmdlet pays, beside the cmdlet's.
 * The floor runs beside `Get-CertBinding` only; at another size (the events) the floor of the sites' size is taken.
 */
const cmdlet: Explain = (row, rows) => {
  const floors = rows.filter((r) => r.command.startsWith("PowerShell floor: "));
  const floor = floors.find((r) => r.size === row.size) ?? floors[floors.length - 1];
  if (!floor) return null;
  const beyond = (r: Measure) => s(r.medianMs - r.medianMs / r.ratio!);
  return (
    `the PowerShell floor (one advanced function that starts the exe and reads its output) took ${x(floor.ratio!)} the ` +
    `exe${floor.size === row.size ? " at this size" : ` at ${floor.size}`}, ${beyond(floor)} beyond it, against ${beyond(row)} for ` +
    `this cmdlet: a new PowerShell process's fixed cost, which every cmdlet pays (bench/README.md, "The module against the exe")`
  );
};

/** The exe against the PowerShell an admin would write: what 10 times as fast asks, beside the lean reader. */
const againstPowerShell: Explain = (row, rows) => {
  const script = row.medianMs / row.ratio!;
  const lean = leanAgainstFloor(rows, row.size);
  if (!row.command.startsWith("certrebind bindings") || !lean) return null;
  return `10 times as fast is ${s(script / 10)}; the lean reader alone took ${s(lean.medianMs)}, the exe ${s(row.medianMs)}`;
};

/** The kinds of row (bench/targets.ts) a missed target of which is explained, and how. */
const EXPLAINERS: Partial<Record<RowKind, Explain>> = {
  "site command": siteCommand,
  "peak memory": peakMemory,
  "start-up": startUp,
  events,
  "events peak growth": eventsPeakGrowth,
  cmdlet,
  "against PowerShell": againstPowerShell,
};

/** A line for each row that missed its target: the row, its ratio and why, or that no rule explains it. */
export function missedTargetLines(rows: Measure[]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    const kind = missedKindOf(row);
    if (kind === null) continue;
    const why = EXPLAINERS[kind]?.(row, rows) ?? "not explained by this run's rows";
    lines.push(`- ${row.command} (${row.size || "start-up"}): ${x(row.ratio!)} its ${row.baseline}; ${why}.`);
  }
  return lines;
}
