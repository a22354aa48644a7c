/*
 * HKEY_LOCAL_MACHINE's 64-bit view (KEY_WOW64_64KEY), read and written through advapi32 in this process: no reg.exe,
 * no PowerShell (a hardened server may block PowerShell; the registry API is always there).
 *
 * - valueNames: RegOpenKeyExW(KEY_QUERY_VALUE), then RegEnumValueW from index 0 until ERROR_NO_MORE_ITEMS, each
 *   name into a buffer of the largest value name (16,383 characters and the null).
 * - readString: RegQueryValueExW first without a buffer for the size, then with it (again when ERROR_MORE_DATA says
 *   the value grew between the two calls); REG_SZ and REG_EXPAND_SZ only (another type is an error: the tool never
 *   guesses what a binary value means); a terminating null is not required (the function's page warns it may be missing).
 * - writeString: RegOpenKeyExW(KEY_SET_VALUE), RegSetValueExW(REG_SZ) with the terminating null counted.
 * - A key or value that is not there (ERROR_FILE_NOT_FOUND) reads as null; any other error is CR4006 naming the
 *   function, the error and the key. Every handle opened is closed with RegCloseKey.
 */
import { WIN32_ERRORS, Win32CallError } from "../httpapi/win32-errors.js";
import {
  HKEY_LOCAL_MACHINE,
  KEY_QUERY_VALUE,
  KEY_SET_VALUE,
  KEY_WOW64_64KEY,
  MAX_STRING_VALUE_BYTES,
  MAX_VALUE_NAME_CHARS,
  REG_EXPAND_SZ,
  REG_SZ,
  type RegistryApi,
} from "./registry-api.js";

/**
 * What a Registry's opener throws where there is no registry (a WindowsHost made on another OS without a fake, as
 * tests of other facilities make it): readers of optional services read them as absent.
 */
export class RegistryUnavailableError extends Error {
  constructor() {
    super("there is no Windows registry on this system");
    this.name = "RegistryUnavailableError";
  }
}

/** Opens advapi32's registry functions (on first use): by default through koffi, in tests a fake. */
export type RegistryOpener = () => Promise<RegistryApi>;

/** A key path below HKEY_LOCAL_MACHINE: backslash-separated names, no empty one, no control character. */
const KEY_PATH = /^[^\\\u0000-\u001f]+(\\[^\\\u0000-\u001f]+)*$/;

export class Registry {
  private api: Promise<RegistryApi> | null = null;

  constructor(private readonly open: RegistryOpener) {}

  /** The value names of HKLM\`path`, in the registry's order; null when the key is not there. */
  async valueNames(path: string): Promise<string[] | null> {
    return this.withKey(path, KEY_QUERY_VALUE, (api, key) => {
      const names: string[] = [];
      const name = Buffer.alloc((MAX_VALUE_NAME_CHARS + 1) * 2);
      const chars = Buffer.alloc(4);
      const type = Buffer.alloc(4);
      for (let index = 0; ; index++) {
        chars.writeUInt32LE(MAX_VALUE_NAME_CHARS + 1);
        const status = api.enumValue(key, index, name, chars, type);
        if (status === WIN32_ERRORS.ERROR_NO_MORE_ITEMS) return names;
        if (status !== 0) throw new Win32CallError("RegEnumValueW", status, `HKLM\\${path}, value ${index}`);
        names.push(name.toString("utf16le", 0, chars.readUInt32LE() * 2));
      }
    });
  }

  /** The string value `name` of HKLM\`path`; null when the key or the value is not there. */
  async readString(path: string, name: string): Promise<string | null> {
    return this.withKey(path, KEY_QUERY_VALUE, (api, key) => {
      const type = Buffer.alloc(4);
      const size = Buffer.alloc(4);
      let status = api.queryValue(key, name, type, null, size);
      for (let attempt = 0; status === 0 || status === WIN32_ERRORS.ERROR_MORE_DATA; attempt++) {
        const bytes = size.readUInt32LE();
        if (bytes > MAX_STRING_VALUE_BYTES || attempt > 3) break;
        const data = Buffer.alloc(bytes);
        status = api.queryValue(key, name, type, data, size);
        if (status !== 0) continue;
        const kind = type.readUInt32LE();
        if (kind !== REG_SZ && kind !== REG_EXPAND_SZ) {
          throw new Win32CallError("RegQueryValueExW", WIN32_ERRORS.ERROR_INVALID_DATA, `HKLM\\${path} value ${name} is of type ${kind}, not a string (REG_SZ)`);
        }
        const text = data.toString("utf16le", 0, size.readUInt32LE() & ~1);
        const end = text.indexOf("\0");
        return end < 0 ? text : text.slice(0, end);
      }
      if (status === WIN32_ERRORS.ERROR_FILE_NOT_FOUND) return null;
      throw new Win32CallError("RegQueryValueExW", status === 0 ? WIN32_ERRORS.ERROR_MORE_DATA : status, `HKLM\\${path} value ${name}`);
    });
  }

  /** Writes the REG_SZ value `name` of the existing key HKLM\`path` (ERROR_FILE_NOT_FOUND when it is not there). */
  async writeString(path: string, name: string, value: string): Promise<void> {
    const written = await this.withKey(path, KEY_SET_VALUE, (api, key) => {
      const status = api.setValue(key, name, REG_SZ, Buffer.from(`${value}\0`, "utf16le"));
      if (status !== 0) throw new Win32CallError("RegSetValueExW", status, `HKLM\\${path} value ${name}`);
      return true;
    });
    if (written === null) throw new Win32CallError("RegOpenKeyExW", WIN32_ERRORS.ERROR_FILE_NOT_FOUND, `HKLM\\${path}`);
  }

  private async withKey<T>(path: string, access: number, use: (api: RegistryApi, key: bigint) => T): Promise<T | null> {
    if (!KEY_PATH.test(path)) throw new Win32CallError("RegOpenKeyExW", WIN32_ERRORS.ERROR_INVALID_NAME, `'${path}' is not a registry key path; nothing was asked of the registry`);
    const api = await (this.api ??= this.open());
    const handle = Buffer.alloc(8);
    const status = api.openKey(HKEY_LOCAL_MACHINE, path, access | KEY_WOW64_64KEY, handle);
    if (status === WIN32_ERRORS.ERROR_FILE_NOT_FOUND) return null;
    if (status !== 0) throw new Win32CallError("RegOpenKeyExW", status, `HKLM\\${path}`);
    const key = handle.readBigUInt64LE();
    try {
      return use(api, key);
    } finally {
      api.closeKey(key);
    }
  }
}
