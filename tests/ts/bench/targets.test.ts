import assert from "node:assert/strict";
import { test } from "node:test";
import type { Measure } from "../../../bench/measure.js";
import { quickCheck, targetOf } from "../../../bench/targets.js";

const row = (command: string, baseline: string | undefined, ratio: number | undefined): Measure => ({ command, size: "10,000 sites", medianMs: 1, peakMb: 1, baseline, ratio });

test("targetOf: a site command against its floor is held to 3x, met up to and at the target", () => {
  assert.equal(targetOf(row("certrebind bindings --thumbprint OLD", "floor", 3)), "≤ 3: met");
  assert.equal(targetOf(row("certrebind rebind --dry-run", "floor", 3.01)), "≤ 3: MISSED");
  assert.equal(targetOf(row("certrebind rebind (applied, 30 % of the sites)", "floor", 5.6)), "≤ 3: MISSED");
});

test("targetOf: each kind of row gets its own target", () => {
  assert.equal(targetOf(row("certrebind version", "node -e 0", 1.61)), "≤ 1.6: MISSED");
  assert.equal(targetOf(row("certrebind events --max 100", "floor", 3.9)), "≤ 4: met");
  assert.equal(targetOf(row("certrebind rebind (applied, 30 % of the sites), peak memory", "2 x 8 MB input + 60 MB", 1.65)), "≤ 1: MISSED");
  assert.equal(targetOf(row("certrebind bindings --thumbprint OLD, linearity", "10,000 sites (x5 input)", 3.07)), "≤ 5.2: met");
  assert.equal(targetOf(row("certrebind events --max 100, linearity", "100,000 events (x10 input)", 10.5)), "≤ 10.4: MISSED");
  assert.equal(targetOf(row("certrebind bindings", "(b)", 0.14)), "≤ 0.1: MISSED");
  assert.equal(targetOf(row("certrebind events --max 100", "(c)", 0.05)), "≤ 0.1: met");
  assert.equal(targetOf(row("Get-CertBinding", "exe, same runs (CPU 1.73x)", 1.63)), "≤ 2: met");
  assert.equal(targetOf(row("Invoke-CertRebind (applied)", "exe, same runs (CPU 1.40x)", 2.2)), "≤ 2: MISSED");
});

test("targetOf: the rows that explain the others, and rows without a ratio, have no target", () => {
  assert.equal(targetOf(row("lean reader: bindings --thumbprint OLD", "floor", 2.92)), "");
  assert.equal(targetOf(row("certrebind bindings --thumbprint OLD", "lean reader", 2.02)), "");
  assert.equal(targetOf(row("PowerShell floor: certrebind bindings read by one function", "exe, same runs", 1.15)), "");
  assert.equal(targetOf(row("Get-CertBinding", "PowerShell floor, same runs", 1.37)), "");
  assert.equal(targetOf(row("floor: bindings --thumbprint OLD", undefined, undefined)), "");
});

test("quickCheck: only a ratio past its quick limit fails, however far past its target; rows without a rule are not checked", () => {
  const rows = [
    row("certrebind bindings --thumbprint OLD", "floor", 39.9),
    row("certrebind rebind --dry-run", "floor", 40.1),
    row("certrebind bindings --thumbprint OLD", "lean reader", 8.5),
    row("Get-CertBinding", "PowerShell floor, same runs", 50),
    row("floor: bindings --thumbprint OLD", undefined, undefined),
  ];
  const { checked, failed } = quickCheck(rows);
  assert.deepEqual(
    checked.map((r) => r.ratio),
    [39.9, 40.1, 8.5],
  );
  assert.deepEqual(
    failed.map((r) => `${r.command} vs ${r.baseline}`),
    ["certrebind rebind --dry-run vs floor", "certrebind bindings --thumbprint OLD vs lean reader"],
  );
});
