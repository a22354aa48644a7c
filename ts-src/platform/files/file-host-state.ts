import { appendFile, mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { AuditRecord, HostState } from "../ports.js";

const POLL_MS = 100;

/** Lock, backups and audit log as files in one folder. */
export class FileHostState implements HostState {
  constructor(
    readonly dir: string,
    private readonly extraAudit: (record: AuditRecord) => Promise<string | null> = async () => null,
  ) {}

  get auditPath(): string {
    return join(this.dir, "audit.jsonl");
  }

  async acquireLock(timeoutMs: number): Promise<{ release(): Promise<void> }> {
    const path = join(this.dir, "lock");
    await mkdir(this.dir, { recursive: true });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const handle = await open(path, "wx");
        await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
        await handle.close();
        return { release: () => rm(path, { force: true }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = await readHolder(path);
      if (holder && !isAlive(holder.pid)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() >= deadline) {
        throw new CertRebindError(
          "CR4003",
          `Another certrebind run (process ${holder?.pid ?? "?"}, since ${holder?.since ?? "?"}) holds the lock ${path}; waited ${Math.round(timeoutMs / 1000)} s. Try again when it has finished, or wait longer with --wait.`,
          ExitCode.Environment,
          path,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async writeBackup(runId: string, name: string, content: string | Buffer): Promise<string> {
    const path = join(this.dir, "backups", runId, name);
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, "wx");
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return path;
  }

  async appendAudit(record: AuditRecord): Promise<{ path: string; warning: string | null }> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(this.auditPath, `${JSON.stringify(record)}\n`);
    return { path: this.auditPath, warning: await this.extraAudit(record) };
  }

  async checkWritable(paths: readonly string[]): Promise<string | null> {
    for (const path of paths) {
      const info = await stat(path).catch(() => null);
      if (info && (info.mode & 0o222) === 0) return `${path} is read-only; clear its read-only attribute to let certrebind change it.`;
    }
    return null;
  }
}

async function readHolder(path: string): Promise<{ pid: number; since: string } | null> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as { pid?: unknown; since?: unknown };
    return typeof parsed.pid === "number" ? { pid: parsed.pid, since: String(parsed.since) } : null;
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
