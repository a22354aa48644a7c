import assert from "node:assert/strict";
import { test } from "node:test";
import type { Measure } from "../../../bench/measure.js";
import { missedTargetLines } from "../../../bench/missed-targets.js";

const TEN = "10,000 sites";

/** Rows as one run of bench/run.ts gives them: the figures of the README's run of 2026-12-04, 16:44 UTC. */
const run = (): Measure[] => [
  { command: "node -e 0 (22.23.3)", size: "", medianMs: 42, peakMb: 43 },
  { command: "certrebind version", size: "", medianMs: 68, peakMb: 60, baseline: "node -e 0", ratio: 1.61 },
  { command: "floor: bindings --thumbprint OLD", size: TEN, medianMs: 73, peakMb: 62 },
  { command: "certrebind bindings --thumbprint OLD", size: TEN, medianMs: 416, peakMb: 126, baseline: "floor", ratio: 5.7 },
  { command: "certrebind bindings --thumbprint OLD, peak memory", size: TEN, medianMs: 416, peakMb: 126, baseline: "2 x 8 MB input + 60 MB", ratio: 126 / 76 },
  { command: "lean reader: bindings --thumbprint OLD", size: TEN, medianMs: 213, peakMb: 82, baseline: "floor", ratio: 2.92 },
  { command: "certrebind bindings --thumbprint OLD", size: TEN, medianMs: 430, peakMb: 126, baseline: "lean reader", ratio: 2.02 },
  { command: "certrebind rebind --dry-run", size: TEN, medianMs: 575, peakMb: 126, baseline: "floor", ratio: 7.23 },
  { command: "certrebind bindings --thumbprint OLD, linearity", size: "50,000 sites", medianMs: 1278, peakMb: 269, baseline: "10,000 sites (x5 input)", ratio: 3.07 },
  { command: "certrebind bindings", size: TEN, medianMs: 420, peakMb: 126, baseline: "(b)", ratio: 0.135 },
  { command: "PowerShell floor: certrebind bindings read by one function", size: TEN, medianMs: 700, peakMb: 200, baseline: "exe, same runs", ratio: 1.52 },
  { command: "Get-CertBinding", size: TEN, medianMs: 1000, peakMb: 282, baseline: "exe, same runs (CPU 2.3x)", ratio: 2.2 },
  { command: "certrebind events --max 100", size: "100,000 events", medianMs: 791, peakMb: 105, baseline: "floor", ratio: 4.04 },
  { command: "certrebind events --max 100", size: "1,000,000 events", medianMs: 4248, peakMb: 108, baseline: "floor", ratio: 3.19 },
];

const lineOf = (lines: string[], start: string): string => {
  const found = lines.filter((l) => l.startsWith(`- ${start}`));
  assert.equal(found.length, 1, `one line for ${start}: ${JSON.stringify(lines)}`);
  return found[0]!;
};

test("missedTargetLines: a line for each missed target and none for a met one", () => {
  const lines = missedTargetLines(run());
  assert.equal(lines.length, 7);
  assert.ok(!lines.some((l) => l.includes("linearity")), "linearity 3.07 is met");
  assert.ok(!lines.some((l) => l.includes("(1,000,000 events)")), "3.19x is within 4x");
  assert.ok(!lines.some((l) => l.startsWith("- lean reader")), "the lean reader has no target");
});

test("missedTargetLines: a site command is set beside the lean reader of the same size", () => {
  const lines = missedTargetLines(run());
  const dry = lineOf(lines, "certrebind rebind --dry-run (10,000 sites): 7.23x its floor;");
  assert.match(dry, /lean reader, .* took 2\.92x the floor, and the exe's bindings 2\.02x the lean reader/);
  assert.match(dry, /a rebind also plans/);
  const bindings = lineOf(lines, "certrebind bindings --thumbprint OLD (10,000 sites): 5.70x its floor;");
  assert.doesNotMatch(bindings, /a rebind also plans/);
  assert.doesNotMatch(bindings, /itself over 3x/);
});

test("missedTargetLines: the lean reader over 3x is said to be over the target itself", () => {
  const rows = run().map((r) => (r.command.startsWith("lean reader") ? { ...r, ratio: 4.34 } : r));
  assert.match(lineOf(missedTargetLines(rows), "certrebind rebind --dry-run"), /took 4\.34x the floor, itself over 3x, and/);
});

test("missedTargetLines: a peak is set beside version's peak and the lean reader's, against the target in MB", () => {
  const line = lineOf(missedTargetLines(run()), "certrebind bindings --thumbprint OLD, peak memory (10,000 sites): 1.66x");
  assert.match(line, /the target is 76 MB; certrebind version alone peaked at 60 MB .*; the lean reader peaked at 82 MB \(1\.08x the target\)\.$/);
});

test("missedTargetLines: start-up, events, a cmdlet and PowerShell's script each get their own numbers", () => {
  const lines = missedTargetLines(run());
  assert.match(lineOf(lines, "certrebind version (start-up): 1.61x its node -e 0;"), /0\.068 s against 0\.042 s: the 26 ms beyond Node.s are the exe.s own start/);
  assert.match(lineOf(lines, "certrebind events --max 100 (100,000 events): 4.04x its floor;"), /at 1,000,000 events it took 3\.19x\.$/);
  assert.match(lineOf(lines, "Get-CertBinding (10,000 sites): 2.20x"), /the PowerShell floor .* took 1\.52x the exe/);
  assert.match(lineOf(lines, "certrebind bindings (10,000 sites): 0.14x its (b);"), /10 times as fast is 0\.311 s; the lean reader alone took 0\.213 s, the exe 0\.420 s\.$/);
});

test("missedTargetLines: a missed row whose bounding rows did not run says it is not explained", () => {
  const withoutLean = run().filter((r) => !r.command.startsWith("lean reader") && r.baseline !== "lean reader");
  assert.match(lineOf(missedTargetLines(withoutLean), "certrebind rebind --dry-run"), /; not explained by this run's rows\.$/);
  const linear = [{ command: "certrebind rebind --dry-run, linearity", size: "50,000 sites", medianMs: 1, peakMb: 1, baseline: "10,000 sites (x5 input)", ratio: 6 }];
  assert.deepEqual(missedTargetLines(linear), ["- certrebind rebind --dry-run, linearity (50,000 sites): 6.00x its 10,000 sites (x5 input); not explained by this run's rows."]);
});

test("missedTargetLines: an applied rebind's peak also names the text it writes and reads back", () => {
  const applied = { command: "certrebind rebind (applied, 30 % of the sites), peak memory", size: TEN, medianMs: 1001, peakMb: 162, baseline: "2 x 8 MB input + 60 MB", ratio: 162 / 76 };
  const line = lineOf(missedTargetLines([...run(), applied]), "certrebind rebind (applied, 30 % of the sites), peak memory");
  assert.match(line, /the lean reader peaked at 82 MB \(1\.08x the target\); an applied rebind also holds the new text/);
  assert.doesNotMatch(lineOf(missedTargetLines(run()), "certrebind bindings --thumbprint OLD, peak memory"), /applied/);
});

test("missedTargetLines: the events' peak growth is said in MB, beside the peak's memory target", () => {
  const rows: Measure[] = [
    { command: "certrebind events --max 100, peak memory", size: "100,000 events", medianMs: 925, peakMb: 101, baseline: "2 x 136 MB input + 60 MB", ratio: 0.3 },
    { command: "certrebind events, peak memory growth", size: "100,000 events", medianMs: 925, peakMb: 101, baseline: "10,000 events", ratio: 101 / 77 },
  ];
  assert.deepEqual(missedTargetLines(rows), [
    "- certrebind events, peak memory growth (100,000 events): 1.31x its 10,000 events; the peak went from 77 MB to 101 MB, 24 MB more, and is 0.30x its memory target (2 x input + 60 MB) at this size.",
  ]);
});

test("missedTargetLines: a cmdlet at a size the PowerShell floor did not run at is set beside the floor of the sites", () => {
  const events = { command: "Get-CertLifecycleEvent -MaxEvents 100", size: "100,000 events", medianMs: 1383, peakMb: 254, baseline: "exe, same runs (CPU 2.20x)", ratio: 2.03 };
  const line = lineOf(missedTargetLines([...run(), events]), "Get-CertLifecycleEvent -MaxEvents 100 (100,000 events): 2.03x");
  assert.match(line, /took 1\.52x the exe at 10,000 sites, 0\.239 s beyond it, against 0\.702 s for this cmdlet: a new PowerShell process/);
  assert.match(lineOf(missedTargetLines(run()), "Get-CertBinding (10,000 sites)"), /1\.52x the exe at this size, 0\.239 s beyond it, against 0\.545 s for this cmdlet/);
});
