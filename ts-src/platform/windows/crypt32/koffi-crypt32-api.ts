/*
 * Crypt32Api over crypt32.dll, advapi32.dll (CryptReleaseContext), ncrypt.dll (NCryptFreeObject, loaded only when
 * a CNG key handle is to be freed) and kernel32.dll (GetLastError; RtlMoveMemory,
 * https://learn.microsoft.com/windows/win32/devnotes/rtlmovememory, to copy a certificate's DER out of its
 * CERT_CONTEXT), each loaded by its full path in System32. koffi keeps the thread's last error between calls
 * (as file-security.ts relies on), so GetLastError is the called function's.
 */
import type { KoffiFunction, KoffiNative } from "../native/koffi-native.js";
import { loadSystem32Library } from "../native/system32-library.js";
import type { Crypt32Api } from "./crypt32-api.js";

export function openKoffiCrypt32Api(koffi: KoffiNative, systemRoot: string): Crypt32Api {
  const crypt32 = loadSystem32Library(koffi, systemRoot, "crypt32.dll");
  const advapi32 = loadSystem32Library(koffi, systemRoot, "advapi32.dll");
  const kernel32 = loadSystem32Library(koffi, systemRoot, "kernel32.dll");
  let nCryptFree: KoffiFunction | null = null;
  const openStore = crypt32.fn("CertOpenStore", "uint64", ["uint64", "uint32", "uint64", "uint32", "void *"]);
  const closeStore = crypt32.fn("CertCloseStore", "int32", ["uint64", "uint32"]);
  const enumCertificates = crypt32.fn("CertEnumCertificatesInStore", "uint64", ["uint64", "uint64"]);
  const freeContext = crypt32.fn("CertFreeCertificateContext", "int32", ["uint64"]);
  const getProperty = crypt32.fn("CertGetCertificateContextProperty", "int32", ["uint64", "uint32", "void *", "void *"]);
  const acquireKey = crypt32.fn("CryptAcquireCertificatePrivateKey", "int32", ["uint64", "uint32", "void *", "void *", "void *", "void *"]);
  const releaseContext = advapi32.fn("CryptReleaseContext", "int32", ["uint64", "uint32"]);
  const moveMemory = kernel32.fn("RtlMoveMemory", "void", ["void *", "uint64", "uint64"]);
  const getLastError = kernel32.fn("GetLastError", "uint32", []);
  const big = (value: unknown) => BigInt(value as bigint | number);
  return {
    certOpenStore: (provider, encodingType, cryptProv, flags, para) => big(openStore(provider, encodingType, cryptProv, flags >>> 0, para)),
    certCloseStore: (store, flags) => Boolean(closeStore(store, flags)),
    certEnumCertificatesInStore: (store, previous) => big(enumCertificates(store, previous)),
    certFreeCertificateContext: (context) => Boolean(freeContext(context)),
    certGetCertificateContextProperty: (context, propId, data, size) => Boolean(getProperty(context, propId, data, size)),
    cryptAcquireCertificatePrivateKey: (context, flags, key, keySpec, callerFree) => Boolean(acquireKey(context, flags >>> 0, null, key, keySpec, callerFree)),
    cryptReleaseContext: (provider, flags) => Boolean(releaseContext(provider, flags)),
    nCryptFreeObject(handle) {
      nCryptFree ??= loadSystem32Library(koffi, systemRoot, "ncrypt.dll").fn("NCryptFreeObject", "int32", ["uint64"]);
      return nCryptFree(handle) as number;
    },
    copyMemory(address, length) {
      const bytes = Buffer.alloc(length);
      if (length > 0) moveMemory(bytes, address, BigInt(length));
      return bytes;
    },
    lastError: () => getLastError() as number,
  };
}
