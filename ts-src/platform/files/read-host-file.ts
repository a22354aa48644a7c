import { closeSync, fstatSync, openSync, readFileSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { CertRebindError, ExitCode, malformedHostFile, unreadableHostFile } from "../../core/errors.js";
import { withRemedy } from "../../core/remedy.js";

/**
 * The largest host file read whole (docs/snapshot-host.md, "Limits"). An applicationHost.config of 50,000 sites is
 * 20–40 MB, an sslcert.txt of as many records about 60 MB; a file of 512 MiB could not even become one string
 * (V8 holds at most 2^29 - 24 characters). The lifecycle logs are read as streams and have no such limit.
 */
export const MAX_HOST_FILE_BYTES = 256 * 1024 * 1024;

/** Reads a host file as text; null when it does not exist. A UTF-8 BOM is kept (callers edit in place). */
export async function readHostText(path: string): Promise<string | null> {
  const bytes = await readHostBytes(path);
  return bytes === null ? null : bytes.toString("utf8");
}

/**
 * The bytes of a host file; null when it does not exist. CR2003 when it is larger than MAX_HOST_FILE_BYTES. Read with
 * synchronous calls: a command reads its host files one after the other, and each asynchronous call waits for the
 * thread pool (on a busy 2-core machine, the 132 files of a 10,000-site host: 57-82 ms asynchronously, 23-39 ms
 * synchronously; bench/README.md).
 */
export async function readHostBytes(path: string): Promise<Buffer | null> {
  return readHostBytesSync(path);
}

function readHostBytesSync(path: string): Buffer | null {
  let fd: number;
  try {
    // Before it is opened: opening a named pipe would wait for a writer, and reading a device might never end.
    if (!statSync(path).isFile()) throw new Error("it is not a regular file");
    fd = openSync(path, "r");
  } catch (error) {
    if (isNotFound(error)) return null;
    throw unreadableHostFile(path, error);
  }
  try {
    // The size is checked before anything is read, and again after: a file may grow while it is read.
    const { size } = fstatSync(fd);
    if (size > MAX_HOST_FILE_BYTES) throw tooLarge(path, size);
    const bytes = readFileSync(fd);
    if (bytes.length > MAX_HOST_FILE_BYTES) throw tooLarge(path, bytes.length);
    return bytes;
  } catch (error) {
    if (error instanceof CertRebindError) throw error;
    throw unreadableHostFile(path, error);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(path: string, bytes: number): CertRebindError {
  const mib = (n: number) => `${Math.floor(n / 1024 / 1024)} MiB`;
  return malformedHostFile(path, null, `it is ${mib(bytes)} (${bytes} bytes), more than the ${mib(MAX_HOST_FILE_BYTES)} a host file may have; nothing was read`);
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

export async function requireHostDirectory(root: string): Promise<void> {
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) {
    throw new CertRebindError(
      "CR2002",
      withRemedy(`The host directory '${root}' ${info ? "is not a directory" : "does not exist"}.`, "hostRootOrWindows"),
      ExitCode.BadInput,
      root,
    );
  }
}

export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
