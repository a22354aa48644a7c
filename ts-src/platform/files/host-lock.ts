import { randomBytes } from "node:crypto";
import { link, open, readFile, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import { withRemedy } from "../../core/remedy.js";
import { interrupts } from "../interrupts.js";
import { withPath } from "./environment-error.js";
import { holdOpen, isHeldOpen } from "./held-open.js";
import { identityOf, isCertRebindProgram } from "./process-identity.js";

const POLL_MS = 100;
/** A lock file without a readable holder (its process died between creating and filling it) this old is stale. */
const UNREADABLE_STALE_MS = 5_000;
/** A takeover guard this old was left by a process that died while taking over. */
const GUARD_STALE_MS = 30_000;
/** A file dated further ahead than this was not written by a run of now: its clock was wrong, or it was planted. */
const FUTURE_TOLERANCE_MS = 2_000;

/** The run that holds a lock, as its lock file names it. */
export interface LockHolder {
  pid: number;
  since: string;
  token: string;
  /** The holder's start time and boot (process-identity.ts); null when its system does not say. */
  start: string | null;
  boot: string | null;
  exe: string | null;
  runId: string | null;
  /** Windows: the holder keeps `<lock>.<token>.held` open while it lives (held-open.ts). */
  held: boolean;
}

export interface HeldLock {
  release(): Promise<void>;
  /** The dead run whose lock this one replaced, and why it was found dead; null when the lock was free. */
  tookOverFrom: { holder: LockHolder; reason: string } | null;
}

/** Tokens of the locks this process holds: its own process id on any other lock is a dead process's. */
const heldHere = new Set<string>();
/** The files held open for those locks (Windows). */
const heldFiles = new Map<string, FileHandle>();

/**
 * The host-wide lock: a file naming its owner process. It is created whole (written beside it, then hard-linked
 * into place, which fails when it exists), so no one ever reads half a lock. A lock is stale when its process is
 * gone, is this process, is another process that got the same id (its start time differs), or is not certrebind;
 * a stale lock is taken over under a guard file, and only if it is still the very lock found stale: two runs that
 * find the same dead lock cannot both take it. Every wait, takeover included, ends at the deadline.
 */
export class HostLock {
  constructor(readonly path: string) {}

  async acquire(timeoutMs: number, runId: string | null = null): Promise<HeldLock> {
    const deadline = Date.now() + timeoutMs;
    let tookOverFrom: HeldLock["tookOverFrom"] = null;
    for (;;) {
      const token = await this.tryCreate(runId);
      if (token) {
        heldHere.add(token);
        return { release: () => this.release(token), tookOverFrom };
      }
      const found = await readLockText(this.path);
      const stale = found === null ? null : await this.whyStale(found);
      if (found !== null && stale !== null && (await this.takeOver(found))) {
        const holder = parseHolder(found);
        if (holder) tookOverFrom = { holder, reason: stale };
        continue;
      }
      if (Date.now() >= deadline) {
        const holder = found === null ? null : parseHolder(found);
        throw new CertRebindError(
          "CR4003",
          withRemedy(`Another certrebind run (process ${holder?.pid ?? "?"}, since ${holder?.since ?? "?"}) holds the lock ${this.path}; waited ${Math.round(timeoutMs / 1000)} s.`, "waitLonger"),
          ExitCode.Environment,
          this.path,
        );
      }
      interrupts.stopIfUnchanged();
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    }
  }

  /** The token of the new lock, or null when the lock exists. */
  private async tryCreate(runId: string | null): Promise<string | null> {
    const token = randomBytes(8).toString("hex");
    const heldFile = await holdOpen(this.heldPath(token));
    const holder: LockHolder = { pid: process.pid, since: new Date().toISOString(), token, ...identityOf(process.pid), runId, held: heldFile !== null };
    const created = await this.link(holder).catch(async (error: unknown) => {
      await this.dropHeld(token, heldFile);
      throw error;
    });
    if (!created) {
      await this.dropHeld(token, heldFile);
      return null;
    }
    if (heldFile) heldFiles.set(token, heldFile);
    return token;
  }

  /** Puts the lock naming `holder` in place; false when a lock is there. */
  private async link(holder: LockHolder): Promise<boolean> {
    const token = holder.token;
    const draft = `${this.path}.${token}.tmp`;
    try {
      await writeFile(draft, JSON.stringify(holder), { flag: "wx" });
    } catch (error) {
      await rm(draft, { force: true }).catch(() => undefined);
      throw withPath(error, draft);
    }
    try {
      await link(draft, this.path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    } finally {
      await rm(draft, { force: true });
    }
  }

  private heldPath(token: string): string {
    return `${this.path}.${token}.held`;
  }

  private async dropHeld(token: string, handle: FileHandle | null | undefined): Promise<void> {
    await handle?.close().catch(() => undefined);
    heldFiles.delete(token);
    await rm(this.heldPath(token), { force: true }).catch(() => undefined);
  }

  /** Why the lock in `text` is held by no live certrebind run, or null when it is. */
  private async whyStale(text: string): Promise<string | null> {
    const holder = parseHolder(text);
    if (holder?.held && !heldHere.has(holder.token)) {
      const held = await isHeldOpen(this.heldPath(holder.token));
      if (held === true) return null;
      if (held === false) return `process ${holder.pid} has exited (the file it held open while it lived is free)`;
    }
    if (holder) return whyHolderIsGone(holder);
    const info = await stat(this.path).catch(() => null);
    return info !== null && isOld(info.mtimeMs, UNREADABLE_STALE_MS) ? "the lock file names no process" : null;
  }

  /** Removes the stale lock `staleText` under the guard; false when another process is taking it over. */
  private async takeOver(staleText: string): Promise<boolean> {
    const guard = `${this.path}.takeover`;
    try {
      await (await open(guard, "wx")).close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const info = await stat(guard).catch(() => null);
      if (info && isOld(info.mtimeMs, GUARD_STALE_MS)) await rm(guard, { force: true });
      return false;
    }
    try {
      if ((await readLockText(this.path)) !== staleText) return false;
      await rm(this.path, { force: true });
      const stale = parseHolder(staleText);
      if (stale) await rm(this.heldPath(stale.token), { force: true }).catch(() => undefined);
      return true;
    } finally {
      await rm(guard, { force: true });
    }
  }

  private async release(token: string): Promise<void> {
    heldHere.delete(token);
    const text = await readLockText(this.path);
    if (text !== null && parseHolder(text)?.token === token) await rm(this.path, { force: true });
    await this.dropHeld(token, heldFiles.get(token));
  }
}

/** Why `holder` is not a live certrebind run, or null when it is (or may be: what cannot be checked counts as live). */
function whyHolderIsGone(holder: LockHolder): string | null {
  if (holder.pid === process.pid) return heldHere.has(holder.token) ? null : `process ${holder.pid} is this process, which did not take that lock`;
  if (!isAlive(holder.pid)) return `process ${holder.pid} is not running`;
  const now = identityOf(holder.pid);
  if (holder.boot && now.boot && holder.boot !== now.boot) return `process ${holder.pid} took the lock before the system restarted`;
  if (holder.start && now.start && holder.start !== now.start) return `process ${holder.pid} is another process that got the same id (it started at another time)`;
  if (now.exe && (holder.exe ? now.exe !== holder.exe : !isCertRebindProgram(now.exe))) return `process ${holder.pid} is not certrebind (it runs ${now.exe})`;
  return null;
}

/** Older than `maxAgeMs`, or dated in the future: a time that cannot be trusted is not "fresh". */
function isOld(mtimeMs: number, maxAgeMs: number): boolean {
  const age = Date.now() - mtimeMs;
  return age > maxAgeMs || age < -FUTURE_TOLERANCE_MS;
}

async function readLockText(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = JSON.parse(text) as Partial<Record<keyof LockHolder, unknown>>;
    if (typeof parsed.pid !== "number" || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return null;
    const optional = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
    return {
      pid: parsed.pid,
      since: String(parsed.since),
      token: String(parsed.token),
      start: optional(parsed.start),
      boot: optional(parsed.boot),
      exe: optional(parsed.exe),
      runId: optional(parsed.runId),
      held: parsed.held === true,
    };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
