import { open, stat } from "node:fs/promises";

const CHUNK_BYTES = 1024 * 1024;
/** One buffer for every comparison: fresh memory costs (a page fault per 4 KiB), a buffer reused does not. */
let chunk: Buffer | null = null;

/**
 * Whether the file holds exactly these bytes, compared a chunk at a time: a rebind reads back files it has just read or
 * written (13.5 MB and 12.7 MB at 11,000 records), and reading each into a buffer of its own cost more than the
 * comparison. False when the file differs, is missing or cannot be read: the caller then reads it as usual (and
 * reports what is wrong with it).
 */
export async function sameFileBytes(path: string, expected: Buffer): Promise<boolean> {
  let handle;
  try {
    // Only a regular file is opened: opening a named pipe would wait for a writer.
    if (!(await stat(path)).isFile()) return false;
    handle = await open(path, "r");
  } catch {
    return false;
  }
  try {
    if ((await handle.stat()).size !== expected.length) return false;
    chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
    for (let at = 0; at < expected.length; ) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK_BYTES, expected.length - at), at);
      if (bytesRead === 0 || chunk.compare(expected, at, at + bytesRead, 0, bytesRead) !== 0) return false;
      at += bytesRead;
    }
    // Nothing after what was expected (the file may have grown since stat).
    return (await handle.read(chunk, 0, 1, expected.length)).bytesRead === 0;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}
