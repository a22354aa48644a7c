/*
 * The Windows half of the audit: one Application event log entry per audit record, written through the event
 * logging API (event-log-api.ts): RegisterEventSourceW(NULL, L"CertRebind"), one ReportEventW, DeregisterEventSource
 * (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-registereventsourcew,
 * https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-reporteventw). No process is started.
 *
 * The event holds two insertion strings: %1 a one-line sentence (what Event Viewer shows as the description, with
 * the "%1" messages of the registered message file: event-source-registration.ts), %2 the audit record as JSON.
 * Insertion strings are what Get-WinEvent gives as `Properties` and the event's XML as `EventData/Data`; raw data
 * (lpRawData) would be shown only as hexadecimal bytes (`EventData/Binary`; INFERRED), so none is written. Each string is
 * limited to 31,839 characters (ReportEventW, lpStrings). docs/audit-events.md is the contract.
 */
import type { AuditRecord } from "../ports.js";
import type { EventLogApi, RegistryApi } from "./event-log-api.js";
import { EVENT_SOURCE, ensureEventSource } from "./event-source-registration.js";
import { win32ErrorText } from "./httpapi/win32-errors.js";

/** The event logging and registry functions, opened on first use (koffi over advapi32.dll by default). */
export type EventLogOpener = () => Promise<EventLogApi & RegistryApi>;

export const EVENTLOG_ERROR_TYPE = 0x1;
export const EVENTLOG_WARNING_TYPE = 0x2;
export const EVENTLOG_INFORMATION_TYPE = 0x4;

interface AuditEvent {
  id: number;
  type: typeof EVENTLOG_ERROR_TYPE | typeof EVENTLOG_WARNING_TYPE | typeof EVENTLOG_INFORMATION_TYPE;
  /** The end of the summary sentence. */
  meaning: string;
}

/** One event ID per outcome (docs/audit-events.md). IDs stay within 1–1000, the range eventcreate's message file has. */
const AUDIT_EVENTS = {
  applied: { id: 100, type: EVENTLOG_INFORMATION_TYPE, meaning: "done" },
  failedRestored: { id: 101, type: EVENTLOG_ERROR_TYPE, meaning: "failed; everything it had changed was restored" },
  badInput: { id: 102, type: EVENTLOG_ERROR_TYPE, meaning: "bad input; nothing was changed" },
  partlyDone: { id: 103, type: EVENTLOG_WARNING_TYPE, meaning: "partly done: some targets were refused" },
  environment: { id: 104, type: EVENTLOG_ERROR_TYPE, meaning: "a problem of the environment; everything it had changed was restored" },
  failedNotRestored: { id: 105, type: EVENTLOG_ERROR_TYPE, meaning: "failed, and restoring failed too: restore by hand from the backup (CR1002)" },
  recovered: { id: 110, type: EVENTLOG_WARNING_TYPE, meaning: "an interrupted run was found and undone, or closed" },
  recoveryRefused: { id: 111, type: EVENTLOG_ERROR_TYPE, meaning: "an interrupted run was found and could not be undone: its journal stays (CR1004)" },
  unexpected: { id: 199, type: EVENTLOG_ERROR_TYPE, meaning: "unexpected exit code" },
} as const satisfies Record<string, AuditEvent>;

/** The category: none (the source registers no category message file). */
const EVENT_CATEGORY = 0;
/** ReportEventW, lpStrings: "Each string is limited to 31,839 characters." */
export const MAX_STRING = 31_839;

const BY_EXIT_CODE: ReadonlyMap<number, AuditEvent> = new Map<number, AuditEvent>([
  [0, AUDIT_EVENTS.applied],
  [1, AUDIT_EVENTS.failedRestored],
  [2, AUDIT_EVENTS.badInput],
  [3, AUDIT_EVENTS.partlyDone],
  [4, AUDIT_EVENTS.environment],
]);

/** The event of an audit record: by its command (a recovery) and exit code, and CR1002 among its errors. */
function auditEventOf(record: AuditRecord): AuditEvent {
  if (record.command === "recover") return record.exitCode === 0 ? AUDIT_EVENTS.recovered : AUDIT_EVENTS.recoveryRefused;
  const errors = Array.isArray(record["errors"]) ? (record["errors"] as unknown[]) : [];
  if (record.exitCode === 1 && errors.some((e) => (e as { code?: unknown } | null)?.code === "CR1002")) return AUDIT_EVENTS.failedNotRestored;
  return BY_EXIT_CODE.get(record.exitCode) ?? AUDIT_EVENTS.unexpected;
}

/**
 * Writes one entry for `record`. Returns null when it was written with a registered source, else a warning for
 * the envelope: a missing or undescribed event log entry never fails the run.
 */
export async function writeAuditEvent(open: EventLogOpener, record: AuditRecord): Promise<string | null> {
  try {
    const event = auditEventOf(record);
    const strings = auditStrings(record);
    const api = await open();
    const unregistered = ensureEventSource(api);
    const source = api.registerEventSource(EVENT_SOURCE);
    if ("error" in source) return notWritten(`RegisterEventSourceW failed: ${win32ErrorText(source.error)}`);
    let reported;
    try {
      reported = api.reportEvent(source.value, { type: event.type, category: EVENT_CATEGORY, id: event.id, strings, rawData: null });
    } finally {
      api.deregisterEventSource(source.value);
    }
    if ("error" in reported) return notWritten(`ReportEventW failed: ${win32ErrorText(reported.error)}`);
    if (unregistered === null) return null;
    return (
      `The event source ${EVENT_SOURCE} could not be registered (${unregistered}; registering it needs administrators' rights): ` +
      `the Application event log entry was written, but Event Viewer shows no description for it (docs/audit-events.md).`
    );
  } catch (error) {
    return notWritten(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The insertion strings: a one-line sentence, and the record as JSON. Site names come from the configuration
 * file and may hold anything: control characters are dropped from the sentence and escaped in the JSON (DEL and
 * C1 too, which JSON.stringify leaves raw). A record longer than MAX_STRING keeps its top-level values that are
 * not lists or objects, and says it was cut: still JSON.
 */
export function auditStrings(record: AuditRecord): [string, string] {
  const event = auditEventOf(record);
  const summary =
    `CertRebind ${record.command} (${record.trigger}) run ${record.runId} by ${record.user} on ${record.computer}: ` +
    `exit code ${record.exitCode}, ${event.meaning}.`;
  let json = jsonOf(record);
  if (json.length > MAX_STRING) {
    const scalars = Object.fromEntries(Object.entries(record).filter(([, value]) => value === null || typeof value !== "object"));
    json = jsonOf({ ...scalars, cut: "the record is longer than an event log string can hold: the whole record is in the audit log" });
  }
  return [clip(summary.replace(/[\u0000-\u001F\u007F-\u009F]/g, "")), clip(json)];
}

function jsonOf(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** At most MAX_STRING characters, never ending in half a surrogate pair. */
function clip(text: string): string {
  if (text.length <= MAX_STRING) return text;
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(MAX_STRING - 1)) ? MAX_STRING - 1 : MAX_STRING;
  return text.slice(0, cut);
}

function notWritten(reason: string): string {
  return `The Application event log entry was not written: ${reason}${/[.!?]$/.test(reason) ? "" : "."}`;
}
