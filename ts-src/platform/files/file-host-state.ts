import { lstat, open, readdir, readFile, rm, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { CertRebindError, ExitCode, unrecoverableRun } from "../../core/errors.js";
import type { AuditRecord, HostState, RunJournal } from "../ports.js";
import { makeFolder, removeLeftovers } from "./durable-write.js";
import { HostWriter } from "./host-writer.js";
import { HostLock, type HeldLock } from "./host-lock.js";
import { describeEnvironmentError } from "./environment-error.js";
import { auditRecord } from "../audit-record.js";
import { parseJournal } from "./journal-file.js";
import { JournalPaths, RUN_ID, type ChangeableFiles } from "./journal-paths.js";

/**
 * Who may write the state folder. On Windows it lives under %ProgramData%, where every user may create files by
 * default: the folder is created administrators-only and checked (windows/admin-only-folder.ts); elsewhere (a
 * snapshot host) nothing is done.
 */
export interface StateFolderGuard {
  /** Creates the state folder when it is missing; CR4008 when others could write it. */
  prepare(): Promise<void>;
  /** CR4008 when any of `paths` (the state folder and files in it) that exists could be written by others. */
  verify(paths: readonly string[]): Promise<void>;
}

export const unguardedState: StateFolderGuard = { prepare: async () => {}, verify: async () => {} };

export interface FileHostStateOptions {
  /** The files a run may change, by journal name. */
  changeableFiles?: ChangeableFiles;
  guard?: StateFolderGuard;
}

/** Lock, journal, backups and audit log as files in one folder. */
export class FileHostState implements HostState {
  private readonly lock: HostLock;
  private readonly paths: JournalPaths;
  private readonly guard: StateFolderGuard;
  private prepared: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    private readonly writer: HostWriter = new HostWriter(),
    private readonly extraAudit: (record: AuditRecord) => Promise<string | null> = async () => null,
    options: FileHostStateOptions = {},
  ) {
    this.lock = new HostLock(join(dir, "lock"));
    this.guard = options.guard ?? unguardedState;
    this.paths = new JournalPaths(this.journalPath, dir, options.changeableFiles ?? (async () => new Map()), (path) => writer.whyNotWritable(path));
  }

  /** The state folder, there and writable by administrators only (Windows), before anything is written in it. */
  private async prepare(): Promise<void> {
    this.prepared ??= this.guard.prepare().then(() => makeFolder(this.dir));
    try {
      await this.prepared;
    } catch (error) {
      this.prepared = null;
      throw error;
    }
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
    await this.prepare();
    await this.guard.verify([this.lock.path]);
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
    const runId = dead.holder.runId ?? `lock-${dead.holder.token}`;
    await this.appendAudit(
      auditRecord({ runId, command: "recover", trigger: "lock", exitCode: 0 }, {
        interrupted: { pid: dead.holder.pid, started: dead.holder.since },
        action: "released",
        reason: `the run died before its journal, having changed nothing: ${dead.reason}`,
        restored: [],
      }),
    );
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
    await this.prepare();
    // Backups hold the host's files: readable by their owner only (the folders each created 0700, the files 0600).
    await makeFolder(dirname(path), 0o700);
    await this.writer.createState(path, content);
    return path;
  }

  async backUpFile(runId: string, name: string, path: string): Promise<{ backup: string; sha256: string }> {
    const bytes = await readFile(path);
    return { backup: await this.writeBackup(runId, name, bytes), sha256: sha256Of(bytes) };
  }

  async fileSha256(path: string): Promise<string | null> {
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    return bytes === null ? null : sha256Of(bytes);
  }

  /** Never throws: a record that cannot be written is a warning, and the run's outcome stays what it was. */
  async appendAudit(record: AuditRecord): Promise<{ path: string; written: boolean; warning: string | null }> {
    try {
      await this.prepare();
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
    const info = await lstat(this.journalPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    if (info === null) return null;
    if (!info.isFile()) throw unrecoverableRun(this.journalPath, "the journal is a link or not a regular file; it was not read");
    await this.guard.verify([this.dir, this.journalPath]);
    return parseJournal(await readFile(this.journalPath, "utf8"), this.journalPath);
  }

  async writeJournal(journal: RunJournal): Promise<void> {
    await this.prepare();
    await this.writer.replaceState(this.journalPath, `${JSON.stringify(journal, null, 1)}\n`);
  }

  async removeJournal(): Promise<void> {
    await rm(this.journalPath, { force: true });
    await removeLeftovers(this.journalPath);
  }

  journalName(path: string): Promise<string> {
    return this.paths.nameOf(path);
  }

  journaledFile(name: string): Promise<string> {
    return this.paths.hostFile(name);
  }

  async readJournaledBackup(name: string, runId: string): Promise<Buffer> {
    const path = this.paths.backupPath(name, runId);
    await this.guard.verify([join(this.dir, "backups"), dirname(path), path]);
    return this.paths.readBackup(name, runId);
  }

  /** The name a journal gives a backup this state folder wrote: relative to the folder. */
  backupName(path: string): string {
    return this.paths.backupName(path);
  }

  announceWrites(announce: ((path: string, bytes: Buffer) => Promise<void>) | null): void {
    this.writer.announceWrites(announce);
  }

  async pruneBackups(keep: number, runId: string): Promise<string[]> {
    const folder = join(this.dir, "backups");
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    const runs: { name: string; mtimeMs: number }[] = [];
    for (const entry of entries) {
      // Only folders this tool made: a run id, a folder itself (not a link), and not the run pruning.
      if (!entry.isDirectory() || !RUN_ID.test(entry.name) || entry.name === runId) continue;
      runs.push({ name: entry.name, mtimeMs: (await lstat(join(folder, entry.name))).mtimeMs });
    }
    // Newest first: by the time the folder was last written, then by run id (which starts with the run's time).
    runs.sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
    const removed = runs.slice(Math.max(0, keep - 1)).map((run) => run.name);
    for (const name of removed) await rm(join(folder, name), { recursive: true, force: true });
    return removed;
  }

  restoreFile(path: string, content: Buffer): Promise<void> {
    return this.writer.write(path, content);
  }

  removeLeftovers(path: string): Promise<string[]> {
    return removeLeftovers(path);
  }
}

function sha256Of(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
