/*
 * A host file's replacement gets the replaced file's security descriptor before it is renamed over it: owner,
 * group, DACL, and whether the DACL is protected from inheritance. A rename keeps the renamed file's own descriptor,
 * so without this the new file would have what it inherited from its folder (docs/snapshot-host.md, "Writes").
 *
 * - GetNamedSecurityInfoW reads OWNER, GROUP and DACL into one self-relative descriptor freed with LocalFree
 *   (https://learn.microsoft.com/windows/win32/api/aclapi/nf-aclapi-getnamedsecurityinfow).
 * - GetSecurityDescriptorControl gives SE_DACL_PROTECTED (0x1000)
 *   (https://learn.microsoft.com/windows/win32/api/securitybaseapi/nf-securitybaseapi-getsecuritydescriptorcontrol,
 *   https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-control).
 * - SetNamedSecurityInfoW sets them on the replacement, with PROTECTED_ or UNPROTECTED_DACL_SECURITY_INFORMATION
 *   as the old DACL was (https://learn.microsoft.com/windows/win32/api/aclapi/nf-aclapi-setnamedsecurityinfow,
 *   https://learn.microsoft.com/windows/win32/secauthz/security-information). An unprotected DACL takes the
 *   inheritable entries of the folder, the same folder as the old file's.
 * - An owner other than the caller needs SeRestorePrivilege (SetNamedSecurityInfoW, psidOwner): when the owner is
 *   refused (ERROR_INVALID_OWNER), the privilege is enabled in the process token with AdjustTokenPrivileges
 *   (https://learn.microsoft.com/windows/win32/api/securitybaseapi/nf-securitybaseapi-adjusttokenprivileges; it
 *   "succeeds" with ERROR_NOT_ALL_ASSIGNED when the token does not hold it) and the call made once more.
 * The SACL is not copied (it needs SeSecurityPrivilege; UNCERTAIN whether a host file ever has one).
 * koffi keeps the thread's last error between calls (koffi's interp.cc), so GetLastError is the called function's.
 */
import type { KeepSecurity } from "../files/durable-write.js";
import type { KoffiFunction, KoffiNative } from "./native/koffi-native.js";
import { WIN32_ERRORS, Win32CallError } from "./httpapi/win32-errors.js";
import { loadSystem32Library } from "./native/system32-library.js";

const SE_FILE_OBJECT = 1;
const OWNER_SECURITY_INFORMATION = 0x1;
const GROUP_SECURITY_INFORMATION = 0x2;
const DACL_SECURITY_INFORMATION = 0x4;
const PROTECTED_DACL_SECURITY_INFORMATION = 0x8000_0000;
const UNPROTECTED_DACL_SECURITY_INFORMATION = 0x2000_0000;
const SE_DACL_PROTECTED = 0x1000;
const TOKEN_ADJUST_PRIVILEGES = 0x20;
const TOKEN_QUERY = 0x8;
const SE_PRIVILEGE_ENABLED = 0x2;
const SE_RESTORE_NAME = "SeRestorePrivilege";

/** The advapi32 and kernel32 functions used here; pointers the API returns are passed back as 64-bit integers. */
export interface SecurityApi {
  getNamedSecurityInfo: KoffiFunction;
  getSecurityDescriptorControl: KoffiFunction;
  setNamedSecurityInfo: KoffiFunction;
  localFree: KoffiFunction;
  getLastError: KoffiFunction;
  getCurrentProcess: KoffiFunction;
  openProcessToken: KoffiFunction;
  lookupPrivilegeValue: KoffiFunction;
  adjustTokenPrivileges: KoffiFunction;
  closeHandle: KoffiFunction;
}

/** advapi32.dll and kernel32.dll from System32 (system32-library.ts). */
export function koffiSecurityApi(koffi: KoffiNative, systemRoot: string): SecurityApi {
  const advapi = loadSystem32Library(koffi, systemRoot, "advapi32.dll").fn;
  const kernel = loadSystem32Library(koffi, systemRoot, "kernel32.dll").fn;
  return {
    getNamedSecurityInfo: advapi("GetNamedSecurityInfoW", "uint32", ["void *", "int32", "uint32", "void *", "void *", "void *", "void *", "void *"]),
    getSecurityDescriptorControl: advapi("GetSecurityDescriptorControl", "int32", ["uint64", "void *", "void *"]),
    setNamedSecurityInfo: advapi("SetNamedSecurityInfoW", "uint32", ["void *", "int32", "uint32", "uint64", "uint64", "uint64", "uint64"]),
    localFree: kernel("LocalFree", "uint64", ["uint64"]),
    getLastError: kernel("GetLastError", "uint32", []),
    getCurrentProcess: kernel("GetCurrentProcess", "uint64", []),
    openProcessToken: advapi("OpenProcessToken", "int32", ["uint64", "uint32", "void *"]),
    lookupPrivilegeValue: advapi("LookupPrivilegeValueW", "int32", ["void *", "void *", "void *"]),
    adjustTokenPrivileges: advapi("AdjustTokenPrivileges", "int32", ["uint64", "int32", "void *", "uint32", "void *", "void *"]),
    closeHandle: kernel("CloseHandle", "int32", ["uint64"]),
  };
}

/** A KeepSecurity that copies the replaced file's owner, group and DACL (protected or not) to its replacement. */
export function keepFileSecurity(api: SecurityApi): KeepSecurity {
  let restorePrivilegeTried = false;
  return async (replaced, replacement) => {
    // The writer's error names the file (HostWriter): "<file> could not be written: <this>".
    const failed = (name: string, code: number) => new Win32CallError(name, code, "copying its security descriptor to its replacement; it was not replaced");
    const owner = Buffer.alloc(8);
    const group = Buffer.alloc(8);
    const dacl = Buffer.alloc(8);
    const descriptor = Buffer.alloc(8);
    const info = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    const read = api.getNamedSecurityInfo(wide(replaced), SE_FILE_OBJECT, info, owner, group, dacl, null, descriptor) as number;
    if (read !== WIN32_ERRORS.NO_ERROR) throw failed("GetNamedSecurityInfoW", read);
    try {
      const control = Buffer.alloc(2);
      const revision = Buffer.alloc(4);
      if (!api.getSecurityDescriptorControl(descriptor.readBigUInt64LE(0), control, revision)) {
        throw failed("GetSecurityDescriptorControl", api.getLastError() as number);
      }
      const inheritance = control.readUInt16LE(0) & SE_DACL_PROTECTED ? PROTECTED_DACL_SECURITY_INFORMATION : UNPROTECTED_DACL_SECURITY_INFORMATION;
      const set = () =>
        api.setNamedSecurityInfo(wide(replacement), SE_FILE_OBJECT, (info | inheritance) >>> 0, owner.readBigUInt64LE(0), group.readBigUInt64LE(0), dacl.readBigUInt64LE(0), 0n) as number;
      let written = set();
      if (written === WIN32_ERRORS.ERROR_INVALID_OWNER && !restorePrivilegeTried) {
        restorePrivilegeTried = true;
        enableRestorePrivilege(api, failed);
        written = set();
      }
      if (written !== WIN32_ERRORS.NO_ERROR) throw failed("SetNamedSecurityInfoW", written);
    } finally {
      api.localFree(descriptor.readBigUInt64LE(0));
    }
  };
}

/** Enables SeRestorePrivilege in this process's token; throws when the token does not hold it. */
function enableRestorePrivilege(api: SecurityApi, failed: (name: string, code: number) => Error): void {
  const token = Buffer.alloc(8);
  if (!api.openProcessToken(api.getCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, token)) {
    throw failed("OpenProcessToken", api.getLastError() as number);
  }
  try {
    const luid = Buffer.alloc(8);
    if (!api.lookupPrivilegeValue(null, wide(SE_RESTORE_NAME), luid)) throw failed("LookupPrivilegeValueW", api.getLastError() as number);
    // TOKEN_PRIVILEGES with one LUID_AND_ATTRIBUTES: PrivilegeCount, then the LUID at 4, its Attributes at 12.
    const privileges = Buffer.alloc(16);
    privileges.writeUInt32LE(1, 0);
    luid.copy(privileges, 4);
    privileges.writeUInt32LE(SE_PRIVILEGE_ENABLED, 12);
    const adjusted = api.adjustTokenPrivileges(token.readBigUInt64LE(0), 0, privileges, 0, null, null);
    const error = api.getLastError() as number;
    if (!adjusted || error !== WIN32_ERRORS.NO_ERROR) throw failed("AdjustTokenPrivileges", error);
  } finally {
    api.closeHandle(token.readBigUInt64LE(0));
  }
}

function wide(text: string): Buffer {
  return Buffer.from(`${text}\0`, "utf16le");
}
