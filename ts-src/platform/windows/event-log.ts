/*
 * The Windows half of the audit: one Application event log entry per run, written with eventcreate.
 *
 * VERIFIED (https://learn.microsoft.com/windows-server/administration/windows-commands/eventcreate): `/l
 * APPLICATION|SYSTEM`, `/so <source>`, `/t ERROR|WARNING|INFORMATION|…`, `/id` from 1 to 1000, `/d <description>`.
 * INFERRED: the first use of a new source registers it under EventCreate's message file, and a source already
 * registered by another application fails. Write-EventLog is no alternative: PowerShell 7 does not have it
 * (https://github.com/PowerShell/PowerShell/issues/18281).
 */
import type { AuditRecord } from "../ports.js";
import type { ToolRunner } from "./tool-runner.js";
import { firstLine } from "./tool-output.js";

export const EVENT_SOURCE = "CertRebind";

/**
 * GUESS: eventcreate documents no limit for `/d`. The event log takes up to 31,839 characters per string
 * (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-reporteventw, lpStrings), and a command line
 * at most 32,767 (https://learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessw,
 * lpCommandLine); 3000 stays far below both. The full record is in the audit log file.
 */
export const MAX_DESCRIPTION = 3000;

/** Event type and id by exit code (docs/cli-contract.md, exit codes). Ids stay in eventcreate's 1–1000. */
export const EVENT_BY_EXIT_CODE: ReadonlyMap<number, { type: "INFORMATION" | "WARNING" | "ERROR"; id: number; meaning: string }> =
  new Map([
    [0, { type: "INFORMATION", id: 100, meaning: "done" }],
    [1, { type: "ERROR", id: 101, meaning: "failed (rolled back)" }],
    [2, { type: "ERROR", id: 102, meaning: "bad input" }],
    [3, { type: "WARNING", id: 103, meaning: "partly done: some targets refused" }],
    [4, { type: "ERROR", id: 104, meaning: "environment problem" }],
  ]);
/** Any other exit code. */
export const UNKNOWN_EXIT_EVENT = { type: "ERROR", id: 199, meaning: "unexpected exit code" } as const;

const TRUNCATED = "\n... (cut; the whole record is in the audit log)";

/**
 * Writes one entry for `record`. Returns null when it was written, else a warning for the envelope: a missing
 * event log entry never fails the run.
 */
export async function writeAuditEvent(run: ToolRunner, record: AuditRecord): Promise<string | null> {
  const event = EVENT_BY_EXIT_CODE.get(record.exitCode) ?? UNKNOWN_EXIT_EVENT;
  try {
    const args = ["/L", "APPLICATION", "/T", event.type, "/SO", EVENT_SOURCE, "/ID", String(event.id), "/D", auditDescription(record)];
    const result = await run("eventcreate", args);
    if (result.exitCode === 0) return null;
    const detail = firstLine(result.stderr) || firstLine(result.stdout);
    return notWritten(`eventcreate exited with code ${result.exitCode}${detail ? `: ${detail}` : ""}`);
  } catch (error) {
    return notWritten(error instanceof Error ? error.message : String(error));
  }
}

/**
 * A sentence, a blank line and the record as JSON, at most MAX_DESCRIPTION characters. Site names come from the
 * configuration file and may hold anything: control characters other than newline are dropped from the sentence
 * and escaped in the JSON. The text is one argument of an argument array, never shell text.
 */
export function auditDescription(record: AuditRecord): string {
  const event = EVENT_BY_EXIT_CODE.get(record.exitCode) ?? UNKNOWN_EXIT_EVENT;
  const summary =
    `CertRebind ${record.command} (${record.trigger}) run ${record.runId} by ${record.user} on ${record.computer}: ` +
    `exit code ${record.exitCode}, ${event.meaning}.`;
  // JSON.stringify leaves DEL and C1 characters raw; inside JSON strings (the only place they can be) escape them.
  const json = JSON.stringify(record).replace(/[\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const text = clean(`${summary}\n\n${json}`);
  if (text.length <= MAX_DESCRIPTION) return text;
  let cut = MAX_DESCRIPTION - TRUNCATED.length;
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}${TRUNCATED}`;
}

function notWritten(reason: string): string {
  return `The Application event log entry was not written: ${reason}${/[.!?]$/.test(reason) ? "" : "."}`;
}

function clean(text: string): string {
  return text.replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, "");
}
