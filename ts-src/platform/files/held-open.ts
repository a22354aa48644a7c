import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";

/**
 * Windows: a lock holder's liveness as the system keeps it, not as a process id says. The holder keeps a file open
 * with no sharing at all (libuv's UV_FS_O_EXLOCK, 0x10000000 in include/uv/win.h, is CreateFileW with dwShareMode 0;
 * libuv documents it for Windows since 1.17.0, https://docs.libuv.org/en/v1.x/fs.html), and the system closes every
 * handle of a process when it ends, however it ends ("Terminating a Process",
 * https://learn.microsoft.com/windows/win32/procthread/terminating-a-process). So a held file that another process
 * can open is one whose holder has exited, whoever now has its process id. Elsewhere nothing is held (Linux compares
 * the process's start time instead: process-identity.ts).
 */
const UV_FS_O_EXLOCK = 0x10000000;

const holdsOpenFiles = process.platform === "win32";

/** Creates `path` and keeps it open with no sharing; null when that cannot be done (the lock then relies on ids). */
export async function holdOpen(path: string): Promise<FileHandle | null> {
  if (!holdsOpenFiles) return null;
  return open(path, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR | UV_FS_O_EXLOCK).catch(() => null);
}

/** True: a live process holds `path` open; false: it exists and nobody does; null: it is not there, or unknown. */
export async function isHeldOpen(path: string): Promise<boolean | null> {
  if (!holdsOpenFiles) return null;
  try {
    await (await open(path, constants.O_RDONLY | UV_FS_O_EXLOCK)).close();
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A sharing violation (ERROR_SHARING_VIOLATION) is EBUSY in libuv.
    return code === "EBUSY" || code === "EPERM" || code === "EACCES" ? true : null;
  }
}
