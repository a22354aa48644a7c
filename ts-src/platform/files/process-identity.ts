import { readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

/**
 * What tells one process from another that later gets the same process id: its start time and the boot it
 * started in (Linux: field 22 of /proc/<pid>/stat, `starttime`, in clock ticks since boot, and
 * /proc/sys/kernel/random/boot_id; proc(5), https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html), and the
 * program it runs (/proc/<pid>/exe). Null where the system does not say (not Linux, or /proc is not readable).
 */
export interface ProcessIdentity {
  start: string | null;
  boot: string | null;
  exe: string | null;
}

export function identityOf(pid: number): ProcessIdentity {
  if (process.platform !== "linux") return { start: null, boot: null, exe: null };
  return { start: startTime(pid), boot: bootId(), exe: executable(pid) };
}

/** The program names a certrebind lock holder runs under: the exe, or this runtime (node, in development). */
export function isCertRebindProgram(exe: string): boolean {
  const name = basename(exe);
  return name === basename(process.execPath) || /^certrebind(\.exe)?$/i.test(name);
}

function startTime(pid: number): string | null {
  const stat = readOrNull(() => readFileSync(`/proc/${pid}/stat`, "utf8"));
  if (stat === null) return null;
  // The second field, the program name in parentheses, may itself hold spaces and parentheses: count after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const start = fields[22 - 3];
  return start !== undefined && /^\d+$/.test(start) ? start : null;
}

function bootId(): string | null {
  return readOrNull(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim());
}

function executable(pid: number): string | null {
  const target = readOrNull(() => readlinkSync(`/proc/${pid}/exe`));
  return target === null ? null : target.replace(/ \(deleted\)$/, "");
}

function readOrNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
