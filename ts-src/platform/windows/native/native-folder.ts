/*
 * Where the native module is written before it is loaded: a folder only Administrators and SYSTEM can change
 * when the process is elevated (%ProgramData%\CertRebind\native, made and checked by a FolderGuard), the user's own
 * %LOCALAPPDATA%\CertRebind\native otherwise (a user's profile folder is theirs, SYSTEM's and the
 * administrators': https://learn.microsoft.com/windows/win32/shell/knownfolderid, FOLDERID_LocalAppData).
 */
import { closeSync, openSync } from "node:fs";
import { win32 } from "node:path";
import { CertRebindError, ExitCode } from "../../../core/errors.js";

/** Makes `folder` exist with only Administrators and SYSTEM able to change it, or throws CR4007 saying why. */
export type FolderGuard = (folder: string) => Promise<void>;

const PATH = /^[A-Za-z]:\\[^"%'<>|?*\u0000-\u001f]*$/;

export function nativeFolder(env: NodeJS.ProcessEnv, elevated: boolean): string {
  const [variable, fallback] = elevated ? (["ProgramData", "C:\\ProgramData"] as const) : (["LOCALAPPDATA", null] as const);
  const root = env[variable] ?? fallback;
  if (root === null || !PATH.test(root)) {
    throw nativeModuleRefused(`%${variable}% is ${root === null ? "not set" : `'${root}', not a folder path`}, so there is no safe folder to write it to`, `set %${variable}% to the folder Windows gives it`);
  }
  return win32.join(root.replace(/\\+$/, ""), "CertRebind", "native");
}

/**
 * Whether this process runs with an administrator's token: opening a physical disk needs administrative
 * privileges (CreateFileW, "Physical Disks and Volumes":
 * https://learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-createfilew#physical-disks-and-volumes).
 * INFERRED: a machine with no \\.\PhysicalDrive0 is taken as not elevated, and the module goes to the
 * user's own folder (for SYSTEM that is its profile under %SystemRoot%, which only administrators can change).
 */
export function isElevated(): boolean {
  try {
    closeSync(openSync("\\\\.\\PhysicalDrive0", "r"));
    return true;
  } catch {
    return false;
  }
}

/** CR4007: the native module is not loaded; `why` and `what to do` complete the sentence. */
export function nativeModuleRefused(why: string, todo: string, cause?: unknown): CertRebindError {
  return new CertRebindError(
    "CR4007",
    `The native module that talks to the HTTP Server API cannot be loaded safely: ${why}. Nothing was read or changed. To fix: ${todo}.`,
    ExitCode.Environment,
    null,
    cause === undefined ? undefined : { cause },
  );
}
