/*
 * The event logging and registry functions of advapi32.dll the audit event uses, through koffi; advapi32.dll is
 * loaded by its full path in System32 (system32-library.ts).
 *
 * - RegisterEventSourceW(NULL, source) gives a handle to the local computer's log of that source, or NULL
 *   (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-registereventsourcew); DeregisterEventSource
 *   closes it (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-deregistereventsource).
 * - ReportEventW(handle, type, category, id, NULL SID, count, data size, strings, data)
 *   (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-reporteventw): lpStrings is an array of
 *   pointers to NUL-terminated UTF-16 strings; lpRawData may be NULL when dwDataSize is 0.
 * - RegOpenKeyExW, RegCreateKeyExW, RegQueryValueExW, RegSetValueExW, RegCloseKey
 *   (https://learn.microsoft.com/windows/win32/api/winreg/): they return the error code (LSTATUS) themselves.
 *   HKEY_LOCAL_MACHINE is `(HKEY)(ULONG_PTR)((LONG)0x80000002)` in winreg.h, sign-extended on 64-bit Windows.
 * koffi keeps the thread's last error between calls (koffi's interp.cc), so GetLastError is the called function's.
 */
import { WIN32_ERRORS } from "./httpapi/win32-errors.js";
import type { KoffiNative } from "./native/koffi-native.js";
import { loadSystem32Library } from "./native/system32-library.js";

/** The event a ReportEventW call writes. */
export interface ReportedEvent {
  /** EVENTLOG_ERROR_TYPE (1), _WARNING_TYPE (2), _INFORMATION_TYPE (4). */
  type: number;
  category: number;
  id: number;
  strings: readonly string[];
  /** The event's binary data; null for none. */
  rawData: Buffer | null;
}

/** A call's outcome: its value, or the Win32 error code it failed with. */
export type Win32Result<T> = { value: T } | { error: number };

export interface EventLogApi {
  registerEventSource(source: string): Win32Result<unknown>;
  reportEvent(handle: unknown, event: ReportedEvent): Win32Result<true>;
  deregisterEventSource(handle: unknown): Win32Result<true>;
}

/** A key of HKEY_LOCAL_MACHINE, opened by RegistryApi. */
export type RegistryKey = bigint;

export const KEY_QUERY_VALUE = 0x1;
export const KEY_SET_VALUE = 0x2;
export const REG_EXPAND_SZ = 2;
export const REG_DWORD = 4;
const REG_CREATED_NEW_KEY = 1;

export interface RegistryApi {
  /** RegOpenKeyExW(HKEY_LOCAL_MACHINE, subkey, 0, access). */
  openKey(subkey: string, access: number): Win32Result<RegistryKey>;
  /** RegCreateKeyExW(HKEY_LOCAL_MACHINE, subkey, non-volatile, access): the key and whether it was created. */
  createKey(subkey: string, access: number): Win32Result<{ key: RegistryKey; created: boolean }>;
  /** RegQueryValueExW with no buffer: whether the value exists (ERROR_FILE_NOT_FOUND: it does not). */
  hasValue(key: RegistryKey, name: string): Win32Result<boolean>;
  setExpandString(key: RegistryKey, name: string, text: string): Win32Result<true>;
  setDword(key: RegistryKey, name: string, value: number): Win32Result<true>;
  closeKey(key: RegistryKey): void;
}

const HKEY_LOCAL_MACHINE = 0xffff_ffff_8000_0002n;

export function koffiEventLogApi(koffi: KoffiNative, systemRoot: string): EventLogApi & RegistryApi {
  const advapi = loadSystem32Library(koffi, systemRoot, "advapi32.dll").fn;
  const kernel = loadSystem32Library(koffi, systemRoot, "kernel32.dll").fn;
  const getLastError = kernel("GetLastError", "uint32", []);
  const register = advapi("RegisterEventSourceW", "uint64", ["void *", "void *"]);
  const report = advapi("ReportEventW", "int32", ["uint64", "uint16", "uint16", "uint32", "void *", "uint16", "uint32", "void *", "void *"]);
  const deregister = advapi("DeregisterEventSource", "int32", ["uint64"]);
  const openKey = advapi("RegOpenKeyExW", "int32", ["uint64", "void *", "uint32", "uint32", "void *"]);
  const createKey = advapi("RegCreateKeyExW", "int32", ["uint64", "void *", "uint32", "void *", "uint32", "uint32", "void *", "void *", "void *"]);
  const queryValue = advapi("RegQueryValueExW", "int32", ["uint64", "void *", "void *", "void *", "void *", "void *"]);
  const setValue = advapi("RegSetValueExW", "int32", ["uint64", "void *", "uint32", "uint32", "void *", "uint32"]);
  const closeKey = advapi("RegCloseKey", "int32", ["uint64"]);
  const status = <T>(code: number, value: T): Win32Result<T> => (code === 0 ? { value } : { error: code >>> 0 });
  const setValueOf = (key: RegistryKey, name: string, type: number, data: Buffer) => status(setValue(key, wide(name), 0, type, data, data.length) as number, true as const);

  return {
    registerEventSource(source) {
      const handle = register(null, wide(source)) as number | bigint;
      return BigInt(handle) === 0n ? { error: getLastError() as number } : { value: handle };
    },
    reportEvent(handle, event) {
      const strings = event.strings.map(wide);
      const pointers = Buffer.alloc(8 * Math.max(strings.length, 1));
      strings.forEach((s, i) => pointers.writeBigUInt64LE(koffi.address(s), 8 * i));
      const data = event.rawData ?? null;
      const ok = report(handle, event.type, event.category, event.id, null, strings.length, data?.length ?? 0, pointers, data) as number;
      // The string buffers stay referenced (`strings`) until the call has returned.
      return ok ? { value: true } : { error: getLastError() as number };
    },
    deregisterEventSource(handle) {
      return deregister(handle) ? { value: true } : { error: getLastError() as number };
    },
    openKey(subkey, access) {
      const out = Buffer.alloc(8);
      const code = openKey(HKEY_LOCAL_MACHINE, wide(subkey), 0, access, out) as number;
      return status(code, out.readBigUInt64LE(0));
    },
    createKey(subkey, access) {
      const out = Buffer.alloc(8);
      const disposition = Buffer.alloc(4);
      const code = createKey(HKEY_LOCAL_MACHINE, wide(subkey), 0, null, 0, access, null, out, disposition) as number;
      return status(code, { key: out.readBigUInt64LE(0), created: disposition.readUInt32LE(0) === REG_CREATED_NEW_KEY });
    },
    hasValue(key, name) {
      const code = queryValue(key, wide(name), null, null, null, null) as number;
      return code === WIN32_ERRORS.ERROR_FILE_NOT_FOUND ? { value: false } : status(code, true);
    },
    setExpandString: (key, name, text) => setValueOf(key, name, REG_EXPAND_SZ, wide(text)),
    setDword(key, name, value) {
      const data = Buffer.alloc(4);
      data.writeUInt32LE(value >>> 0, 0);
      return setValueOf(key, name, REG_DWORD, data);
    },
    closeKey(key) {
      closeKey(key);
    },
  };
}

function wide(text: string): Buffer {
  return Buffer.from(`${text}\0`, "utf16le");
}
