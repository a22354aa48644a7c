import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { isSea } from "node:sea";
import { usageError } from "../core/errors.js";

/**
 * The certrebind exe this process is: `--exe-path` when given (it must be a file), else process.execPath when
 * this is the single executable application, else null (running from source under node/tsx, where execPath is
 * node itself and must never be installed as the task's program).
 */
export async function runningExe(exePath: string | undefined): Promise<string | null> {
  if (exePath !== undefined) {
    const full = resolve(exePath);
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) throw usageError(`--exe-path '${exePath}': there is no such file.`);
    return full;
  }
  return isSingleExecutable() ? process.execPath : null;
}

function isSingleExecutable(): boolean {
  try {
    return isSea();
  } catch {
    return false;
  }
}
