/** Timing of one process for the bench: wall time spawn to exit, peak RSS read by GNU time. */
import { spawnSync } from "node:child_process";

export interface Timing {
  medianMs: number;
  peakMb: number;
  /** Median CPU time (user + system, GNU time's %U %S), where measured. */
  cpuMs?: number;
}

/** One row of the bench's table. */
export interface Measure {
  command: string;
  size: string;
  medianMs: number;
  peakMb: number;
  baseline?: string;
  ratio?: number;
}

export const benchEnv = { ...process.env, CERTREBIND_NOW: "2026-11-27T00:00:00Z" };

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One run: wall time, peak RSS (GNU time's %M) and, when asked, how many bytes the process wrote to stdout. */
export function runOnce(file: string, args: string[], options: { keepStdout?: boolean; env?: NodeJS.ProcessEnv } = {}): { ms: number; peakMb: number; cpuMs: number; stdoutBytes: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "%M %U %S", file, ...args], {
    env: options.env ?? benchEnv,
    stdio: ["ignore", options.keepStdout ? "pipe" : "ignore", "pipe"],
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 3) throw new Error(`${file} ${args.join(" ")} exited ${result.status}: ${result.stderr.toString().slice(-500)}`);
  const [peakKb, user, system] = (result.stderr.toString().trim().split("\n").pop() ?? "").split(" ").map(Number);
  return { ms, peakMb: peakKb! / 1024, cpuMs: (user! + system!) * 1000, stdoutBytes: result.stdout ? result.stdout.length : 0 };
}

/** Median wall time over `runs` runs, the highest peak RSS and the median CPU time. */
export function measure(file: string, args: string[], runs: number): Timing & { cpuMs: number } {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let peakMb = 0;
  for (let i = 0; i < runs; i++) {
    const r = runOnce(file, args);
    times.push(r.ms);
    cpuTimes.push(r.cpuMs);
    peakMb = Math.max(peakMb, r.peakMb);
  }
  return { medianMs: median(times), peakMb, cpuMs: median(cpuTimes) };
}

/**
 * Two commands timed in the same run, interleaved (a, b, then b, a, …) so that both see the same load: the medians,
 * the highest peaks, and the median of the pairs' ratios b/a. `prepare(i)` runs before each pair (a fresh copy of a
 * host) and gives each side's arguments.
 */
export function interleave(
  a: { file: string; args: (i: number) => string[] },
  b: { file: string; args: (i: number) => string[] },
  runs: number,
  after?: (i: number) => void,
): { a: Timing; b: Timing; ratio: number } {
  const aTimes: number[] = [];
  const bTimes: number[] = [];
  const ratios: number[] = [];
  let aPeak = 0;
  let bPeak = 0;
  for (let i = 0; i < runs; i++) {
    const first = i % 2 === 0;
    const ra = first ? runOnce(a.file, a.args(i)) : null;
    const rb = runOnce(b.file, b.args(i));
    const sa = ra ?? runOnce(a.file, a.args(i));
    aTimes.push(sa.ms);
    bTimes.push(rb.ms);
    ratios.push(rb.ms / sa.ms);
    aPeak = Math.max(aPeak, sa.peakMb);
    bPeak = Math.max(bPeak, rb.peakMb);
    after?.(i);
  }
  return { a: { medianMs: median(aTimes), peakMb: aPeak }, b: { medianMs: median(bTimes), peakMb: bPeak }, ratio: median(ratios) };
}
