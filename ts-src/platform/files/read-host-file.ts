import { readFile, stat } from "node:fs/promises";
import { CertRebindError, ExitCode, unreadableHostFile } from "../../core/errors.js";

/** Reads a host file as text; null when it does not exist. A UTF-8 BOM is kept (callers edit in place). */
export async function readHostText(path: string): Promise<string | null> {
  const bytes = await readHostBytes(path);
  return bytes === null ? null : bytes.toString("utf8");
}

export async function readHostBytes(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw unreadableHostFile(path, error);
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

export async function requireHostDirectory(root: string): Promise<void> {
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) {
    throw new CertRebindError(
      "CR2002",
      `The host directory '${root}' ${info ? "is not a directory" : "does not exist"}. Pass --host-root with a ` +
        `snapshot host directory (see docs/snapshot-host.md), or run on Windows without it.`,
      ExitCode.BadInput,
      root,
    );
  }
}

export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
