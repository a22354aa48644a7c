/**
 * The fault-injection suite's helpers: a small generated host, the exe run under a fault, and the check every
 * case ends with — the host byte-identical to before the run or to after it, an exit code that says which, and
 * the audit record of the run. A new fault class is a test file in tests/faults/ that calls `faultHost()`, runs
 * the exe with `run()` and checks each case with `checkCase()`; `Tally` gives the figures of the README.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateHost } from "../../../bench/generate-host.js";
import { hostFiles } from "../../ts/support/snapshot.js";
import { linuxExe, repoRoot, requireBuilt } from "../../exe/support.js";
import { tempDir } from "../../ts/support/temp-dir.js";

/** The program under test: the built Linux exe, or another build of it (CERTREBIND_FAULT_EXE). */
export const exe = process.env["CERTREBIND_FAULT_EXE"] ?? linuxExe;

/** The demo host's expiring certificate (www-2025) and its renewal (www-2026). */
const DEMO_OLD = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const DEMO_NEW = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";

export const NOW = { CERTREBIND_NOW: "2026-11-27T00:00:00Z", UV_USE_IO_URING: "0" };
export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
export const onLinux = process.platform === "linux";

export type EndState = "before" | "after";

export interface ExeResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** A program and arguments to run the exe under (setpriv, unshare, …): the exe and its arguments follow them. */
  wrapper?: string[];
  /** Sends this signal after this many milliseconds. */
  signalAfterMs?: { ms: number; signal: NodeJS.Signals };
  timeoutMs?: number;
}

/** A generated host (copied afresh for each case), the rebind of the suite, and its before and after states. */
export class FaultHost {
  private copies = 0;
  readonly before: Record<string, string>;
  readonly after: Record<string, string>;

  private constructor(
    readonly work: string,
    readonly template: string,
    readonly oldThumbprint: string,
    readonly newThumbprint: string,
    /** What the suite's rebind adds to --old and --new. */
    readonly extraArgs: readonly string[] = [],
  ) {
    this.before = hostFiles(template);
    const root = this.fresh();
    const result = runSync(this.rebindArgs(root));
    assert.ok([0, 3].includes(result.status ?? -1), `the uninterrupted rebind failed: ${result.stderr}`);
    this.after = hostFiles(root);
    assert.notDeepEqual(this.after, this.before, "the rebind of the suite changes the host");
  }

  /** `sites` small keeps a case to a fraction of a second; the host has HTTP.sys records and FTP sites to change. */
  static create(name: string, sites = 40): FaultHost {
    requireBuilt(exe);
    const work = tempDir(`certrebind-faults-${name}-`);
    chmodSync(work, 0o755);
    const template = join(work, "template");
    const generated = generateHost(template, { sites, renewedShare: 0.5, certificates: 3 });
    return new FaultHost(work, template, generated.renewedOld, generated.renewedNew);
  }

  /**
   * The demo host (examples/demo-host): every binding kind on the expiring certificate, each with its own file, SQL
   * Server's key read grant in the renewal's sidecar, services.json. Its rebind moves every kind (the gateway's name
   * mismatch allowed) and restarts the services.
   */
  static demo(): FaultHost {
    requireBuilt(exe);
    const work = tempDir("certrebind-faults-demo-");
    chmodSync(work, 0o755);
    const template = join(work, "template");
    cpSync(join(repoRoot, "examples", "demo-host"), template, { recursive: true });
    return new FaultHost(work, template, DEMO_OLD, DEMO_NEW, ["--allow-name-mismatch", "--restart-services"]);
  }

  /** A fresh copy of the host, in `parent` (default: the suite's folder). */
  fresh(parent = this.work): string {
    const root = join(parent, `host-${++this.copies}`);
    mkdirSync(parent, { recursive: true });
    cpSync(this.template, root, { recursive: true });
    return root;
  }

  rebindArgs(root: string): string[] {
    return ["rebind", "--json", "--host-root", root, "--old", this.oldThumbprint, "--new", this.newThumbprint, ...this.extraArgs, "--wait", "5"];
  }

  /** Which state the host files are in, or null when neither. */
  endState(root: string): EndState | null {
    const tree = JSON.stringify(hostFiles(root));
    if (tree === JSON.stringify(this.before)) return "before";
    if (tree === JSON.stringify(this.after)) return "after";
    return null;
  }
}

let shared: FaultHost | null = null;
/** The suite's host, made once per test file. */
export function faultHost(): FaultHost {
  shared ??= FaultHost.create("suite");
  return shared;
}

/** The audit records of a host, each line parsed (a line that is not one whole record fails the case). */
export function auditRecords(root: string): { runId: string; command: string; exitCode: number; [key: string]: unknown }[] {
  const path = join(root, "state", "audit.jsonl");
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  if (text === "") return [];
  assert.ok(text.endsWith("\n"), `the audit log ends in a newline: ${JSON.stringify(text.slice(-80))}`);
  return text.slice(0, -1).split("\n").map((line) => JSON.parse(line));
}

/** Runs the Linux exe to its end. */
export function runSync(args: string[], options: Omit<RunOptions, "signalAfterMs"> = {}): ExeResult {
  const [program, ...rest] = [...(options.wrapper ?? []), exe, ...args];
  const started = Date.now();
  const result = spawnSync(program!, rest, { encoding: "utf8", env: { ...process.env, ...NOW, ...options.env }, timeout: options.timeoutMs ?? 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** Runs the Linux exe, sending it a signal after a delay when asked. */
export function run(args: string[], options: RunOptions = {}): Promise<ExeResult> {
  const [program, ...rest] = [...(options.wrapper ?? []), exe, ...args];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(program!, rest, { env: { ...process.env, ...NOW, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const signal = options.signalAfterMs;
    const timer = signal ? setTimeout(() => child.kill(signal.signal), signal.ms) : null;
    const guard = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (status, killedBy) => {
      if (timer) clearTimeout(timer);
      clearTimeout(guard);
      resolve({ status, signal: killedBy, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The errors a run reported: its JSON envelope's, or its stderr lines `certrebind: CODE: message`. */
export function reportedErrors(result: ExeResult): { code: string; message: string }[] {
  const envelope = result.stdout.trim().startsWith("{") ? (JSON.parse(result.stdout) as { errors?: { code: string; message: string }[] }) : null;
  const lines = [...result.stderr.matchAll(/^certrebind: (CR\d{4}): (.*)$/gm)].map((m) => ({ code: m[1]!, message: m[2]! }));
  return [...(envelope?.errors ?? []), ...lines];
}

export interface CaseOutcome {
  state: EndState;
  exitCode: number;
  /** The error codes the run reported. */
  codes: string[];
  audited: number;
}

/**
 * The end of every case: no journal and no lock left, the host before or after, an exit code that says which
 * (after: 0 or 3; before: 1 with CR1001, 4 with a CR4xxx, or 128+signal when it stopped before taking the lock),
 * no CR1000 (a bug) and no CR1002 (a host in an unknown state), and one audit record of the run — none only when it
 * stopped before it held the lock, or when the audit log itself could not be written (then a warning says so).
 */
export function checkCase(root: string, result: ExeResult, label: string, options: { auditBefore?: number; beforeTheLock?: boolean; othersLock?: boolean; host?: FaultHost } = {}): CaseOutcome {
  const where = `${label}: exit ${result.status}${result.signal ? ` (${result.signal})` : ""}\n${result.stderr}`;
  assert.equal(result.signal, null, `${where}: the process ended by itself, not by a signal`);
  assert.doesNotMatch(result.stdout + result.stderr, /CR1000|CR1002|Internal error/, where);
  assert.equal(existsSync(join(root, "state", "journal.json")), false, `${where}: the journal is closed`);
  if (!options.othersLock) assert.equal(existsSync(join(root, "state", "lock")), false, `${where}: the lock is released`);
  const state = (options.host ?? faultHost()).endState(root) ?? assert.fail(`${where}: the host is neither as before nor as after`);
  const exitCode = result.status ?? -1;
  const codes = reportedErrors(result).map((e) => e.code);
  if (state === "after") assert.ok([0, 3].includes(exitCode), `${where}: a host as after exits 0 or 3`);
  else if (exitCode === 1) assert.ok(codes.includes("CR1001"), `${where}: exit 1 names CR1001 (restored)`);
  else if (exitCode === 4) assert.ok(codes.some((c) => c.startsWith("CR4")), `${where}: exit 4 names a CR4xxx`);
  else assert.ok([130, 143].includes(exitCode), `${where}: a host as before exits 1, 4, 130 or 143`);
  const audited = auditRecords(root).length - (options.auditBefore ?? 0);
  const auditFailed = /audit record of run \S+ could not be written/.test(result.stdout + result.stderr);
  const beforeTheLock = [130, 143].includes(exitCode) || options.beforeTheLock === true;
  if (auditFailed) assert.equal(audited, 0, `${where}: an audit record that failed is not half there`);
  else if (beforeTheLock) assert.ok(audited <= 1, `${where}: at most one audit record`);
  else assert.equal(audited, 1, `${where}: exactly one audit record of the run`);
  return { state, exitCode, codes: [...new Set(codes)], audited };
}

/** Counts case outcomes by fault class, for the test's diagnostic line and the README. */
export class Tally {
  private readonly counts = new Map<string, number>();
  cases = 0;

  add(outcome: CaseOutcome): void {
    this.cases += 1;
    const codes = outcome.codes.length ? ` ${outcome.codes.join("+")}` : "";
    const key = `${outcome.state}/exit ${outcome.exitCode}${codes}/${outcome.audited} record${outcome.audited === 1 ? "" : "s"}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  toString(): string {
    return `${this.cases} cases: ${[...this.counts].sort().map(([key, n]) => `${n} ${key}`).join(", ")}`;
  }
}

/** The LD_PRELOAD library of fault-shim.c, compiled once per process with the system's C compiler; null without one. */
let shim: string | null | undefined;
export function faultShim(): string | null {
  if (shim !== undefined) return shim;
  const out = join(tempDir("certrebind-shim-"), "fault-shim.so");
  const source = join(repoRoot, "tests/faults/shim/fault-shim.c");
  const built = spawnSync("gcc", ["-shared", "-fPIC", "-O2", "-Wall", "-Wno-format-truncation", "-o", out, source, "-ldl"], { encoding: "utf8" });
  shim = built.status === 0 ? out : null;
  return shim;
}

/** A small seeded generator (the same seed gives the same moments). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
