import { constants } from "node:os";
import { CertRebindError, ExitCode } from "../../core/errors.js";

/** What each error of the environment means, and what to do about it. */
const ENVIRONMENT_ERRORS: Record<string, { what: string; todo: string }> = {
  ENOSPC: { what: "the file system is full", todo: "free space on it, then run again" },
  EDQUOT: { what: "the disk quota of this user is used up", todo: "free space or raise the quota, then run again" },
  EACCES: { what: "permission denied", todo: "run as a user allowed to write there (an administrator, or root), or fix the permissions of that folder" },
  EPERM: { what: "the operation is not permitted", todo: "run as a user allowed to write there (an administrator, or root), or fix the permissions of that folder" },
  EROFS: { what: "the file system is read-only", todo: "remount it read-write (or work on a copy of the host), then run again" },
  EIO: { what: "an input/output error of the disk", todo: "check the disk and its file system (the kernel log, or the System event log), then run again" },
};

const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV", "EMLINK"]);

/**
 * One sentence for an error the system gave (disk full, quota, permission, read-only, I/O, no hard links), naming
 * the path and what to do; null when `error` is none of those (it is then a bug, or something else the caller knows).
 */
export function describeEnvironmentError(error: unknown, fallbackPath: string | null = null): string | null {
  const errno = findErrno(error);
  if (errno === null) return null;
  const path = errno.dest ?? errno.path ?? fallbackPath ?? "(a file of the run)";
  if (errno.syscall === "link" && NO_HARD_LINKS.has(errno.code)) {
    return `${errno.path ?? path}: the file system of the state folder does not support hard links (${errno.code}), which the host-wide lock needs; keep the state folder on a file system that has them (NTFS, ext4, XFS, tmpfs…).`;
  }
  const known = ENVIRONMENT_ERRORS[errno.code];
  return known ? `${path}: ${known.what} (${errno.code}); ${known.todo}.` : null;
}

/** `error` as CR4009 (exit 4) when it is an error of the environment; null otherwise. */
export function environmentError(error: unknown, fallbackPath: string | null = null, after = ""): CertRebindError | null {
  if (error instanceof CertRebindError) return null;
  const sentence = describeEnvironmentError(error, fallbackPath);
  if (sentence === null) return null;
  const errno = findErrno(error);
  return new CertRebindError("CR4009", `${sentence}${after}`, ExitCode.Environment, errno?.dest ?? errno?.path ?? fallbackPath, { cause: error });
}

interface Errno {
  code: string;
  syscall: string | null;
  path: string | null;
  dest: string | null;
}

/** The system error in `error` or its causes. */
function findErrno(error: unknown): Errno | null {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as NodeJS.ErrnoException & { dest?: string };
    const code = typeof candidate.code === "string" && /^E[A-Z]+$/.test(candidate.code) ? candidate.code : nameOfErrno(candidate.errno);
    if (code !== null) return { code, syscall: candidate.syscall ?? null, path: candidate.path ?? null, dest: candidate.dest ?? null };
  }
  return null;
}

/** The name of a system error number libuv does not name (EDQUOT is "Unknown system error -122"). */
function nameOfErrno(errno: number | undefined): string | null {
  if (typeof errno !== "number") return null;
  const found = Object.entries(constants.errno).find(([, value]) => value === Math.abs(errno));
  return found ? found[0] : null;
}

/** `error`, naming `path` when it names none (errors of writing to or flushing an open file do not). */
export function withPath(error: unknown, path: string): unknown {
  if (error && typeof error === "object" && typeof (error as NodeJS.ErrnoException).code === "string" && !(error as NodeJS.ErrnoException).path) {
    (error as NodeJS.ErrnoException).path = path;
  }
  return error;
}
