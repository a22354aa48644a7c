import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { withPath } from "./environment-error.js";

const LEFTOVER_MARK = ".certrebind-";

/**
 * Replaces `path` with `data` so that a reader, or a run after a crash, finds the old file or the new one and
 * never half of one: a temporary file beside it, flushed to disk, renamed over it, then the folder flushed so the
 * rename itself survives a power cut.
 */
export async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}${LEFTOVER_MARK}${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFlushed(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    // The file the caller knows is `path`, not its temporary copy beside it.
    if (error && typeof error === "object") Object.assign(error, { path });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Creates `path` (which must not exist) with `data`, flushed to disk; on failure, none of it is left. */
export async function createDurably(path: string, data: string | Buffer): Promise<void> {
  try {
    await writeFlushed(path, data);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") await rm(path, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Writes a new file and flushes it; an error names the file (a write or flush error alone names none). */
async function writeFlushed(path: string, data: string | Buffer): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    throw withPath(error, path);
  } finally {
    await handle.close();
  }
}

/**
 * Appends one line to `path` whole or not at all, and flushes it to disk: a log that does not end in a newline (a
 * line a power cut cut short) first gets one, so the new line starts a line of its own; a write that fails half-way
 * is truncated back to where it began.
 */
export async function appendLineDurably(path: string, line: string): Promise<void> {
  const handle = await open(path, "a+");
  try {
    const { size } = await handle.stat();
    let text = line;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) text = `\n${line}`;
    }
    try {
      await handle.appendFile(text);
      await handle.sync();
    } catch (error) {
      await handle.truncate(size).catch(() => undefined);
      await handle.sync().catch(() => undefined);
      throw withPath(error, path);
    }
  } finally {
    await handle.close();
  }
}

/** Removes the temporary files `writeAtomically` leaves beside `path` when the process dies mid-write. */
export async function removeLeftovers(path: string): Promise<string[]> {
  const prefix = `.${basename(path)}${LEFTOVER_MARK}`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const leftovers = names.filter((name) => name.startsWith(prefix) && name.endsWith(".tmp")).map((name) => join(dirname(path), name));
  for (const leftover of leftovers) await rm(leftover, { force: true });
  return leftovers;
}

/** Windows cannot open a folder to flush it (NTFS journals the rename itself); elsewhere a failure is real. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch (error) {
    throw withPath(error, dir);
  } finally {
    await handle.close();
  }
}

/** Makes the folder `dir` and those above it that are missing, one at a time: an error names the folder it is about. */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    if (code !== "ENOENT" || dirname(dir) === dir) throw error;
    await makeFolder(dirname(dir));
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== "EEXIST") throw again;
    });
  }
}
