/**
 * The module's cmdlets beside the exe on the same input, each run in a new PowerShell (bench/module-cmdlet.ps1), with
 * the PowerShell floor (bench/module-floor.ps1) where asked: the rows of README.md, "The PowerShell module against the
 * exe" (method: bench/README.md, "Method").
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { copyOf } from "./host-copy.js";
import { benchEnv as env, median, runOnce, type Measure, type Timing } from "./measure.js";

/** The exe under test, the PowerShell that runs the module, and the repository (the module and bench scripts). */
export interface BenchTools {
  exe: string;
  pwsh: string;
  root: string;
}

/**
 * One cmdlet of the module against the exe on the same input: `runs` pairs, the exe then the cmdlet, so that both
 * see the same load; the ratio is the median of the pairs' ratios. The cmdlet is timed inside PowerShell
 * (bench/module-cmdlet.ps1: its first call after Import-Module; start-up and import excluded). Peak memory: the
 * highest, over the runs, of PowerShell's own peak plus the exe's peak in the same pair, an upper bound of the process
 * tree's peak (the two run at once). `fresh` makes a new copy of the host for each run (a rebind that applies).
 * `cpuRatio`: the median of the pairs' ratios of CPU time (the cmdlet's process and the exe runs it waited for, against
 * the exe's user and system time), which a loaded machine stretches less than wall time. With `floor`, each pair is a
 * triple: the PowerShell floor (bench/module-floor.ps1) runs between the exe and the cmdlet, and must read as many
 * characters as the exe wrote.
 */
export function compareCmdlet(tools: BenchTools, cmdlet: string, exeArgs: string[], hostRoot: string, runs: number, options: { pair?: { old: string; new: string }; fresh?: boolean; floor?: boolean } = {}): CmdletComparison {
  const { pair, fresh = false } = options;
  const exeTimes: number[] = [];
  const cmdletTimes: number[] = [];
  const floorTimes: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const floorRatios: number[] = [];
  const overFloor: number[] = [];
  let exePeak = 0;
  let treePeak = 0;
  let floorPeak = 0;
  for (let i = 0; i < runs; i++) {
    const exeHost = fresh ? copyOf(hostRoot, `exe-${i}`) : hostRoot;
    const cmdletHost = fresh ? copyOf(hostRoot, `cmdlet-${i}`) : hostRoot;
    const e = runOnce(tools.exe, [...exeArgs, "--host-root", exeHost], { keepStdout: options.floor });
    const f = options.floor ? runPowerShell(tools, "module-floor.ps1", cmdlet, cmdletHost) : null;
    if (f) {
      if (f.count !== e.stdoutBytes) throw new Error(`bench/module-floor.ps1 read ${f.count} characters; the exe wrote ${e.stdoutBytes} bytes`);
      floorTimes.push(f.ms);
      floorRatios.push(f.ms / e.ms);
      floorPeak = Math.max(floorPeak, f.peakKb / 1024 + e.peakMb);
    }
    const m = runPowerShell(tools, "module-cmdlet.ps1", cmdlet, cmdletHost, pair);
    exeTimes.push(e.ms);
    cmdletTimes.push(m.ms);
    ratios.push(m.ms / e.ms);
    cpuRatios.push(m.cpuMs / e.cpuMs);
    if (f) overFloor.push(m.ms / f.ms);
    exePeak = Math.max(exePeak, e.peakMb);
    treePeak = Math.max(treePeak, m.peakKb / 1024 + e.peakMb);
    if (fresh) for (const copy of [exeHost, cmdletHost]) rmSync(copy, { recursive: true, force: true });
  }
  const floor = options.floor ? { timing: { medianMs: median(floorTimes), peakMb: floorPeak }, ratio: median(floorRatios), cmdletRatio: median(overFloor) } : undefined;
  return { exe: { medianMs: median(exeTimes), peakMb: exePeak }, cmdlet: { medianMs: median(cmdletTimes), peakMb: treePeak }, ratio: median(ratios), cpuRatio: median(cpuRatios), floor };
}

export interface CmdletComparison {
  exe: Timing;
  cmdlet: Timing;
  ratio: number;
  cpuRatio: number;
  /** The PowerShell floor's timing, its ratio to the exe, and the cmdlet's ratio to it (medians of the triples). */
  floor?: { timing: Timing; ratio: number; cmdletRatio: number };
}

/** One run of a bench script of the module (bench/module-cmdlet.ps1 or bench/module-floor.ps1): its JSON line. */
function runPowerShell(tools: BenchTools, script: string, cmdlet: string, hostRoot: string, pair?: { old: string; new: string }): { ms: number; cpuMs: number; count: number; peakKb: number } {
  const args = ["-NoProfile", "-File", path.join(tools.root, "bench", script), "-Cmdlet", cmdlet, "-HostRoot", hostRoot];
  if (pair) args.push("-Old", pair.old, "-New", pair.new);
  const result = spawnSync(tools.pwsh, args, { env: { ...env, CERTREBIND_EXE: tools.exe }, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  const last = result.stdout.toString().trim().split("\n").pop() ?? "";
  if (result.status !== 0 || !last.startsWith("{")) throw new Error(`${script} ${cmdlet} on ${hostRoot} exited ${result.status}: ${result.stderr.toString().slice(-500)}`);
  return JSON.parse(last) as { ms: number; cpuMs: number; count: number; peakKb: number };
}

/** Rows of one cmdlet against the exe: the exe's, then the cmdlet's with the ratio; with a floor, its rows too. */
export function cmdletRows(rows: Measure[], exeCommand: string, cmdlet: string, size: string, c: CmdletComparison): void {
  rows.push({ command: `${exeCommand} (paired with the next row)`, size, ...c.exe });
  rows.push({ command: cmdlet, size, ...c.cmdlet, baseline: `exe, same runs (CPU ${c.cpuRatio.toFixed(2)}x)`, ratio: c.ratio });
  if (c.floor) {
    rows.push({ command: `PowerShell floor: ${exeCommand} read by one function`, size, ...c.floor.timing, baseline: "exe, same runs", ratio: c.floor.ratio });
    rows.push({ command: cmdlet, size, ...c.cmdlet, baseline: "PowerShell floor, same runs", ratio: c.floor.cmdletRatio });
  }
}
