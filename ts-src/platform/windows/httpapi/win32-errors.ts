import { CertRebindError, ExitCode } from "../../../core/errors.js";

/**
 * The Win32 error codes the HTTP Server API configuration functions document (System Error Codes:
 * https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-, and the Return value sections of
 * https://learn.microsoft.com/windows/win32/api/http/nf-http-httpqueryserviceconfiguration and its siblings), and
 * those of the security functions of ../file-security.ts (…/system-error-codes--1300-1699-).
 */
export const WIN32_ERRORS = {
  NO_ERROR: 0,
  ERROR_INVALID_FUNCTION: 1,
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_ACCESS_DENIED: 5,
  ERROR_INVALID_HANDLE: 6,
  ERROR_NOT_ENOUGH_MEMORY: 8,
  ERROR_INVALID_DATA: 13,
  ERROR_SHARING_VIOLATION: 32,
  ERROR_NOT_SUPPORTED: 50,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_INSUFFICIENT_BUFFER: 122,
  ERROR_PROC_NOT_FOUND: 127,
  ERROR_ALREADY_EXISTS: 183,
  ERROR_MORE_DATA: 234,
  ERROR_NO_MORE_ITEMS: 259,
  ERROR_NOT_ALL_ASSIGNED: 1300,
  ERROR_INVALID_OWNER: 1307,
  ERROR_NO_SUCH_LOGON_SESSION: 1312,
  ERROR_PRIVILEGE_NOT_HELD: 1314,
  ERROR_INVALID_SECURITY_DESCR: 1338,
} as const;

const NAMES = new Map<number, string>(Object.entries(WIN32_ERRORS).map(([name, code]) => [code, name]));

/** `ERROR_ALREADY_EXISTS (183)`; a code this table does not name is given by its number alone. */
export function win32ErrorText(code: number): string {
  const name = NAMES.get(code);
  return name ? `${name} (${code})` : `Win32 error ${code}`;
}

/** A Win32 function that returned an error: the sentence names the function, the error's name and number (CR4006). */
export class Win32CallError extends CertRebindError {
  constructor(
    readonly functionName: string,
    readonly errorCode: number,
    detail = "",
  ) {
    super("CR4006", `${functionName} failed: ${win32ErrorText(errorCode)}${detail ? ` (${detail})` : ""}`, ExitCode.Environment, functionName);
    this.name = "Win32CallError";
  }
}
