import { WIN32_ERRORS } from "../../../ts-src/platform/windows/httpapi/win32-errors.js";
import { HKEY_LOCAL_MACHINE, KEY_QUERY_VALUE, KEY_SET_VALUE, KEY_WOW64_64KEY, REG_SZ, type RegistryApi } from "../../../ts-src/platform/windows/registry/registry-api.js";

/** A value as the registry keeps it: its type and its bytes (a REG_SZ's UTF-16 text, with or without its null). */
export interface FakeValue {
  type: number;
  data: Buffer;
}

/** A REG_SZ value as RegSetValueExW stores it: UTF-16, the terminating null included. */
export function regSz(text: string): FakeValue {
  return { type: REG_SZ, data: Buffer.from(`${text}\0`, "utf16le") };
}

/**
 * HKEY_LOCAL_MACHINE's 64-bit view as the registry functions document it, in memory: keys by path (case-insensitive,
 * as the registry compares names), values in the order they were written. RegOpenKeyExW of a key that is not there
 * and RegQueryValueExW of a value that is not there are ERROR_FILE_NOT_FOUND; a handle opened without
 * KEY_QUERY_VALUE / KEY_SET_VALUE is ERROR_ACCESS_DENIED for a read / write; a RegQueryValueExW buffer smaller than
 * the value is ERROR_MORE_DATA with the size needed (no data); null data answers the size; RegEnumValueW's name
 * buffer is counted in characters (the null included on input, left out on output) and is ERROR_MORE_DATA when too
 * small; past the last value ERROR_NO_MORE_ITEMS. Every call must name the 64-bit view (KEY_WOW64_64KEY). It
 * tracks open handles and refuses one it did not give or already closed.
 */
export class FakeRegistry implements RegistryApi {
  readonly calls: string[] = [];
  readonly keys = new Map<string, { path: string; values: Map<string, FakeValue & { name: string }> }>();
  readonly open = new Map<bigint, { path: string; access: number }>();
  /** Makes the next RegSetValueExW of a value of this name fail with this error. */
  failSet: { name: string; error: number } | null = null;
  /** Runs before each RegQueryValueExW with data (a value that changes between the size and the read). */
  beforeRead: (() => void) | null = null;
  private nextHandle = 0x4000n;

  constructor(keys: Record<string, Record<string, FakeValue | string>> = {}) {
    for (const [path, values] of Object.entries(keys)) {
      this.addKey(path);
      for (const [name, value] of Object.entries(values)) this.set(path, name, typeof value === "string" ? regSz(value) : value);
    }
  }

  addKey(path: string): void {
    if (!this.keys.has(path.toLowerCase())) this.keys.set(path.toLowerCase(), { path, values: new Map() });
  }

  set(path: string, name: string, value: FakeValue): void {
    this.keys.get(path.toLowerCase())!.values.set(name.toLowerCase(), { name, ...value });
  }

  /** A REG_SZ value's text (its null left out), undefined when it is not there. */
  text(path: string, name: string): string | undefined {
    const value = this.keys.get(path.toLowerCase())?.values.get(name.toLowerCase());
    return value === undefined ? undefined : value.data.toString("utf16le").replace(/\0+$/, "");
  }

  openKey(root: bigint, subKey: string, access: number, key: Buffer): number {
    this.calls.push(`RegOpenKeyExW ${subKey}`);
    if (root !== HKEY_LOCAL_MACHINE || (access & KEY_WOW64_64KEY) === 0 || key.length !== 8) return WIN32_ERRORS.ERROR_INVALID_PARAMETER;
    if (!this.keys.has(subKey.toLowerCase())) return WIN32_ERRORS.ERROR_FILE_NOT_FOUND;
    const handle = this.nextHandle++;
    this.open.set(handle, { path: subKey.toLowerCase(), access });
    key.writeBigUInt64LE(handle);
    return 0;
  }

  queryValue(key: bigint, name: string, type: Buffer, data: Buffer | null, size: Buffer): number {
    this.calls.push(`RegQueryValueExW ${name}${data === null ? " (size)" : ""}`);
    const handle = this.open.get(key);
    if (handle === undefined) return WIN32_ERRORS.ERROR_INVALID_HANDLE;
    if ((handle.access & KEY_QUERY_VALUE) === 0) return WIN32_ERRORS.ERROR_ACCESS_DENIED;
    if (size.length !== 4 || type.length !== 4) return WIN32_ERRORS.ERROR_INVALID_PARAMETER;
    if (data !== null) this.beforeRead?.();
    const value = this.keys.get(handle.path)!.values.get(name.toLowerCase());
    if (value === undefined) return WIN32_ERRORS.ERROR_FILE_NOT_FOUND;
    if (data !== null && data.length < size.readUInt32LE()) return WIN32_ERRORS.ERROR_INVALID_PARAMETER;
    const room = data === null ? 0 : size.readUInt32LE();
    type.writeUInt32LE(value.type);
    size.writeUInt32LE(value.data.length);
    if (data === null) return 0;
    if (room < value.data.length) return WIN32_ERRORS.ERROR_MORE_DATA;
    value.data.copy(data);
    return 0;
  }

  enumValue(key: bigint, index: number, name: Buffer, nameChars: Buffer, type: Buffer): number {
    this.calls.push(`RegEnumValueW ${index}`);
    const handle = this.open.get(key);
    if (handle === undefined) return WIN32_ERRORS.ERROR_INVALID_HANDLE;
    if ((handle.access & KEY_QUERY_VALUE) === 0) return WIN32_ERRORS.ERROR_ACCESS_DENIED;
    const value = [...this.keys.get(handle.path)!.values.values()][index];
    if (value === undefined) return WIN32_ERRORS.ERROR_NO_MORE_ITEMS;
    const room = nameChars.readUInt32LE();
    if (room * 2 > name.length) return WIN32_ERRORS.ERROR_INVALID_PARAMETER;
    if (value.name.length + 1 > room) return WIN32_ERRORS.ERROR_MORE_DATA;
    name.write(`${value.name}\0`, "utf16le");
    nameChars.writeUInt32LE(value.name.length);
    type.writeUInt32LE(value.type);
    return 0;
  }

  setValue(key: bigint, name: string, valueType: number, data: Buffer): number {
    this.calls.push(`RegSetValueExW ${name}`);
    const handle = this.open.get(key);
    if (handle === undefined) return WIN32_ERRORS.ERROR_INVALID_HANDLE;
    if ((handle.access & KEY_SET_VALUE) === 0) return WIN32_ERRORS.ERROR_ACCESS_DENIED;
    if (this.failSet !== null && this.failSet.name.toLowerCase() === name.toLowerCase()) return this.failSet.error;
    this.set(this.keys.get(handle.path)!.path, name, { type: valueType, data: Buffer.from(data) });
    return 0;
  }

  closeKey(key: bigint): number {
    this.calls.push("RegCloseKey");
    return this.open.delete(key) ? 0 : WIN32_ERRORS.ERROR_INVALID_HANDLE;
  }
}
