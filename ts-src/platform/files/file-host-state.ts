import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { AuditRecord, HostState, RunJournal } from "../ports.js";
import { removeLeftovers } from "./durable-write.js";
import { HostWriter } from "./host-writer.js";
import { HostLock } from "./host-lock.js";
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

  async acquireLock(timeoutMs: number): Promise<{ release(): Promise<void> }> {
    const outside = await this.writer.whyNotWritable(this.lock.path);
    if (outside) throw new CertRebindError("CR4004", outside, ExitCode.Environment, this.lock.path);
    await mkdir(this.dir, { recursive: true });
    return this.lock.acquire(timeoutMs);
  }

  async writeBackup(runId: string, name: string, content: string | Buffer): Promise<string> {
    const path = join(this.dir, "backups", runId, name);
    // Backups hold the host's files: readable by their owner only (the folders each created 0700, the files 0600).
    await mkdir(join(this.dir, "backups"), { recursive: true, mode: 0o700 });
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await this.writer.createState(path, content);
    return path;
  }

  async appendAudit(record: AuditRecord): Promise<{ path: string; warning: string | null }> {
    await mkdir(this.dir, { recursive: true });
    await this.writer.appendState(this.auditPath, `${JSON.stringify(record)}\n`);
    return { path: this.auditPath, warning: await this.extraAudit(record) };
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
    await mkdir(this.dir, { recursive: true });
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

