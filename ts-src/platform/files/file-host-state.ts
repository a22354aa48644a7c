import { open, readFile, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { AuditRecord, HostState, RunJournal } from "../ports.js";
import { makeFolder, removeLeftovers } from "./durable-write.js";
import { HostWriter } from "./host-writer.js";
import { HostLock, type HeldLock } from "./host-lock.js";
import { describeEnvironmentError } from "./environment-error.js";
import { auditIdentity } from "../audit-identity.js";
import { parseJournal } from "./journal-file.js";

/** Lock, journal, backups and audit log as files in one folder. */
export class FileHostState implements HostState {
  private readonly lock: HostLock;

  constructor(
    readonly dir: string,
    private readonly writer: HostWriter = new HostWriter(),
    private readonly extraAudit: (record: AuditRecord) => Promise<string | null> = async () => null,
  ) {
    this.lock = new HostLock(join(dir, "lock"));
  }

  get auditPath(): string {
    return join(this.dir, "audit.jsonl");
  }

  get journalPath(): string {
    return join(this.dir, "journal.json");
  }

  async acquireLock(timeoutMs: number, runId: string | null = null): Promise<{ release(): Promise<void> }> {
    const outside = await this.writer.whyNotWritable(this.lock.path);
    if (outside) throw new CertRebindError("CR4004", outside, ExitCode.Environment, this.lock.path);
    await makeFolder(this.dir);
    const lock = await this.lock.acquire(timeoutMs, runId);
    try {
      await this.auditDeathBeforeJournal(lock);
    } catch (error) {
      await lock.release();
      throw error;
    }
    return lock;
  }

  /**
   * A run that died holding the lock and left no journal died before its first change: its only trace is its
   * lock, so its taking over is audited here, unless the run audited itself before it died.
   */
  private async auditDeathBeforeJournal(lock: HeldLock): Promise<void> {
    const dead = lock.tookOverFrom;
    if (dead === null || (await stat(this.journalPath).catch(() => null)) !== null) return;
    if (dead.holder.runId !== null && (await this.auditTail()).includes(`"runId":${JSON.stringify(dead.holder.runId)}`)) return;
    await this.appendAudit({
      time: new Date().toISOString(),
      runId: dead.holder.runId ?? `lock-${dead.holder.token}`,
      command: "recover",
      trigger: "lock",
      ...auditIdentity(),
      exitCode: 0,
      interrupted: { pid: dead.holder.pid, started: dead.holder.since },
      action: "released",
      reason: `the run died before its journal, having changed nothing: ${dead.reason}`,
      restored: [],
    });
  }

  /** The end of the audit log, where the records of the last runs are. */
  private async auditTail(): Promise<string> {
    const handle = await open(this.auditPath, "r").catch(() => null);
    if (handle === null) return "";
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 256 * 1024);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString("utf8");
    } finally {
      await handle.close();
    }
  }

  async writeBackup(runId: string, name: string, content: string | Buffer): Promise<string> {
    const path = join(this.dir, "backups", runId, name);
    await makeFolder(dirname(path));
    await this.writer.createState(path, content);
    return path;
  }

  /** Never throws: a record that cannot be written is a warning, and the run's outcome stays what it was. */
  async appendAudit(record: AuditRecord): Promise<{ path: string; written: boolean; warning: string | null }> {
    try {
      await makeFolder(this.dir);
      await this.writer.appendState(this.auditPath, `${JSON.stringify(record)}\n`);
    } catch (error) {
      const why = describeEnvironmentError(error, this.auditPath) ?? (error as Error).message;
      return { path: this.auditPath, written: false, warning: `The audit record of run ${record.runId} could not be written: ${why}` };
    }
    return { path: this.auditPath, written: true, warning: await this.extraAudit(record) };
  }

  async checkWritable(paths: readonly string[]): Promise<string | null> {
    for (const path of [...paths, this.journalPath]) {
      const outside = await this.writer.whyNotWritable(path);
      if (outside) return outside;
    }
    for (const path of paths) {
      const info = await stat(path).catch(() => null);
      if (info && (info.mode & 0o222) === 0) return `${path} is read-only; clear its read-only attribute to let certrebind change it.`;
    }
    return null;
  }

  async readJournal(): Promise<RunJournal | null> {
    let text: string;
    try {
      text = await readFile(this.journalPath, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return parseJournal(text, this.journalPath);
  }

  async writeJournal(journal: RunJournal): Promise<void> {
    await makeFolder(this.dir);
    await this.writer.replaceState(this.journalPath, `${JSON.stringify(journal, null, 1)}\n`);
  }

  async removeJournal(): Promise<void> {
    await rm(this.journalPath, { force: true });
    await removeLeftovers(this.journalPath);
  }

  restoreFile(path: string, content: Buffer): Promise<void> {
    return this.writer.write(path, content);
  }

  removeLeftovers(path: string): Promise<string[]> {
    return removeLeftovers(path);
  }
}

