/*
 * The CNG (ncrypt.dll) and security (advapi32.dll) functions a private key's access list is read and changed with,
 * as Win32 declares them: SECURITY_STATUS results (0: success) for ncrypt, BOOL with lastError for advapi32,
 * out-parameters as Buffers the function writes, memory the API allocates freed with LocalFree.
 * koffi-key-security-api.ts binds them; tests give a fake with the same documented behaviour.
 */

/** https://learn.microsoft.com/windows/win32/seccng/key-storage-property-identifiers: L"Security Descr". */
export const NCRYPT_SECURITY_DESCR_PROPERTY = "Security Descr";
/** https://learn.microsoft.com/windows/win32/secauthz/security-information */
export const DACL_SECURITY_INFORMATION = 0x0000_0004;
/** NCryptGetProperty/NCryptSetProperty dwFlags: no UI (https://learn.microsoft.com/windows/win32/api/ncrypt/nf-ncrypt-ncryptsetproperty). */
export const NCRYPT_SILENT_FLAG = 0x0000_0040;
/** The property is stored with the key (NCryptSetProperty's page). */
export const NCRYPT_PERSIST_FLAG = 0x8000_0000;
/** https://learn.microsoft.com/windows/win32/api/sddl/nf-sddl-convertsecuritydescriptortostringsecuritydescriptorw */
export const SDDL_REVISION_1 = 1;
/** CryptAcquireCertificatePrivateKey: only a CNG key (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptacquirecertificateprivatekey). */
export const CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG = 0x0004_0000;

export interface KeySecurityApi {
  /**
   * NCryptGetProperty (https://learn.microsoft.com/windows/win32/api/ncrypt/nf-ncrypt-ncryptgetproperty): `output`
   * null asks for the size, written to `result` (a DWORD); returns the SECURITY_STATUS.
   */
  nCryptGetProperty(key: bigint, property: string, output: Buffer | null, result: Buffer, flags: number): number;
  /** NCryptSetProperty (https://learn.microsoft.com/windows/win32/api/ncrypt/nf-ncrypt-ncryptsetproperty): the SECURITY_STATUS. */
  nCryptSetProperty(key: bigint, property: string, input: Buffer, flags: number): number;
  /**
   * LookupAccountNameW (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-lookupaccountnamew) on this
   * machine (lpSystemName NULL): `sid` and `domain` null with their sizes 0 ask for the sizes (ERROR_INSUFFICIENT_BUFFER);
   * `sidSize` (bytes) and `domainSize` (characters) are DWORDs, `use` a SID_NAME_USE.
   */
  lookupAccountName(account: string, sid: Buffer | null, sidSize: Buffer, domain: Buffer | null, domainSize: Buffer, use: Buffer): boolean;
  /**
   * LookupAccountSidW (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-lookupaccountsidw) on this
   * machine: `name` and `domain` null with their sizes 0 ask for the sizes in characters (ERROR_INSUFFICIENT_BUFFER).
   */
  lookupAccountSid(sid: Buffer, name: Buffer | null, nameSize: Buffer, domain: Buffer | null, domainSize: Buffer, use: Buffer): boolean;
  /**
   * ConvertStringSidToSidW (https://learn.microsoft.com/windows/win32/api/sddl/nf-sddl-convertstringsidtosidw):
   * `sid` gets a LocalAlloc'd SID's address.
   */
  convertStringSidToSid(text: string, sid: Buffer): boolean;
  /** ConvertSidToStringSidW (https://learn.microsoft.com/windows/win32/api/sddl/nf-sddl-convertsidtostringsidw): `text` gets a LocalAlloc'd string's address. */
  convertSidToStringSid(sid: Buffer, text: Buffer): boolean;
  /**
   * ConvertSecurityDescriptorToStringSecurityDescriptorW
   * (https://learn.microsoft.com/windows/win32/api/sddl/nf-sddl-convertsecuritydescriptortostringsecuritydescriptorw):
   * `text` gets a LocalAlloc'd string's address.
   */
  convertSecurityDescriptorToString(descriptor: Buffer, revision: number, information: number, text: Buffer): boolean;
  /**
   * ConvertStringSecurityDescriptorToSecurityDescriptorW
   * (https://learn.microsoft.com/windows/win32/api/sddl/nf-sddl-convertstringsecuritydescriptortosecuritydescriptorw):
   * `descriptor` gets a LocalAlloc'd self-relative descriptor's address, `size` (a ULONG) its size.
   */
  convertStringToSecurityDescriptor(sddl: string, revision: number, descriptor: Buffer, size: Buffer): boolean;
  /** LocalFree (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-localfree): 0n on success. */
  localFree(address: bigint): bigint;
  /**
   * The NUL-terminated UTF-16 string at `address`: lstrlenW
   * (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-lstrlenw), then RtlMoveMemory
   * (https://learn.microsoft.com/windows/win32/devnotes/rtlmovememory).
   */
  wideStringAt(address: bigint): string;
  /** GetLengthSid (https://learn.microsoft.com/windows/win32/api/securitybaseapi/nf-securitybaseapi-getlengthsid) of a valid SID. */
  getLengthSid(sid: bigint): number;
  /** `length` bytes at `address` (RtlMoveMemory into a new Buffer). */
  copyMemory(address: bigint, length: number): Buffer;
  /** GetLastError of the last advapi32 call above. */
  lastError(): number;
}
