/*
 * The registry functions of advapi32 the Registry class reads and writes values with, as Win32 declares them: each
 * returns its LSTATUS (ERROR_SUCCESS, 0, or a Win32 error code; no GetLastError), handles are 64-bit integers,
 * out-parameters are Buffers the function writes. koffi-registry-api.ts binds them to the DLL; tests give a fake with
 * the same documented behaviour (tests/ts/support/fake-registry.ts).
 */

/**
 * HKEY_LOCAL_MACHINE as winreg.h defines it, `(HKEY)(ULONG_PTR)((LONG)0x80000002)`: sign-extended to 64 bits
 * (https://learn.microsoft.com/windows/win32/sysinfo/predefined-keys).
 */
export const HKEY_LOCAL_MACHINE = 0xffff_ffff_8000_0002n;

/** Registry key security and access rights (https://learn.microsoft.com/windows/win32/sysinfo/registry-key-security-and-access-rights). */
export const KEY_QUERY_VALUE = 0x0001;
export const KEY_SET_VALUE = 0x0002;
/** Reads the 64-bit view whatever the process is (https://learn.microsoft.com/windows/win32/winprog64/accessing-an-alternate-registry-view). */
export const KEY_WOW64_64KEY = 0x0100;

/** Registry value types (https://learn.microsoft.com/windows/win32/sysinfo/registry-value-types). */
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;

/**
 * "Value name: 16,383 characters" (Registry element size limits,
 * https://learn.microsoft.com/windows/win32/sysinfo/registry-element-size-limits); RegEnumValueW's lpValueName
 * buffer is that plus the terminating null.
 */
export const MAX_VALUE_NAME_CHARS = 16_383;
/** A string value this tool reads is a thumbprint or an instance id: a bound on what it asks RegQueryValueExW for. */
export const MAX_STRING_VALUE_BYTES = 64 * 1024;

export interface RegistryApi {
  /**
   * RegOpenKeyExW (https://learn.microsoft.com/windows/win32/api/winreg/nf-winreg-regopenkeyexw), ulOptions 0: the
   * handle is written to `key` (8 bytes). A key that is not there is ERROR_FILE_NOT_FOUND.
   */
  openKey(root: bigint, subKey: string, access: number, key: Buffer): number;
  /**
   * RegQueryValueExW (https://learn.microsoft.com/windows/win32/api/winreg/nf-winreg-regqueryvalueexw): `type` and
   * `size` are DWORDs; `data` null asks for the size (ERROR_SUCCESS, the size in `size`); a `data` smaller than
   * `size` says is ERROR_MORE_DATA with the size needed in `size`; a value that is not there is ERROR_FILE_NOT_FOUND.
   * A string's bytes may lack their terminating null ("the string may not have been stored with the proper
   * terminating null characters").
   */
  queryValue(key: bigint, name: string, type: Buffer, data: Buffer | null, size: Buffer): number;
  /**
   * RegEnumValueW (https://learn.microsoft.com/windows/win32/api/winreg/nf-winreg-regenumvaluew), lpData NULL: the
   * name of value `index` into `name`; `nameChars` (a DWORD) gives its size in characters, the null included, and
   * receives the name's length without it. A `name` too small is ERROR_MORE_DATA; past the last value, ERROR_NO_MORE_ITEMS.
   */
  enumValue(key: bigint, index: number, name: Buffer, nameChars: Buffer, type: Buffer): number;
  /**
   * RegSetValueExW (https://learn.microsoft.com/windows/win32/api/winreg/nf-winreg-regsetvalueexw): `data` is the
   * whole value; for REG_SZ its UTF-16 text with the terminating null ("cbData must include the size of the
   * terminating null character or characters").
   */
  setValue(key: bigint, name: string, type: number, data: Buffer): number;
  /** RegCloseKey (https://learn.microsoft.com/windows/win32/api/winreg/nf-winreg-regclosekey). */
  closeKey(key: bigint): number;
}
