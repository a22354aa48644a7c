/**
 * The targets of the bench's ratios (issues 16 and 17; bench/README.md, "Method"), printed beside each row so that the
 * table says which are met. A row is matched by its command and what it is compared with, as QUICK_LIMITS in run.ts
 * matches it; rows without a target (the floors, the lean reader, the PowerShell floor) explain the others.
 */
import type { Measure } from "./measure.js";

const TARGETS: { command: RegExp; baseline: RegExp; max: number }[] = [
  { command: /^certrebind version$/, baseline: /^node -e 0$/, max: 1.6 },
  { command: /^certrebind (bindings|rebind)[^,]*$/, baseline: /^floor$/, max: 3 },
  { command: /^certrebind events --max 100$/, baseline: /^floor$/, max: 4 },
  { command: /, peak memory$/, baseline: /input/, max: 1 },
  { command: /^certrebind (bindings|rebind).*, linearity$/, baseline: /sites/, max: 5.2 },
  { command: /^certrebind events.*, linearity$/, baseline: /events/, max: 10.4 },
  { command: /^certrebind events, peak memory growth$/, baseline: /events/, max: 1.3 },
  // 10 times as fast as the PowerShell an admin would write (issue 6).
  { command: /^certrebind (bindings|events --max 100)$/, baseline: /^\((b|c)\)$/, max: 0.1 },
  { command: /^(Get-CertBinding|Invoke-CertRebind -WhatIf|Invoke-CertRebind \(applied\)|Get-CertLifecycleEvent -MaxEvents 100)$/, baseline: /^exe, same runs \(CPU/, max: 2 },
];

/** `≤ 3: met` or `≤ 3: MISSED` for a row with a target, else "". */
export function targetOf(row: Measure): string {
  if (row.ratio === undefined) return "";
  const target = TARGETS.find((t) => t.command.test(row.command) && t.baseline.test(row.baseline ?? ""));
  if (!target) return "";
  return `≤ ${target.max}: ${row.ratio <= target.max ? "met" : "MISSED"}`;
}
