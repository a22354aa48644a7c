import { randomBytes } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, renameSync, type BigIntStats } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { withPath } from "./environment-error.js";

const LEFTOVER_MARK = ".certrebind-";

/**
 * Gives `replacement` (the new file, not yet renamed) what of `replaced`'s security the rename would lose; on
 * Windows, its security descriptor (ts-src/platform/windows/file-security.ts). A failure leaves `replaced` as it is.
 */
export type KeepSecurity = (replaced: string, replacement: string) => Promise<void>;

/**
 * Replaces `path` with `data` so that a reader, or a run after a crash, finds the old file or the new one and
 * never half of one: a temporary file beside it, flushed to disk, renamed over it, then the folder flushed so the
 * rename itself survives a power cut.
 */
export async function writeAtomically(path: string, data: string | Buffer, keepSecurity: KeepSecurity | null = null): Promise<void> {
  const temporary = temporaryBeside(path);
  try {
    const keep = await ownership(path);
    await writeFlushed(temporary, data, keep);
    if (keep !== null && keepSecurity !== null) await keepSecurity(path, temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    // The file the caller knows is `path`, not its temporary copy beside it.
    if (error && typeof error === "object") Object.assign(error, { path });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** What `replaceIfUnchanged` did: replaced the file, or found it changed and left it (nothing written). */
export type ReplaceOutcome =
  | { replaced: true; superseded: null }
  | { replaced: false; superseded: null }
  /** Replaced, but the old file was written to between the comparison and the rename: these are its bytes now. */
  | { replaced: true; superseded: Buffer };

/**
 * writeAtomically, only if `path` still holds exactly `expected`: the comparison is made just before the rename,
 * synchronously (nothing else of this process runs between them). The old file stays open across the rename: if a
 * writer appended to it in between (its data would be lost with it), its bytes are returned so that the caller can
 * carry that change over. INFERRED residual windows: a writer that renames its own file over `path` between the
 * comparison and the rename (microseconds) is not seen, as no portable call compares and renames at once; a writer
 * that opened the old file before the rename and writes to it only after the check that follows the rename is not
 * seen either, as nothing tells when it is done with its handle.
 * `keepSecurity` is given the old file and the new one before the comparison.
 */
export async function replaceIfUnchanged(path: string, expected: Buffer, data: Buffer, keepSecurity: KeepSecurity | null = null): Promise<ReplaceOutcome> {
  const temporary = temporaryBeside(path);
  let old: number | null = null;
  try {
    const keep = await ownership(path);
    await writeFlushed(temporary, data, keep);
    // Before the comparison, which must stay just before the rename.
    if (keep !== null && keepSecurity !== null) await keepSecurity(path, temporary);
    try {
      old = openSync(path, "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { replaced: false, superseded: null };
      throw error;
    }
    const seen = fstatSync(old, { bigint: true });
    if (!holds(old, seen, expected)) return { replaced: false, superseded: null };
    if (process.platform === "win32") {
      // INFERRED: replacing a file that is open fails on Windows unless the file system gives the rename POSIX
      // semantics, so the old file is closed first there, and an append after the comparison is not seen.
      closeSync(old);
      old = null;
      renameSync(temporary, path);
      await syncDirectory(dirname(path));
      return { replaced: true, superseded: null };
    }
    renameSync(temporary, path);
    await syncDirectory(dirname(path));
    const now = fstatSync(old, { bigint: true });
    if (now.size === seen.size && now.mtimeNs === seen.mtimeNs) return { replaced: true, superseded: null };
    const superseded = Buffer.alloc(Number(now.size));
    readSync(old, superseded, 0, superseded.length, 0);
    return { replaced: true, superseded };
  } finally {
    if (old !== null) closeSync(old);
    await rm(temporary, { force: true });
  }
}

function holds(fd: number, info: BigIntStats, expected: Buffer): boolean {
  if (info.size !== BigInt(expected.length)) return false;
  const bytes = Buffer.allocUnsafe(expected.length + 1);
  let read = 0;
  for (let n = 1; n > 0 && read < bytes.length; read += n) n = readSync(fd, bytes, read, bytes.length - read, read);
  return read === expected.length && bytes.subarray(0, read).equals(expected);
}

function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}${LEFTOVER_MARK}${randomBytes(4).toString("hex")}.tmp`);
}

/** Mode, owner and group of the file a new one replaces (null when there is none): the new one keeps them. */
interface Ownership {
  mode: number;
  uid: number;
  gid: number;
}

async function ownership(path: string): Promise<Ownership | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid } : null;
}

/** Creates `path` (which must not exist) with `data`, flushed to disk, readable by its owner only; on failure, none of it is left. */
export async function createDurably(path: string, data: string | Buffer): Promise<void> {
  try {
    await writeFlushed(path, data, null, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") await rm(path, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Writes a new file and flushes it; an error names the file (a write or flush error alone names none). */
async function writeFlushed(path: string, data: string | Buffer, keep: Ownership | null, mode = 0o666): Promise<void> {
  const handle = await open(path, "wx", mode);
  try {
    // On Windows chown does nothing and chmod sets only the read-only attribute (docs/snapshot-host.md, "Writes").
    if (keep !== null && process.platform !== "win32") {
      if (keep.uid !== process.getuid?.() || keep.gid !== process.getgid?.()) await handle.chown(keep.uid, keep.gid);
      await handle.chmod(keep.mode);
    }
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
export async function makeFolder(dir: string, mode = 0o777): Promise<void> {
  try {
    await mkdir(dir, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    if (code !== "ENOENT" || dirname(dir) === dir) throw error;
    await makeFolder(dirname(dir), mode);
    await mkdir(dir, mode).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== "EEXIST") throw again;
    });
  }
}
