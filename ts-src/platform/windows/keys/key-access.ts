/*
 * Who may read a certificate's private key on this machine: the key's DACL, through CNG.
 *
 * - The certificate is found in its LocalMachine store as cert-store.ts reads stores (CertOpenStore read-only,
 *   CertEnumCertificatesInStore, the SHA-1 of its DER); its key is opened with CryptAcquireCertificatePrivateKey
 *   (CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG | CRYPT_ACQUIRE_SILENT_FLAG: an NCRYPT_KEY_HANDLE, never a prompt) and freed
 *   with NCryptFreeObject when pfCallerFreeProvOrNCryptKey says so
 *   (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptacquirecertificateprivatekey).
 *   INFERRED: a key of a legacy CryptoAPI CSP opens as a CNG key with that flag too (a Microsoft Q&A thread reports
 *   it does: https://learn.microsoft.com/answers/questions/2239716/cryptacquirecertificateprivatekey-accepting-capi-d);
 *   when it does not, the function's error is reported (CR4006) and canRead answers null.
 * - The DACL is NCryptGetProperty(NCRYPT_SECURITY_DESCR_PROPERTY, DACL_SECURITY_INFORMATION | NCRYPT_SILENT_FLAG),
 *   size then data, turned into SDDL with ConvertSecurityDescriptorToStringSecurityDescriptorW; a grant's SDDL back
 *   into a descriptor with ConvertStringSecurityDescriptorToSecurityDescriptorW, set with NCryptSetProperty
 *   (DACL_SECURITY_INFORMATION | NCRYPT_SILENT_FLAG | NCRYPT_PERSIST_FLAG; INFERRED: that the persist flag is what
 *   keeps it with the key, as the flag's description says of any property). Everything LocalAlloc'd is LocalFree'd.
 *   `grantFor` (what a journal keeps before a grant) makes the same reads as `grantRead` and no write.
 * - The account becomes a SID with LookupAccountNameW (size then data) and ConvertSidToStringSidW; the built-in
 *   accounts' names the Service Control Manager uses (`LocalSystem`, `NT AUTHORITY\NetworkService`) are taken by
 *   their well-known SIDs (accounts/account-names.ts).
 * - key-dacl.ts decides read access and adds or removes the ACE. The readers a capture lists are named with
 *   ConvertStringSidToSidW, GetLengthSid and LookupAccountSidW (sizes then names).
 */
import { createHash } from "node:crypto";
import { usageError } from "../../../core/errors.js";
import { wellKnownSid, whyNotAccountName } from "../../accounts/account-names.js";
import type { KeyAccess, KeyGrant, KeyRef } from "../../service-ports.js";
import { encodedCertificate, OPEN_FLAGS, STORE_NAME } from "../cert-store.js";
import { CERT_NCRYPT_KEY_SPEC, CERT_STORE_PROV_SYSTEM_W, CRYPT_ACQUIRE_SILENT_FLAG, type Crypt32Api } from "../crypt32/crypt32-api.js";
import { WIN32_ERRORS, Win32CallError } from "../httpapi/win32-errors.js";
import { parseSddl } from "../sddl.js";
import { daclGrantsRead, readingSids, sameDacl, withoutReadAce, withReadAce } from "./key-dacl.js";
import {
  CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG,
  DACL_SECURITY_INFORMATION,
  NCRYPT_PERSIST_FLAG,
  NCRYPT_SECURITY_DESCR_PROPERTY,
  NCRYPT_SILENT_FLAG,
  SDDL_REVISION_1,
  type KeySecurityApi,
} from "./key-security-api.js";

const THUMBPRINT = /^[0-9A-F]{40}$/;
/** SYSTEM and Administrators: the readers every machine key has, which the sidecar does not list. */
const DEFAULT_READER_SIDS: ReadonlySet<string> = new Set(["S-1-5-18", "S-1-5-32-544"]);
/** SECURITY_MAX_SID_SIZE is 68 bytes; a domain name fits in 256 characters. */
const MAX_SID_BYTES = 68;
const MAX_DOMAIN_CHARS = 256;
/** More than any key's security descriptor; a larger size is taken as an answer this tool misread. */
const MAX_DESCRIPTOR_BYTES = 64 * 1024;

export type KeyApisOpener = () => Promise<{ crypt32: Crypt32Api; security: KeySecurityApi }>;

export class WindowsKeyAccess implements KeyAccess {
  private apis: { crypt32: Crypt32Api; security: KeySecurityApi } | null = null;

  constructor(private readonly open: KeyApisOpener) {}

  async canRead(key: KeyRef, account: string): Promise<boolean | null> {
    const apis = await this.opened();
    const sid = accountSid(apis.security, checkedAccount(account));
    try {
      return withKey(apis, checkedKey(key), (handle) => daclGrantsRead(readSddl(apis.security, handle, key), sid));
    } catch (error) {
      if (error instanceof Win32CallError && (error.functionName === "CryptAcquireCertificatePrivateKey" || error.errorCode === WIN32_ERRORS.CRYPT_E_NOT_FOUND)) return null;
      throw error;
    }
  }

  /**
   * The accounts the DACL lets read the key (key-dacl.ts), SYSTEM and Administrators aside, each named as
   * LookupAccountSidW names it (`DOMAIN\name`); a SID no account has is given as the SID. null: no key to read.
   */
  async readers(key: KeyRef): Promise<string[] | null> {
    const apis = await this.opened();
    let sddl: string;
    try {
      sddl = withKey(apis, checkedKey(key), (handle) => readSddl(apis.security, handle, key));
    } catch (error) {
      if (error instanceof Win32CallError && (error.functionName === "CryptAcquireCertificatePrivateKey" || error.errorCode === WIN32_ERRORS.CRYPT_E_NOT_FOUND)) return null;
      throw error;
    }
    return readingSids(sddl)
      .filter((sid) => !DEFAULT_READER_SIDS.has(sid))
      .map((sid) => accountName(apis.security, sid));
  }

  async grantRead(key: KeyRef, account: string): Promise<KeyGrant> {
    const apis = await this.opened();
    const ref = checkedKey(key);
    const sid = accountSid(apis.security, checkedAccount(account));
    return withKey(apis, ref, (handle) => {
      const before = readSddl(apis.security, handle, ref);
      if (!daclGrantsRead(before, sid)) writeSddl(apis.security, handle, ref, withReadAce(before, sid));
      return { key: ref, account, before };
    });
  }

  /**
   * The grant `grantRead` would resolve with now, without changing the DACL: the same key opened and the same
   * NCryptGetProperty read (and the account taken to its SID, so an account that has none fails here, before any
   * change). Journaled before a run's first change, it is what recovery after a kill revokes.
   */
  async grantFor(key: KeyRef, account: string): Promise<KeyGrant> {
    const apis = await this.opened();
    const ref = checkedKey(key);
    accountSid(apis.security, checkedAccount(account));
    return withKey(apis, ref, (handle) => ({ key: ref, account, before: readSddl(apis.security, handle, ref) }));
  }

  async revoke(grant: KeyGrant): Promise<void> {
    try {
      parseSddl(grant.before);
    } catch {
      throw usageError(`The key grant to undo does not hold a security descriptor (${JSON.stringify(grant.before)}); nothing was changed.`);
    }
    const apis = await this.opened();
    const ref = checkedKey(grant.key);
    const sid = accountSid(apis.security, checkedAccount(grant.account));
    withKey(apis, ref, (handle) => {
      const now = readSddl(apis.security, handle, ref);
      if (sameDacl(now, grant.before)) return;
      // Unchanged since the grant: the DACL as it was; otherwise only the ACE the grant added goes.
      const target = sameDacl(now, withReadAce(grant.before, sid)) ? grant.before : withoutReadAce(now, sid);
      if (target !== null) writeSddl(apis.security, handle, ref, target);
    });
  }

  private async opened() {
    return (this.apis ??= await this.open());
  }
}

function checkedAccount(account: string): string {
  const why = whyNotAccountName(account);
  if (why) throw usageError(`${JSON.stringify(account)} is not an account name: ${why}. Nothing was changed.`);
  return account;
}

function checkedKey(key: KeyRef): KeyRef {
  const thumbprint = key.thumbprint.toUpperCase();
  if (!THUMBPRINT.test(thumbprint)) throw usageError(`'${key.thumbprint}' is not a thumbprint (40 hexadecimal characters).`);
  if (!STORE_NAME.test(key.store)) throw usageError(`'${key.store}' is not a certificate store name (letters, digits, space, _ and -).`);
  return { store: key.store, thumbprint };
}

/** Runs `use` with the certificate's CNG key open; CR4006 (CRYPT_E_NOT_FOUND) when the store has no such certificate. */
function withKey<T>({ crypt32 }: { crypt32: Crypt32Api }, key: KeyRef, use: (handle: bigint) => T): T {
  const where = `Cert:\\LocalMachine\\${key.store}\\${key.thumbprint}`;
  const store = crypt32.certOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0n, OPEN_FLAGS, Buffer.from(`${key.store}\0`, "utf16le"));
  if (store === 0n) {
    const error = crypt32.lastError();
    throw new Win32CallError("CertOpenStore", error === WIN32_ERRORS.ERROR_FILE_NOT_FOUND ? WIN32_ERRORS.CRYPT_E_NOT_FOUND : error, `LocalMachine\\${key.store}, for ${where}`);
  }
  let context = 0n;
  try {
    for (;;) {
      context = crypt32.certEnumCertificatesInStore(store, context);
      if (context === 0n) {
        const error = crypt32.lastError();
        if (error === WIN32_ERRORS.CRYPT_E_NOT_FOUND || error === WIN32_ERRORS.ERROR_NO_MORE_FILES) {
          throw new Win32CallError("CertEnumCertificatesInStore", WIN32_ERRORS.CRYPT_E_NOT_FOUND, `${where} is not in the store`);
        }
        throw new Win32CallError("CertEnumCertificatesInStore", error, `LocalMachine\\${key.store}`);
      }
      const der = encodedCertificate(crypt32, context, key.store);
      if (createHash("sha1").update(der).digest("hex").toUpperCase() === key.thumbprint) break;
    }
    const handle = Buffer.alloc(8);
    const keySpec = Buffer.alloc(4);
    const callerFree = Buffer.alloc(4);
    if (!crypt32.cryptAcquireCertificatePrivateKey(context, CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG | CRYPT_ACQUIRE_SILENT_FLAG, handle, keySpec, callerFree)) {
      throw new Win32CallError("CryptAcquireCertificatePrivateKey", crypt32.lastError(), `the private key of ${where}`);
    }
    const keyHandle = handle.readBigUInt64LE(0);
    try {
      if (keySpec.readUInt32LE(0) !== CERT_NCRYPT_KEY_SPEC) {
        throw new Win32CallError("CryptAcquireCertificatePrivateKey", WIN32_ERRORS.ERROR_NOT_SUPPORTED, `the private key of ${where} did not open as a CNG key`);
      }
      return use(keyHandle);
    } finally {
      if (callerFree.readUInt32LE(0) !== 0) {
        if (keySpec.readUInt32LE(0) === CERT_NCRYPT_KEY_SPEC) crypt32.nCryptFreeObject(keyHandle);
        else crypt32.cryptReleaseContext(keyHandle, 0);
      }
    }
  } finally {
    if (context !== 0n) crypt32.certFreeCertificateContext(context);
    crypt32.certCloseStore(store, 0);
  }
}

/** The key's DACL as SDDL. */
function readSddl(api: KeySecurityApi, handle: bigint, key: KeyRef): string {
  const flags = DACL_SECURITY_INFORMATION | NCRYPT_SILENT_FLAG;
  const where = `NCRYPT_SECURITY_DESCR_PROPERTY of the private key of Cert:\\LocalMachine\\${key.store}\\${key.thumbprint}`;
  const size = Buffer.alloc(4);
  let status = api.nCryptGetProperty(handle, NCRYPT_SECURITY_DESCR_PROPERTY, null, size, flags);
  if (status !== 0) throw new Win32CallError("NCryptGetProperty", status, where);
  const length = size.readUInt32LE(0);
  if (length === 0 || length > MAX_DESCRIPTOR_BYTES) throw new Win32CallError("NCryptGetProperty", WIN32_ERRORS.ERROR_INVALID_DATA, `${where}: it is ${length} bytes`);
  const descriptor = Buffer.alloc(length);
  status = api.nCryptGetProperty(handle, NCRYPT_SECURITY_DESCR_PROPERTY, descriptor, size, flags);
  if (status !== 0) throw new Win32CallError("NCryptGetProperty", status, where);
  const text = Buffer.alloc(8);
  if (!api.convertSecurityDescriptorToString(descriptor.subarray(0, size.readUInt32LE(0)), SDDL_REVISION_1, DACL_SECURITY_INFORMATION, text)) {
    throw new Win32CallError("ConvertSecurityDescriptorToStringSecurityDescriptorW", api.lastError(), where);
  }
  const address = text.readBigUInt64LE(0);
  try {
    return api.wideStringAt(address);
  } finally {
    api.localFree(address);
  }
}

/** Sets the key's DACL to the one `sddl` gives. */
function writeSddl(api: KeySecurityApi, handle: bigint, key: KeyRef, sddl: string): void {
  const where = `the private key of Cert:\\LocalMachine\\${key.store}\\${key.thumbprint}`;
  const pointer = Buffer.alloc(8);
  const size = Buffer.alloc(4);
  if (!api.convertStringToSecurityDescriptor(sddl, SDDL_REVISION_1, pointer, size)) {
    throw new Win32CallError("ConvertStringSecurityDescriptorToSecurityDescriptorW", api.lastError(), `${sddl}, for ${where}`);
  }
  const address = pointer.readBigUInt64LE(0);
  try {
    const descriptor = api.copyMemory(address, size.readUInt32LE(0));
    const status = api.nCryptSetProperty(handle, NCRYPT_SECURITY_DESCR_PROPERTY, descriptor, DACL_SECURITY_INFORMATION | NCRYPT_SILENT_FLAG | NCRYPT_PERSIST_FLAG);
    if (status !== 0) throw new Win32CallError("NCryptSetProperty", status, `NCRYPT_SECURITY_DESCR_PROPERTY of ${where}`);
  } finally {
    api.localFree(address);
  }
}

/** The account's SID as a string (S-1-5-…). */
function accountSid(api: KeySecurityApi, account: string): string {
  const known = wellKnownSid(account);
  if (known !== null) return known;
  const sidSize = Buffer.alloc(4);
  const domainSize = Buffer.alloc(4);
  const use = Buffer.alloc(4);
  if (api.lookupAccountName(account, null, sidSize, null, domainSize, use)) {
    throw new Win32CallError("LookupAccountNameW", WIN32_ERRORS.ERROR_INVALID_DATA, `${account}: it asked for no buffer`);
  }
  const error = api.lastError();
  if (error !== WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER) throw new Win32CallError("LookupAccountNameW", error, account);
  const sidBytes = sidSize.readUInt32LE(0);
  const domainChars = domainSize.readUInt32LE(0);
  if (sidBytes === 0 || sidBytes > MAX_SID_BYTES || domainChars > MAX_DOMAIN_CHARS) {
    throw new Win32CallError("LookupAccountNameW", WIN32_ERRORS.ERROR_INVALID_DATA, `${account}: it asked for ${sidBytes} bytes of SID and ${domainChars} characters of domain`);
  }
  const sid = Buffer.alloc(sidBytes);
  const domain = Buffer.alloc(2 * Math.max(domainChars, 1));
  if (!api.lookupAccountName(account, sid, sidSize, domain, domainSize, use)) throw new Win32CallError("LookupAccountNameW", api.lastError(), account);
  const text = Buffer.alloc(8);
  if (!api.convertSidToStringSid(sid, text)) throw new Win32CallError("ConvertSidToStringSidW", api.lastError(), account);
  const address = text.readBigUInt64LE(0);
  try {
    return api.wideStringAt(address).toUpperCase();
  } finally {
    api.localFree(address);
  }
}

/** `DOMAIN\name` of a SID (LookupAccountSidW, sizes then names); the SID itself when no account has it. */
function accountName(api: KeySecurityApi, sidText: string): string {
  if (!/^S-1-\d+(-\d+)*$/.test(sidText)) return sidText;
  const pointer = Buffer.alloc(8);
  if (!api.convertStringSidToSid(sidText, pointer)) throw new Win32CallError("ConvertStringSidToSidW", api.lastError(), sidText);
  const address = pointer.readBigUInt64LE(0);
  try {
    const sid = api.copyMemory(address, api.getLengthSid(address));
    const nameSize = Buffer.alloc(4);
    const domainSize = Buffer.alloc(4);
    const use = Buffer.alloc(4);
    if (!api.lookupAccountSid(sid, null, nameSize, null, domainSize, use)) {
      const error = api.lastError();
      if (error === WIN32_ERRORS.ERROR_NONE_MAPPED) return sidText;
      if (error !== WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER) throw new Win32CallError("LookupAccountSidW", error, sidText);
    }
    const nameChars = nameSize.readUInt32LE(0);
    const domainChars = domainSize.readUInt32LE(0);
    if (nameChars === 0 || nameChars > MAX_DOMAIN_CHARS || domainChars > MAX_DOMAIN_CHARS) {
      throw new Win32CallError("LookupAccountSidW", WIN32_ERRORS.ERROR_INVALID_DATA, `${sidText}: it asked for ${nameChars} and ${domainChars} characters`);
    }
    const name = Buffer.alloc(2 * nameChars);
    const domain = Buffer.alloc(2 * Math.max(domainChars, 1));
    if (!api.lookupAccountSid(sid, name, nameSize, domain, domainSize, use)) throw new Win32CallError("LookupAccountSidW", api.lastError(), sidText);
    const text = (bytes: Buffer, chars: number) => bytes.toString("utf16le", 0, 2 * chars);
    const account = text(name, nameSize.readUInt32LE(0));
    const domainName = text(domain, domainSize.readUInt32LE(0));
    return domainName === "" ? account : `${domainName}\\${account}`;
  } finally {
    api.localFree(address);
  }
}
