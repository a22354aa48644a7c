/*
 * Task Scheduler on Windows.
 *
 * Writes go through schtasks.exe with argument arrays, never a shell
 * (https://learn.microsoft.com/windows-server/administration/windows-commands/schtasks-create):
 * `/Create /TN <path> /XML <file> /F` (the file written UTF-16 LE with a BOM, as
 * https://github.com/chef/chef/issues/6639 found it must be), `/Change /TN <path> /ENABLE|/DISABLE`, `/Delete /TN <path> /F`.
 *
 * Reads go through ONE Windows PowerShell process (Get-ScheduledTask, Export-ScheduledTask,
 * Get-ScheduledTaskInfo) rather than `schtasks /Query`: its text and CSV output is translated (column names,
 * dates in the locale's format, "N/A"), and the encoding of `schtasks /Query /XML` on stdout is UNCERTAIN (no
 * source says). The script prints one JSON object in UTF-8: the task's XML (what `schtasks /Query /XML`
 * prints: both are the registered definition), Settings.Enabled, LastRunTime as ISO 8601 UTC and LastTaskResult
 * as a number. "No such task" is told apart from other failures by the error's category (ObjectNotFound, an enum
 * name, not a translated text; INFERRED: what the CIM cmdlets report when no instance matches).
 */
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, win32 } from "node:path";
import { CertRebindError, ExitCode, toolFailed } from "../../core/errors.js";
import { encodeTaskXml, taskPathParts } from "../../task/auto-rebind-task.js";
import { readTaskDefinition } from "../../task/task-definition.js";
import { sha256File } from "../files/sha256-file.js";
import type { ProgramFolder, RegisteredTask, TaskScheduler } from "../ports.js";
import type { ToolRunner } from "./tool-runner.js";
import { firstLine } from "./tool-output.js";
import { aclReportJson, folderAclScript, nonAdminChangers } from "./admin-only-folder.js";
import { withoutBom } from "../files/read-host-file.js";
import { POWERSHELL_PROLOGUE, powershellArguments } from "./powershell.js";

const SCHTASKS = "schtasks";
const POWERSHELL = "powershell.exe";
/** Get-ScheduledTaskInfo's LastRunTime of a task that has never run is 1999-11-30; anything before 2000 is "never". */
const NEVER_BEFORE_YEAR = 2000;

/** Writes the task XML to a temporary file for schtasks /XML; returns its path and how to remove it. */
export type TaskFileWriter = (bytes: Buffer) => Promise<{ path: string; remove(): Promise<void> }>;

export const tempTaskFileWriter: TaskFileWriter = async (bytes) => {
  const dir = await mkdtemp(join(tmpdir(), "certrebind-task-"));
  const path = join(dir, "task.xml");
  await writeFile(path, bytes, { flag: "wx" });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
};

export interface WindowsTaskSchedulerOptions {
  writeTaskFile?: TaskFileWriter;
  env?: NodeJS.ProcessEnv;
}

export class WindowsTaskScheduler implements TaskScheduler {
  readonly programFolder: WindowsProgramFolder;
  private readonly writeTaskFile: TaskFileWriter;

  constructor(
    private readonly run: ToolRunner,
    options: WindowsTaskSchedulerOptions = {},
  ) {
    this.writeTaskFile = options.writeTaskFile ?? tempTaskFileWriter;
    this.programFolder = new WindowsProgramFolder(run, options.env ?? process.env);
  }

  async get(path: string): Promise<RegisteredTask | null> {
    const parts = taskPathParts(path);
    const result = await this.run(POWERSHELL, powershellArguments(taskInfoScript(parts)));
    if (result.exitCode !== 0) throw toolFailed(POWERSHELL, result.exitCode, firstLine(result.stderr) || firstLine(result.stdout));
    return parseTaskInfo(result.stdout, path);
  }

  async register(path: string, xml: string): Promise<void> {
    taskPathParts(path);
    readTaskDefinition(xml);
    const file = await this.writeTaskFile(encodeTaskXml(xml));
    try {
      await this.schtasks(["/Create", "/TN", path, "/XML", file.path, "/F"]);
    } finally {
      await file.remove();
    }
  }

  async remove(path: string): Promise<void> {
    taskPathParts(path);
    await this.schtasks(["/Delete", "/TN", path, "/F"]);
  }

  async setEnabled(path: string, enabled: boolean): Promise<void> {
    taskPathParts(path);
    await this.schtasks(["/Change", "/TN", path, enabled ? "/ENABLE" : "/DISABLE"]);
  }

  private async schtasks(args: string[]): Promise<void> {
    const result = await this.run(SCHTASKS, args);
    if (result.exitCode !== 0) throw toolFailed(SCHTASKS, result.exitCode, firstLine(result.stderr) || firstLine(result.stdout));
  }
}

/**
 * %ProgramFiles%\CertRebind (ProgramW6432 first: the exe is 64-bit, but the variable a 32-bit parent passes on
 * may name Program Files (x86)). The ACL check is one PowerShell process that prints, for Program Files, the
 * folder and the exe, their SDDL (Get-Acl: owner and DACL as SIDs), plus this process's user SID and whether it
 * is elevated; sddl.ts decides.
 */
export class WindowsProgramFolder implements ProgramFolder {
  readonly taskCommand: string;
  readonly exeFile: string;
  private readonly programFiles: string;
  private readonly folder: string;

  constructor(
    private readonly run: ToolRunner,
    env: NodeJS.ProcessEnv,
  ) {
    const programFiles = env["ProgramW6432"] || env["ProgramFiles"] || "C:\\Program Files";
    if (!/^[A-Za-z]:\\[^"%'<>|?*\u0000-\u001f]*$/.test(programFiles)) {
      throw new CertRebindError("CR4002", `%ProgramFiles% is '${programFiles}', not a folder path this tool can use.`, ExitCode.Environment, programFiles);
    }
    this.programFiles = programFiles.replace(/\\+$/, "");
    this.folder = win32.join(this.programFiles, "CertRebind");
    this.exeFile = win32.join(this.folder, "certrebind.exe");
    this.taskCommand = this.exeFile;
  }

  async prepare(): Promise<boolean> {
    const created = await mkdir(this.folder, { recursive: true }).catch((error: unknown) => {
      throw notWritable(this.folder, error);
    });
    return created !== undefined;
  }

  async checkAdminOnly(): Promise<string | null> {
    const paths = [this.programFiles, this.folder, this.exeFile];
    const result = await this.run(POWERSHELL, powershellArguments(folderAclScript(paths)));
    if (result.exitCode !== 0) throw toolFailed(POWERSHELL, result.exitCode, firstLine(result.stderr) || firstLine(result.stdout));
    return judgeAcl(result.stdout);
  }

  async installedSha256(): Promise<string | null> {
    return sha256File(this.exeFile).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    });
  }

  sourceSha256(source: string): Promise<string> {
    return sha256File(source);
  }

  async install(source: string): Promise<void> {
    await this.prepare();
    const temporary = win32.join(this.folder, `.certrebind.exe.${randomBytes(4).toString("hex")}.tmp`);
    try {
      await copyFile(source, temporary);
      await rename(temporary, this.exeFile);
    } catch (error) {
      await rm(temporary, { force: true });
      throw notWritable(this.exeFile, error);
    }
  }
}

/** The verdict on the ACL script's output: null when only administrators can change the exe. */
export function judgeAcl(stdout: string): string | null {
  const report = aclReportJson(stdout);
  if (report.elevated !== true) {
    throw new CertRebindError(
      "CR4011",
      "task enable changes a scheduled task that runs as SYSTEM and a folder under Program Files: run it from an elevated (Run as administrator) session.",
      ExitCode.Environment,
    );
  }
  const items = Array.isArray(report.items) ? (report.items as { path?: unknown; exists?: unknown; sddl?: unknown }[]) : [];
  for (const item of items) {
    if (item.exists !== true) continue;
    const reasons = nonAdminChangers(item, report, false);
    if (reasons.length > 0) {
      return `${String(item.path)} can be changed by non-administrators: ${reasons.join("; ")}. The task would run whatever is put there as SYSTEM.`;
    }
  }
  return null;
}

/** The task script's JSON as a RegisteredTask, or null when the task does not exist. */
export function parseTaskInfo(stdout: string, path: string): RegisteredTask | null {
  let info: { exists?: unknown; xml?: unknown; enabled?: unknown; lastRunTime?: unknown; lastResult?: unknown };
  try {
    info = JSON.parse(withoutBom(stdout).trim());
  } catch {
    throw toolFailed(POWERSHELL, 0, `the task query printed no JSON: ${firstLine(stdout)}`);
  }
  if (info.exists === false) return null;
  if (info.exists !== true || typeof info.xml !== "string") throw toolFailed(POWERSHELL, 0, `the task query printed no task XML for ${path}`);
  const lastRun = typeof info.lastRunTime === "string" && !Number.isNaN(Date.parse(info.lastRunTime)) ? new Date(info.lastRunTime) : null;
  const hasRun = lastRun !== null && lastRun.getUTCFullYear() >= NEVER_BEFORE_YEAR;
  let enabled = typeof info.enabled === "boolean" ? info.enabled : null;
  if (enabled === null) enabled = readTaskDefinition(info.xml).enabled;
  return {
    path,
    xml: info.xml,
    enabled,
    lastRunTime: hasRun ? lastRun.toISOString() : null,
    lastResult: hasRun && typeof info.lastResult === "number" ? info.lastResult : null,
  };
}

/** The task's folder (`\CertRebind\`) and name, as Get-ScheduledTask takes them; both validated by taskPathParts. */
export function taskInfoScript(parts: readonly string[]): string {
  const name = parts[parts.length - 1]!;
  const folder = `\\${parts.slice(0, -1).map((p) => `${p}\\`).join("")}`;
  return `${POWERSHELL_PROLOGUE}
$taskPath = '${folder}'
$taskName = '${name}'
try {
  try {
    $task = Get-ScheduledTask -TaskPath $taskPath -TaskName $taskName -ErrorAction Stop
  }
  catch {
    if ($_.CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::ObjectNotFound) {
      '{"exists":false}'
      exit 0
    }
    throw
  }
  $info = Get-ScheduledTaskInfo -TaskPath $taskPath -TaskName $taskName -ErrorAction Stop
  $xml = Export-ScheduledTask -TaskPath $taskPath -TaskName $taskName -ErrorAction Stop
  $lastRunTime = $null
  if ($null -ne $info.LastRunTime) {
    $lastRunTime = $info.LastRunTime.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
  }
  ConvertTo-Json -Compress -InputObject ([pscustomobject]@{
    exists = $true
    xml = [string]$xml
    enabled = [bool]$task.Settings.Enabled
    lastRunTime = $lastRunTime
    lastResult = [long]$info.LastTaskResult
  })
}
catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 1
}
`;
}

function notWritable(path: string, error: unknown): CertRebindError {
  return new CertRebindError("CR4004", `${path} cannot be written: ${(error as Error)?.message ?? String(error)}`, ExitCode.Environment, path, { cause: error });
}
