/*
 * Whether this process's token is elevated, as Windows itself says it: OpenProcessToken(GetCurrentProcess(),
 * TOKEN_QUERY) and GetTokenInformation(TokenElevation), whose TOKEN_ELEVATION.TokenIsElevated is nonzero when the
 * token has elevated privileges (https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-token_elevation,
 * https://learn.microsoft.com/windows/win32/api/securitybaseapi/nf-securitybaseapi-gettokeninformation;
 * TokenElevation is 20 in TOKEN_INFORMATION_CLASS, https://learn.microsoft.com/windows/win32/api/winnt/ne-winnt-token_information_class).
 * native-folder.ts's isElevated cannot ask this (it decides where the native module is written before it is
 * loaded); a command that refuses to run unelevated asks this once the module is loaded.
 */
import { Win32CallError } from "./httpapi/win32-errors.js";
import type { KoffiNative } from "./native/koffi-native.js";
import { loadSystem32Library } from "./native/system32-library.js";

const TOKEN_QUERY = 0x8;
const TOKEN_ELEVATION = 20;

export function tokenIsElevated(koffi: KoffiNative, systemRoot: string): boolean {
  const advapi = loadSystem32Library(koffi, systemRoot, "advapi32.dll").fn;
  const kernel = loadSystem32Library(koffi, systemRoot, "kernel32.dll").fn;
  const getLastError = kernel("GetLastError", "uint32", []);
  const getCurrentProcess = kernel("GetCurrentProcess", "uint64", []);
  const closeHandle = kernel("CloseHandle", "int32", ["uint64"]);
  const openProcessToken = advapi("OpenProcessToken", "int32", ["uint64", "uint32", "void *"]);
  const getTokenInformation = advapi("GetTokenInformation", "int32", ["uint64", "int32", "void *", "uint32", "void *"]);
  const token = Buffer.alloc(8);
  if (!openProcessToken(getCurrentProcess(), TOKEN_QUERY, token)) throw new Win32CallError("OpenProcessToken", getLastError() as number, "reading whether this process is elevated");
  const handle = token.readBigUInt64LE(0);
  try {
    const elevation = Buffer.alloc(4);
    const returned = Buffer.alloc(4);
    if (!getTokenInformation(handle, TOKEN_ELEVATION, elevation, elevation.length, returned)) {
      throw new Win32CallError("GetTokenInformation", getLastError() as number, "reading whether this process is elevated");
    }
    return elevation.readUInt32LE(0) !== 0;
  } finally {
    closeHandle(handle);
  }
}
