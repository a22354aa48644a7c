import { RebindWriteError } from "../ports.js";
import { whyOutsideHost } from "./contained-path.js";
import { appendLineDurably, createDurably, replaceIfUnchanged, writeAtomically, type KeepSecurity, type ReplaceOutcome } from "./durable-write.js";
import { WriteHooks } from "./write-hooks.js";

/**
 * Every write of a run: host files atomically (docs/snapshot-host.md), state files durably. With a host `root`
 * (a snapshot host), a write that would land outside it through a symbolic link is refused. A host file's
 * replacement gets the old file's security through `keepSecurity` (Windows) before it is renamed over it.
 */
export class HostWriter {
  private announce: ((path: string, bytes: Buffer) => Promise<void>) | null = null;

  constructor(
    private readonly hooks: WriteHooks = new WriteHooks(),
    private readonly root: string | null = null,
    private readonly keepSecurity: KeepSecurity | null = null,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, root: string | null = null, keepSecurity: KeepSecurity | null = null): HostWriter {
    return new HostWriter(WriteHooks.fromEnv(env), root, keepSecurity);
  }

  /** Why `path` must not be written (it leads outside the host), or null. */
  async whyNotWritable(path: string): Promise<string | null> {
    return this.root === null ? null : whyOutsideHost(this.root, path);
  }

  /** Has `announce` called with the path and bytes of every host write, before it (the run's journal). */
  announceWrites(announce: ((path: string, bytes: Buffer) => Promise<void>) | null): void {
    this.announce = announce;
  }

  /** Replaces a host file; throws a RebindWriteError naming it when that fails. */
  async write(path: string, data: string | Buffer): Promise<void> {
    if (this.hooks.hostWriteFails()) throw new RebindWriteError(`injected failure of a write of ${path}`, [path]);
    try {
      await this.refuseOutside(path);
      await this.announce?.(path, typeof data === "string" ? Buffer.from(data, "utf8") : data);
      await writeAtomically(path, data, this.keepSecurity);
    } catch (error) {
      throw new RebindWriteError(`${path} could not be written: ${(error as Error).message}`, [path], { cause: error });
    }
    this.hooks.written();
  }

  /**
   * Replaces a host file only if it still holds `expected` (another program may write it too); throws a
   * RebindWriteError naming it when the write fails.
   */
  async replaceIfUnchanged(path: string, expected: Buffer, data: Buffer): Promise<ReplaceOutcome> {
    if (this.hooks.hostWriteFails()) throw new RebindWriteError(`injected failure of a write of ${path}`, [path]);
    let outcome: ReplaceOutcome;
    try {
      await this.refuseOutside(path);
      await this.announce?.(path, data);
      outcome = await replaceIfUnchanged(path, expected, data, this.keepSecurity);
    } catch (error) {
      throw new RebindWriteError(`${path} could not be written: ${(error as Error).message}`, [path], { cause: error });
    }
    if (outcome.replaced) this.hooks.written();
    return outcome;
  }

  /** Replaces a file of the state folder (the journal). */
  async replaceState(path: string, data: string | Buffer): Promise<void> {
    await this.refuseOutside(path);
    await writeAtomically(path, data);
    this.hooks.written();
  }

  /** Creates a file of the state folder that must not exist yet (a backup, the lock). */
  async createState(path: string, data: string | Buffer): Promise<void> {
    await this.refuseOutside(path);
    await createDurably(path, data);
    this.hooks.written();
  }

  /** Appends a line to a file of the state folder (the audit log), whole or not at all. */
  async appendState(path: string, line: string): Promise<void> {
    await this.refuseOutside(path);
    await appendLineDurably(path, line);
    this.hooks.written();
  }

  private async refuseOutside(path: string): Promise<void> {
    const reason = await this.whyNotWritable(path);
    if (reason) throw new Error(reason);
  }
}
