import { CertRebindError, ExitCode } from "../../../core/errors.js";

/**
 * The Win32 error codes the HTTP Server API configuration functions document (System Error Codes:
 * https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-, and the Return value sections of
 * https://learn.microsoft.com/windows/win32/api/http/nf-http-httpqueryserviceconfiguration and its siblings), and
 * those of the Service Control Manager (…/system-error-codes--1000-1299-) and of the security functions of
 * ../file-security.ts and the key access (…/system-error-codes--1300-1699-), and the crypt32 and
 * CSP/CNG codes of the certificate stores (../cert-store.ts; their values: COM Error Codes (Security and Setup),
 * https://learn.microsoft.com/windows/win32/com/com-error-codes-4).
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
  ERROR_INVALID_NAME: 123,
  ERROR_MORE_DATA: 234,
  ERROR_NO_MORE_ITEMS: 259,
  ERROR_NOT_ALL_ASSIGNED: 1300,
  ERROR_INVALID_OWNER: 1307,
  ERROR_NO_SUCH_LOGON_SESSION: 1312,
  ERROR_PRIVILEGE_NOT_HELD: 1314,
  ERROR_INVALID_SECURITY_DESCR: 1338,
  ERROR_NO_MORE_FILES: 18,
  ERROR_SERVICE_REQUEST_TIMEOUT: 1053,
  ERROR_DEPENDENT_SERVICES_RUNNING: 1051,
  ERROR_INVALID_SERVICE_CONTROL: 1052,
  ERROR_SERVICE_ALREADY_RUNNING: 1056,
  ERROR_SERVICE_DISABLED: 1058,
  ERROR_SERVICE_DOES_NOT_EXIST: 1060,
  ERROR_SERVICE_CANNOT_ACCEPT_CTRL: 1061,
  ERROR_SERVICE_NOT_ACTIVE: 1062,
  ERROR_NONE_MAPPED: 1332,
  NTE_BAD_KEYSET: 0x8009_0016,
  NTE_KEYSET_NOT_DEF: 0x8009_0019,
  NTE_SILENT_CONTEXT: 0x8009_0022,
  NTE_BAD_KEY_STATE: 0x8009_000b,
  CRYPT_E_NOT_FOUND: 0x8009_2004,
  CRYPT_E_NO_KEY_PROPERTY: 0x8009_200b,
} as const;

const NAMES = new Map<number, string>(Object.entries(WIN32_ERRORS).map(([name, code]) => [code, name]));

/** `ERROR_ALREADY_EXISTS (183)`; a code this table does not name is given by its number alone. */
export function win32ErrorText(code: number): string {
  const name = NAMES.get(code);
  // An HRESULT (crypt32, CSPs) reads as Microsoft prints it: 0x80092004.
  const number = code >= 0x8000_0000 ? `0x${code.toString(16).toUpperCase()}` : String(code);
  return name ? `${name} (${number})` : `Win32 error ${number}`;
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
