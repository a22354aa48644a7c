import { randomBytes } from "node:crypto";
import { open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

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
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Creates `path` (which must not exist) with `data`, flushed to disk. */
export async function createDurably(path: string, data: string | Buffer): Promise<void> {
  await writeFlushed(path, data);
  await syncDirectory(dirname(path));
}

async function writeFlushed(path: string, data: string | Buffer): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Appends `text` to `path` and flushes it to disk. */
export async function appendDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, "a");
  try {
    await handle.appendFile(text);
    await handle.sync();
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
  } finally {
    await handle.close();
  }
}
