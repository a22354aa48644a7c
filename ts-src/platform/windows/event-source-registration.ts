/*
 * The registration of the CertRebind event source, so that Event Viewer can show a description for its events.
 *
 * An event source is a key under HKLM\SYSTEM\CurrentControlSet\Services\EventLog\<log>; its EventMessageFile
 * (REG_SZ or REG_EXPAND_SZ) names the file of the event descriptions, TypesSupported (REG_DWORD) the event types. A
 * source name not in the registry still writes to the Application log, but "Event Viewer cannot map any event
 * identifiers or event categories to a description string" (https://learn.microsoft.com/windows/win32/eventlog/event-sources).
 *
 * The message file is the one .NET registers for every source that brings none: EventLogMessages.dll of .NET
 * Framework 4 (the file named by EventLog.GetDllPath in .NET Framework's System.Diagnostics.EventLog, whose
 * WriteEntry registers a missing source itself on first use, with administrators' rights:
 * https://learn.microsoft.com/previous-versions/dotnet/netframework-3.0/xz73e171(v=vs.85)). Its message for
 * every event ID from 0 to 65535 is "%1", the first insertion string: INFERRED from .NET's own copy of that file,
 * https://github.com/dotnet/runtime/blob/main/src/libraries/System.Diagnostics.EventLog/src/Messages/readme.md
 * ("a default message file with 64K message IDs all that just pass through the first insertion string").
 * UNCERTAIN: that every supported Windows Server has .NET Framework 4 in that folder (it is a component of
 * Windows from Server 2012 on); where it is missing Event Viewer shows no description, and the event is still there.
 *
 * Registration writes only a key that does not exist or has no EventMessageFile: a source already registered (by an
 * administrator, or by eventcreate of an earlier version of this tool, which registers its own EventCreate.exe:
 * https://learn.microsoft.com/previous-versions/orphan-topics/ws.10/cc773003(v=ws.10)) is left as it is. It is not
 * journaled: the key changes what Event Viewer shows, not what the server serves. `Remove-EventLog -Source
 * CertRebind` (Windows PowerShell 5.1) or deleting the key undoes it.
 */
import { KEY_QUERY_VALUE, KEY_SET_VALUE, type RegistryApi, type RegistryKey } from "./event-log-api.js";
import { WIN32_ERRORS, win32ErrorText } from "./httpapi/win32-errors.js";

export const EVENT_SOURCE = "CertRebind";
export const EVENT_SOURCE_KEY = `SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\${EVENT_SOURCE}`;
export const EVENT_MESSAGE_FILE = "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll";
/** EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE. */
const TYPES_SUPPORTED = 0x7;

/** Null when the source is registered (now or before); otherwise why it is not, naming the call and its error. */
export function ensureEventSource(api: RegistryApi): string | null {
  const opened = api.openKey(EVENT_SOURCE_KEY, KEY_QUERY_VALUE);
  if ("value" in opened) {
    const has = withKey(api, opened.value, (key) => api.hasValue(key, "EventMessageFile"));
    if ("error" in has) return failed("RegQueryValueExW", has.error);
    if (has.value) return null;
  } else if (opened.error !== WIN32_ERRORS.ERROR_FILE_NOT_FOUND) {
    return failed("RegOpenKeyExW", opened.error);
  }
  const created = api.createKey(EVENT_SOURCE_KEY, KEY_QUERY_VALUE | KEY_SET_VALUE);
  if ("error" in created) return failed("RegCreateKeyExW", created.error);
  return withKey(api, created.value.key, (key) => {
    // Another process may have registered it between the two calls.
    const has = api.hasValue(key, "EventMessageFile");
    if ("error" in has) return failed("RegQueryValueExW", has.error);
    if (has.value) return null;
    const file = api.setExpandString(key, "EventMessageFile", EVENT_MESSAGE_FILE);
    if ("error" in file) return failed("RegSetValueExW", file.error);
    const types = api.setDword(key, "TypesSupported", TYPES_SUPPORTED);
    return "error" in types ? failed("RegSetValueExW", types.error) : null;
  });
}

function withKey<T>(api: RegistryApi, key: RegistryKey, use: (key: RegistryKey) => T): T {
  try {
    return use(key);
  } finally {
    api.closeKey(key);
  }
}

function failed(name: string, code: number): string {
  return `${name} failed: ${win32ErrorText(code)}`;
}
