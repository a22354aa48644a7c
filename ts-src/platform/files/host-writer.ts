import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { RebindWriteError } from "../ports.js";

/**
 * Writes host files atomically: a temporary file beside the target, flushed to disk, then renamed over it,
 * so a reader (IIS, or the next run) sees the old file or the new one, never half of one.
 *
 * `CERTREBIND_TEST_FAIL_WRITE=N` makes the N-th write of the run fail before it changes anything: a test
 * hook for rollback tests, not for normal use.
 */
export class HostWriter {
  private count = 0;

  constructor(private readonly failAt: number | null = null) {}

  static fromEnv(env: NodeJS.ProcessEnv): HostWriter {
    const failAt = Number(env["CERTREBIND_TEST_FAIL_WRITE"]);
    return new HostWriter(Number.isInteger(failAt) && failAt > 0 ? failAt : null);
  }

  async write(path: string, data: string | Buffer): Promise<void> {
    this.count += 1;
    if (this.count === this.failAt) {
      throw new RebindWriteError(`injected failure of write ${this.count} (${path})`, [path]);
    }
    const temporary = join(dirname(path), `.${basename(path)}.certrebind-${randomBytes(4).toString("hex")}.tmp`);
    try {
      const handle = await open(temporary, "wx");
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new RebindWriteError(`${path} could not be written: ${(error as Error).message}`, [path], { cause: error });
    }
  }
}
