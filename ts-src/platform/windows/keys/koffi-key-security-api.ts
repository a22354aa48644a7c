/*
 * KeySecurityApi over ncrypt.dll, advapi32.dll and kernel32.dll (LocalFree, lstrlenW, RtlMoveMemory, GetLastError),
 * each loaded by its full path in System32. koffi keeps the thread's last error between calls (as file-security.ts
 * relies on), so GetLastError is the called function's.
 */
import type { KoffiNative } from "../native/koffi-native.js";
import { loadSystem32Library } from "../native/system32-library.js";
import type { KeySecurityApi } from "./key-security-api.js";

export function openKoffiKeySecurityApi(koffi: KoffiNative, systemRoot: string): KeySecurityApi {
  const ncrypt = loadSystem32Library(koffi, systemRoot, "ncrypt.dll");
  const advapi32 = loadSystem32Library(koffi, systemRoot, "advapi32.dll");
  const kernel32 = loadSystem32Library(koffi, systemRoot, "kernel32.dll");
  const getProperty = ncrypt.fn("NCryptGetProperty", "int32", ["uint64", "void *", "void *", "uint32", "void *", "uint32"]);
  const setProperty = ncrypt.fn("NCryptSetProperty", "int32", ["uint64", "void *", "void *", "uint32", "uint32"]);
  const lookup = advapi32.fn("LookupAccountNameW", "int32", ["void *", "void *", "void *", "void *", "void *", "void *", "void *"]);
  const lookupSid = advapi32.fn("LookupAccountSidW", "int32", ["void *", "void *", "void *", "void *", "void *", "void *", "void *"]);
  const stringToSid = advapi32.fn("ConvertStringSidToSidW", "int32", ["void *", "void *"]);
  const lengthSid = advapi32.fn("GetLengthSid", "uint32", ["uint64"]);
  const sidToString = advapi32.fn("ConvertSidToStringSidW", "int32", ["void *", "void *"]);
  const descriptorToString = advapi32.fn("ConvertSecurityDescriptorToStringSecurityDescriptorW", "int32", ["void *", "uint32", "uint32", "void *", "void *"]);
  const stringToDescriptor = advapi32.fn("ConvertStringSecurityDescriptorToSecurityDescriptorW", "int32", ["void *", "uint32", "void *", "void *"]);
  const localFree = kernel32.fn("LocalFree", "uint64", ["uint64"]);
  const stringLength = kernel32.fn("lstrlenW", "int32", ["uint64"]);
  const moveMemory = kernel32.fn("RtlMoveMemory", "void", ["void *", "uint64", "uint64"]);
  const getLastError = kernel32.fn("GetLastError", "uint32", []);
  const wide = (text: string) => Buffer.from(`${text}\0`, "utf16le");
  const copyMemory = (address: bigint, length: number) => {
    const bytes = Buffer.alloc(length);
    if (length > 0) moveMemory(bytes, address, BigInt(length));
    return bytes;
  };
  return {
    nCryptGetProperty: (key, property, output, result, flags) => (getProperty(key, wide(property), output, output?.length ?? 0, result, flags >>> 0) as number) >>> 0,
    nCryptSetProperty: (key, property, input, flags) => (setProperty(key, wide(property), input, input.length, flags >>> 0) as number) >>> 0,
    lookupAccountName: (account, sid, sidSize, domain, domainSize, use) => Boolean(lookup(null, wide(account), sid, sidSize, domain, domainSize, use)),
    lookupAccountSid: (sid, name, nameSize, domain, domainSize, use) => Boolean(lookupSid(null, sid, name, nameSize, domain, domainSize, use)),
    convertStringSidToSid: (text, sid) => Boolean(stringToSid(wide(text), sid)),
    getLengthSid: (sid) => lengthSid(sid) as number,
    convertSidToStringSid: (sid, text) => Boolean(sidToString(sid, text)),
    convertSecurityDescriptorToString: (descriptor, revision, information, text) => Boolean(descriptorToString(descriptor, revision, information, text, null)),
    convertStringToSecurityDescriptor: (sddl, revision, descriptor, size) => Boolean(stringToDescriptor(wide(sddl), revision, descriptor, size)),
    localFree: (address) => BigInt(localFree(address) as bigint | number),
    wideStringAt: (address) => copyMemory(address, 2 * (stringLength(address) as number)).toString("utf16le"),
    copyMemory,
    lastError: () => getLastError() as number,
  };
}
