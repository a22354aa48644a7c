import { randomBytes } from "node:crypto";
import { link, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { CertRebindError, ExitCode } from "../../core/errors.js";

const POLL_MS = 100;
/** A lock file without a readable holder (its process died between creating and filling it) this old is stale. */
const UNREADABLE_STALE_MS = 5_000;
/** A takeover guard this old was left by a process that died while taking over. */
const GUARD_STALE_MS = 30_000;

interface Holder {
  pid: number;
  since: string;
  token: string;
}

/**
 * The host-wide lock: a file holding its owner's process id. It is created whole (written beside it, then
 * hard-linked into place, which fails when it exists), so no one ever reads half a lock. A lock whose process is
 * gone is taken over under a guard file, and only if it is still the very lock found stale: two runs that find the
 * same dead lock cannot both take it.
 */
export class HostLock {
  constructor(readonly path: string) {}

  async acquire(timeoutMs: number): Promise<{ release(): Promise<void> }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const token = await this.tryCreate();
      if (token) return { release: () => this.release(token) };
      const found = await readLockText(this.path);
      if (found !== null && (await this.isStale(found))) {
        await this.takeOver(found);
        continue;
      }
      if (Date.now() >= deadline) {
        const holder = found === null ? null : parseHolder(found);
        throw new CertRebindError(
          "CR4003",
          `Another certrebind run (process ${holder?.pid ?? "?"}, since ${holder?.since ?? "?"}) holds the lock ${this.path}; waited ${Math.round(timeoutMs / 1000)} s. Try again when it has finished, or wait longer with --wait.`,
          ExitCode.Environment,
          this.path,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The token of the new lock, or null when the lock exists. */
  private async tryCreate(): Promise<string | null> {
    const holder: Holder = { pid: process.pid, since: new Date().toISOString(), token: randomBytes(8).toString("hex") };
    const draft = `${this.path}.${holder.token}.tmp`;
    await writeFile(draft, JSON.stringify(holder), { flag: "wx" });
    try {
      await link(draft, this.path);
      return holder.token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return null;
      throw error;
    } finally {
      await rm(draft, { force: true });
    }
  }

  private async isStale(text: string): Promise<boolean> {
    const holder = parseHolder(text);
    if (holder) return !isAlive(holder.pid);
    const info = await stat(this.path).catch(() => null);
    return info !== null && Date.now() - info.mtimeMs > UNREADABLE_STALE_MS;
  }

  private async takeOver(staleText: string): Promise<void> {
    const guard = `${this.path}.takeover`;
    try {
      await (await open(guard, "wx")).close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const info = await stat(guard).catch(() => null);
      if (info && Date.now() - info.mtimeMs > GUARD_STALE_MS) await rm(guard, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      return;
    }
    try {
      if ((await readLockText(this.path)) === staleText) await rm(this.path, { force: true });
    } finally {
      await rm(guard, { force: true });
    }
  }

  private async release(token: string): Promise<void> {
    const text = await readLockText(this.path);
    if (text !== null && parseHolder(text)?.token === token) await rm(this.path, { force: true });
  }
}

async function readLockText(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    return typeof parsed.pid === "number" ? { pid: parsed.pid, since: String(parsed.since), token: String(parsed.token) } : null;
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
