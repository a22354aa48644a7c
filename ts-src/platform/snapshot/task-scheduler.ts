import { chmod, mkdir, readFile, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CertRebindError, ExitCode, malformedHostFile } from "../../core/errors.js";
import { decodeTaskXml, encodeTaskXml, taskPathParts } from "../../task/auto-rebind-task.js";
import { readTaskDefinition, withSettingsEnabled } from "../../task/task-definition.js";
import { XmlTreeError } from "../../task/xml-tree.js";
import type { HostWriter } from "../files/host-writer.js";
import { sha256File } from "../files/sha256-file.js";
import { isNotFound, readHostBytes, readHostText, withoutBom } from "../files/read-host-file.js";
import { RebindWriteError, type ProgramFolder, type RegisteredTask, type TaskScheduler } from "../ports.js";

/**
 * Task Scheduler of a snapshot host (docs/snapshot-host.md):
 * - `tasks/<task path>.xml`: the task as `schtasks /query /xml` prints it, UTF-16 LE with a BOM (UTF-8 and UTF-16
 *   BE are read too, and a changed file keeps its encoding). Its Settings/Enabled is the task's enabled state, as
 *   on Windows; setEnabled changes only that value.
 * - `tasks/<task path>.json`, optional: `{ "lastRunTime": "ISO 8601" | null, "lastResult": 0 | null }`, what
 *   Get-ScheduledTaskInfo reports as LastRunTime and LastTaskResult. No file: the task has not run.
 */
export class SnapshotTaskScheduler implements TaskScheduler {
  readonly programFolder: SnapshotProgramFolder;

  constructor(
    private readonly root: string,
    private readonly writer: HostWriter,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.programFolder = new SnapshotProgramFolder(root, writer, platform);
  }

  async get(path: string): Promise<RegisteredTask | null> {
    const { xmlFile, infoFile } = this.files(path);
    const bytes = await readHostBytes(xmlFile);
    if (bytes === null) return null;
    const xml = decodeTaskXml(bytes);
    let enabled: boolean;
    try {
      enabled = readTaskDefinition(xml).enabled;
    } catch (error) {
      throw malformedHostFile(xmlFile, error instanceof XmlTreeError ? error.line : null, `not a task definition: ${(error as Error).message}`);
    }
    return { path, xml, enabled, ...(await readRunInfo(infoFile)) };
  }

  async register(path: string, xml: string): Promise<void> {
    const { xmlFile } = this.files(path);
    readTaskDefinition(xml);
    await this.write(xmlFile, encodeTaskXml(xml));
  }

  async remove(path: string): Promise<void> {
    const { xmlFile, infoFile } = this.files(path);
    for (const file of [xmlFile, infoFile]) {
      await rm(file, { force: true }).catch((error: unknown) => {
        throw notWritable(file, error);
      });
    }
  }

  async setEnabled(path: string, enabled: boolean): Promise<void> {
    const { xmlFile } = this.files(path);
    const bytes = await readHostBytes(xmlFile);
    if (bytes === null) throw new CertRebindError("CR2004", `${xmlFile} does not exist: there is no task ${path} to change.`, ExitCode.BadInput, xmlFile);
    let changed: string;
    try {
      changed = withSettingsEnabled(decodeTaskXml(bytes), enabled);
    } catch (error) {
      throw malformedHostFile(xmlFile, error instanceof XmlTreeError ? error.line : null, `not a task definition: ${(error as Error).message}`);
    }
    await this.write(xmlFile, encodeLike(bytes, changed));
  }

  private files(path: string) {
    const base = join(this.root, "tasks", ...taskPathParts(path));
    return { xmlFile: `${base}.xml`, infoFile: `${base}.json` };
  }

  private async write(file: string, bytes: Buffer): Promise<void> {
    try {
      await mkdir(dirname(file), { recursive: true });
      await this.writer.write(file, bytes);
    } catch (error) {
      throw notWritable(file, error);
    }
  }
}

/**
 * `programfiles/CertRebind/certrebind.exe` stands for `C:\Program Files\CertRebind\certrebind.exe`. File modes
 * stand for the folder's ACL: a group- or world-writable `programfiles/`, `programfiles/CertRebind/` or exe is one
 * that non-administrators can change. On Windows, where Node's file modes say nothing about ACLs, the stand-in
 * check is skipped.
 */
export class SnapshotProgramFolder implements ProgramFolder {
  readonly taskCommand = "C:\\Program Files\\CertRebind\\certrebind.exe";
  readonly exeFile: string;
  private readonly folder: string;

  constructor(
    private readonly root: string,
    private readonly writer: HostWriter,
    private readonly platform: NodeJS.Platform,
  ) {
    this.folder = join(root, "programfiles", "CertRebind");
    this.exeFile = join(this.folder, "certrebind.exe");
  }

  async prepare(): Promise<boolean> {
    const created = await mkdir(this.folder, { recursive: true, mode: 0o755 }).catch((error: unknown) => {
      throw notWritable(this.folder, error);
    });
    return created !== undefined;
  }

  async checkAdminOnly(): Promise<string | null> {
    if (this.platform === "win32") return null;
    for (const path of [join(this.root, "programfiles"), this.folder, this.exeFile]) {
      const info = await stat(path).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      });
      if (info && (info.mode & 0o022) !== 0) {
        return (
          `${path} can be changed by users other than its owner (mode ${(info.mode & 0o777).toString(8)}): on a snapshot host a group- or ` +
          `world-writable folder or exe stands for one that non-administrators can change, and the task would run whatever is put there as SYSTEM.`
        );
      }
    }
    return null;
  }

  async installedSha256(): Promise<string | null> {
    return sha256File(this.exeFile).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
  }

  sourceSha256(source: string): Promise<string> {
    return sha256File(source);
  }

  async install(source: string): Promise<void> {
    await this.prepare();
    try {
      await this.writer.write(this.exeFile, await readFile(source));
      await chmod(this.exeFile, 0o755);
    } catch (error) {
      throw notWritable(this.exeFile, error);
    }
  }
}

async function readRunInfo(file: string): Promise<{ lastRunTime: string | null; lastResult: number | null }> {
  const text = await readHostText(file);
  if (text === null) return { lastRunTime: null, lastResult: null };
  let info: unknown;
  try {
    info = JSON.parse(withoutBom(text));
  } catch (error) {
    throw malformedHostFile(file, null, `not JSON: ${(error as Error).message}`);
  }
  const { lastRunTime = null, lastResult = null } = (info ?? {}) as { lastRunTime?: unknown; lastResult?: unknown };
  if (lastRunTime !== null && (typeof lastRunTime !== "string" || Number.isNaN(Date.parse(lastRunTime)))) {
    throw malformedHostFile(file, null, `lastRunTime must be an ISO 8601 time or null, not ${JSON.stringify(lastRunTime)}`);
  }
  if (lastResult !== null && !Number.isInteger(lastResult)) {
    throw malformedHostFile(file, null, `lastResult must be an integer or null, not ${JSON.stringify(lastResult)}`);
  }
  return { lastRunTime: lastRunTime === null ? null : new Date(lastRunTime as string).toISOString(), lastResult: lastResult as number | null };
}

/** The changed text in the encoding the file had. */
function encodeLike(original: Buffer, text: string): Buffer {
  if (original[0] === 0xff && original[1] === 0xfe) return encodeTaskXml(text);
  if (original[0] === 0xfe && original[1] === 0xff) return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
  if (original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  if (original.length >= 2 && original[0] !== 0 && original[1] === 0) return Buffer.from(text, "utf16le");
  return Buffer.from(text, "utf8");
}

function notWritable(file: string, error: unknown): CertRebindError {
  if (error instanceof CertRebindError) return error;
  const message = error instanceof RebindWriteError ? error.message : `${file} cannot be written: ${(error as Error)?.message ?? String(error)}`;
  return new CertRebindError("CR4004", message, ExitCode.Environment, file, { cause: error });
}
