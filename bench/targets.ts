/**
 * The targets of the bench's ratios (issues 6, 16 and 17; bench/README.md, "Method") and quick mode's limits, one rule
 * per kind of row. A row is matched by its command and what it is compared with. The target is printed beside each
 * row, so that the table says which are met; quick mode (CI) fails only past the limit, well above the target, so that
 * a busy machine does not fail CI. The floors, the PowerShell floor and the lean reader against the floor have no
 * rule: they are what the others are measured by.
 */
import type { Measure } from "./measure.js";

/** What a row measures; bench/missed-targets.ts explains a missed row by its kind. */
export type RowKind =
  | "start-up"
  | "site command"
  | "events"
  | "exe against the lean reader"
  | "peak memory"
  | "sites linearity"
  | "events linearity"
  | "events peak growth"
  | "against PowerShell"
  | "cmdlet";

interface RowRule {
  kind: RowKind;
  command: RegExp;
  baseline: RegExp;
  /** null: no target, a limit against gross regressions only. */
  target: number | null;
  quickLimit: number;
}

const RULES: RowRule[] = [
  { kind: "start-up", command: /^certrebind version$/, baseline: /^node -e 0$/, target: 1.6, quickLimit: 3 },
  { kind: "site command", command: /^certrebind (bindings|rebind)(?!.*, (peak memory|linearity)$)/, baseline: /^floor$/, target: 3, quickLimit: 40 }, // 5.5-14.5x in 2026-12
  { kind: "events", command: /^certrebind events --max 100$/, baseline: /^floor$/, target: 4, quickLimit: 12 },
  { kind: "exe against the lean reader", command: /^certrebind bindings --thumbprint OLD$/, baseline: /^lean reader$/, target: null, quickLimit: 8 }, // 1.5-2.3x in 2026-12
  { kind: "peak memory", command: /, peak memory$/, baseline: /input/, target: 1, quickLimit: 4 }, // 1.9-2.4 at 10,000 sites in 2026-12
  { kind: "sites linearity", command: /^certrebind (bindings|rebind).*, linearity$/, baseline: /sites/, target: 5.2, quickLimit: 10 }, // x5 input
  { kind: "events linearity", command: /^certrebind events.*, linearity$/, baseline: /events/, target: 10.4, quickLimit: 20 }, // x10 input
  { kind: "events peak growth", command: /^certrebind events, peak memory growth$/, baseline: /events/, target: 1.3, quickLimit: 2 }, // flat
  // 10 times as fast as the PowerShell an admin would write (issue 6).
  { kind: "against PowerShell", command: /^certrebind (bindings|events --max 100)$/, baseline: /^\((b|c)\)$/, target: 0.1, quickLimit: 1 },
  // The module's cmdlets against the exe on the same input.
  { kind: "cmdlet", command: /^(Get-CertBinding|Invoke-CertRebind -WhatIf|Invoke-CertRebind \(applied\)|Get-CertLifecycleEvent -MaxEvents 100)$/, baseline: /^exe, same runs \(CPU/, target: 2, quickLimit: 8 },
];

function ruleOf(row: Measure): RowRule | undefined {
  if (row.ratio === undefined) return undefined;
  return RULES.find((r) => r.command.test(row.command) && r.baseline.test(row.baseline ?? ""));
}

/** `≤ 3: met` or `≤ 3: MISSED` for a row with a target, else "". */
export function targetOf(row: Measure): string {
  const target = ruleOf(row)?.target;
  if (target === undefined || target === null) return "";
  return `≤ ${target}: ${row.ratio! > target ? "MISSED" : "met"}`;
}

/** The kind of a row that has a target and is over it, else null. */
export function missedKindOf(row: Measure): RowKind | null {
  const rule = ruleOf(row);
  return rule !== undefined && rule.target !== null && row.ratio! > rule.target ? rule.kind : null;
}

/** Quick mode's check: the rows that have a limit, and those past it. */
export function quickCheck(rows: Measure[]): { checked: Measure[]; failed: Measure[] } {
  const checked: Measure[] = [];
  const failed: Measure[] = [];
  for (const row of rows) {
    const rule = ruleOf(row);
    if (rule === undefined) continue;
    checked.push(row);
    if (row.ratio! > rule.quickLimit) failed.push(row);
  }
  return { checked, failed };
}
