/*
 * The LocalMachine system stores, read through crypt32 in this process (no PowerShell, no Add-Type: nothing that
 * Constrained Language Mode could block).
 *
 * - CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_LOCAL_MACHINE | CERT_STORE_READONLY_FLAG |
 *   CERT_STORE_OPEN_EXISTING_FLAG | CERT_STORE_ENUM_ARCHIVED_FLAG, L"<Store>")
 *   (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certopenstore): read-only, never created,
 *   archived certificates included. A store that does not exist fails with ERROR_FILE_NOT_FOUND and is skipped
 *   (INFERRED: a system store is a registry key, whose absence RegOpenKeyEx reports so; wine 8 answers the same,
 *   tests/exe/cert-stores-under-wine.test.ts).
 * - CertEnumCertificatesInStore frees the context passed back in; the one held when the loop stops early is freed
 *   with CertFreeCertificateContext; the store is closed with CertCloseStore
 *   (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certenumcertificatesinstore). The end of
 *   the store is CRYPT_E_NOT_FOUND (ERROR_NO_MORE_FILES for external stores), as that page says.
 * - The DER is CERT_CONTEXT's pbCertEncoded/cbCertEncoded
 *   (https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_context).
 * - CertGetCertificateContextProperty (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certgetcertificatecontextproperty)
 *   reads CERT_ARCHIVED_PROP_ID (present: archived), CERT_RENEWAL_PROP_ID (the renewal's SHA-1),
 *   CERT_FRIENDLY_NAME_PROP_ID (a NUL-terminated UTF-16 string) and CERT_KEY_PROV_INFO_PROP_ID (where the private
 *   key is); an absent property is CRYPT_E_NOT_FOUND.
 * - A private key counts only when CryptAcquireCertificatePrivateKey opens it with CRYPT_ACQUIRE_SILENT_FLAG (never
 *   a prompt) | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG (CNG keys too); nothing is exported. The handle is freed as that
 *   page says when pfCallerFreeProvOrNCryptKey is TRUE: NCryptFreeObject for CERT_NCRYPT_KEY_SPEC, CryptReleaseContext
 *   otherwise (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptacquirecertificateprivatekey).
 *   A key that is recorded but cannot be opened counts as absent, with a warning naming the error.
 */
import { createHash } from "node:crypto";
import { CertRebindError, ExitCode, usageError } from "../../core/errors.js";
import type { StoredCertificate } from "../../core/model.js";
import { sameStore } from "../../core/certificate.js";
import type { CertStore } from "../ports.js";
import {
  CERT_ARCHIVED_PROP_ID,
  CERT_FRIENDLY_NAME_PROP_ID,
  CERT_KEY_PROV_INFO_PROP_ID,
  CERT_NCRYPT_KEY_SPEC,
  CERT_RENEWAL_PROP_ID,
  CERT_STORE_ENUM_ARCHIVED_FLAG,
  CERT_STORE_OPEN_EXISTING_FLAG,
  CERT_STORE_PROV_SYSTEM_W,
  CERT_STORE_READONLY_FLAG,
  CERT_SYSTEM_STORE_LOCAL_MACHINE,
  CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG,
  CRYPT_ACQUIRE_SILENT_FLAG,
  X509_ASN_ENCODING,
  type Crypt32Api,
} from "./crypt32/crypt32-api.js";
import { WIN32_ERRORS, Win32CallError, win32ErrorText } from "./httpapi/win32-errors.js";

/** Opens crypt32 (on first use): by default through koffi, in tests a fake. */
export type Crypt32Opener = () => Promise<Crypt32Api>;

/** A system store name: a registry key name under SystemCertificates, no path separators, nothing to escape. */
export const STORE_NAME = /^[A-Za-z][A-Za-z0-9 _-]{0,63}$/;
const DEFAULT_STORES: readonly string[] = ["My", "WebHosting"];
export const OPEN_FLAGS = CERT_SYSTEM_STORE_LOCAL_MACHINE | CERT_STORE_READONLY_FLAG | CERT_STORE_OPEN_EXISTING_FLAG | CERT_STORE_ENUM_ARCHIVED_FLAG;
const ACQUIRE_FLAGS = CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG;
/** CERT_CONTEXT on x64: dwCertEncodingType (0), pbCertEncoded (8), cbCertEncoded (16). */
const CONTEXT_HEAD_BYTES = 24;
/** More than any certificate a server binds; a larger cbCertEncoded is taken as a context this tool misread. */
const MAX_CERTIFICATE_BYTES = 1 << 20;
const SHA1_BYTES = 20;

export class WindowsCertStore implements CertStore {
  readonly warnings: string[] = [];
  private api: Crypt32Api | null = null;

  constructor(
    private readonly open: Crypt32Opener,
    private readonly stores: readonly string[] = DEFAULT_STORES,
  ) {
    for (const store of stores) {
      if (!STORE_NAME.test(store)) throw usageError(`'${store}' is not a certificate store name (letters, digits, space, _ and -).`);
    }
  }

  async list(storeNames: readonly string[] = []): Promise<StoredCertificate[]> {
    const api = (this.api ??= await this.open());
    const found: StoredCertificate[] = [];
    for (const store of this.storesToRead(storeNames)) found.push(...readStore(api, store, this.warnings));
    return found;
  }

  /** The constructor's stores, then each other valid name once (system store names are case-insensitive). */
  private storesToRead(extra: readonly string[]): string[] {
    const stores = [...this.stores];
    for (const name of extra) {
      // An empty name is the default store, MY (as for a record with none).
      if (name === "" || stores.some((s) => sameStore(name, s))) continue;
      if (STORE_NAME.test(name)) stores.push(name);
      else warnOnce(this.warnings, `A binding names the certificate store ${JSON.stringify(name)}, which is not a store name (letters, digits, space, _ and -); it was not read.`);
    }
    return stores;
  }
}

function readStore(api: Crypt32Api, store: string, warnings: string[]): StoredCertificate[] {
  const handle = api.certOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0n, OPEN_FLAGS, Buffer.from(`${store}\0`, "utf16le"));
  if (handle === 0n) {
    const error = api.lastError();
    if (error === WIN32_ERRORS.ERROR_FILE_NOT_FOUND) return [];
    throw new Win32CallError("CertOpenStore", error, `LocalMachine\\${store}`);
  }
  const found: StoredCertificate[] = [];
  let context = 0n;
  try {
    for (;;) {
      context = api.certEnumCertificatesInStore(handle, context);
      if (context === 0n) {
        const error = api.lastError();
        if (error === WIN32_ERRORS.CRYPT_E_NOT_FOUND || error === WIN32_ERRORS.ERROR_NO_MORE_FILES) break;
        throw new Win32CallError("CertEnumCertificatesInStore", error, `LocalMachine\\${store}`);
      }
      found.push(readCertificate(api, store, context, warnings));
    }
  } finally {
    if (context !== 0n) api.certFreeCertificateContext(context);
    api.certCloseStore(handle, 0);
  }
  return found;
}

function readCertificate(api: Crypt32Api, store: string, context: bigint, warnings: string[]): StoredCertificate {
  const der = encodedCertificate(api, context, store);
  const thumbprint = createHash("sha1").update(der).digest("hex").toUpperCase();
  const source = `Cert:\\LocalMachine\\${store}\\${thumbprint}`;
  const renewal = property(api, context, CERT_RENEWAL_PROP_ID, source);
  if (renewal !== null && renewal.length !== SHA1_BYTES) {
    throw new CertRebindError(
      "CR4006",
      `The CERT_RENEWAL_PROP_ID of ${source} is ${renewal.length} bytes, not a ${SHA1_BYTES}-byte SHA-1 hash (CertGetCertificateContextProperty), so the certificate that renews it cannot be known`,
      ExitCode.Environment,
      "CertGetCertificateContextProperty",
    );
  }
  return {
    store,
    der,
    hasPrivateKey: hasUsablePrivateKey(api, context, source, warnings),
    archived: property(api, context, CERT_ARCHIVED_PROP_ID, source) !== null,
    friendlyName: friendlyName(property(api, context, CERT_FRIENDLY_NAME_PROP_ID, source)),
    renewalThumbprint: renewal === null ? null : renewal.toString("hex").toUpperCase(),
    source,
  };
}

/** The DER that CERT_CONTEXT points at, copied out. */
export function encodedCertificate(api: Crypt32Api, context: bigint, store: string): Buffer {
  const head = api.copyMemory(context, CONTEXT_HEAD_BYTES);
  const encoding = head.readUInt32LE(0);
  const pointer = head.readBigUInt64LE(8);
  const length = head.readUInt32LE(16);
  if ((encoding & X509_ASN_ENCODING) === 0 || pointer === 0n || length === 0 || length > MAX_CERTIFICATE_BYTES) {
    throw new CertRebindError(
      "CR4006",
      `CertEnumCertificatesInStore returned a certificate of LocalMachine\\${store} this tool cannot read (encoding type ${encoding}, ${length} bytes)`,
      ExitCode.Environment,
      "CertEnumCertificatesInStore",
    );
  }
  return api.copyMemory(pointer, length);
}

/** A property's bytes; null when the certificate does not have it. */
function property(api: Crypt32Api, context: bigint, propId: number, source: string): Buffer | null {
  const size = Buffer.alloc(4);
  for (let attempt = 0; attempt < 4; attempt += 1) {
    if (!api.certGetCertificateContextProperty(context, propId, null, size)) return absent(api.lastError(), propId, source);
    const data = Buffer.alloc(size.readUInt32LE(0));
    if (data.length === 0) return data;
    if (api.certGetCertificateContextProperty(context, propId, data, size)) return data.subarray(0, size.readUInt32LE(0));
    const error = api.lastError();
    if (error !== WIN32_ERRORS.ERROR_MORE_DATA) return absent(error, propId, source);
  }
  throw new Win32CallError("CertGetCertificateContextProperty", WIN32_ERRORS.ERROR_MORE_DATA, `property ${propId} of ${source}: the size it asked for kept growing`);
}

function absent(error: number, propId: number, source: string): null {
  if (error === WIN32_ERRORS.CRYPT_E_NOT_FOUND) return null;
  throw new Win32CallError("CertGetCertificateContextProperty", error, `property ${propId} of ${source}`);
}

/** CERT_FRIENDLY_NAME_PROP_ID: UTF-16, up to its NUL (with or without one); an empty name is none. */
function friendlyName(bytes: Buffer | null): string | null {
  if (bytes === null) return null;
  let end = 0;
  while (end + 1 < bytes.length && bytes.readUInt16LE(end) !== 0) end += 2;
  const name = bytes.toString("utf16le", 0, end);
  return name === "" ? null : name;
}

function hasUsablePrivateKey(api: Crypt32Api, context: bigint, source: string, warnings: string[]): boolean {
  if (property(api, context, CERT_KEY_PROV_INFO_PROP_ID, source) === null) return false;
  const key = Buffer.alloc(8);
  const keySpec = Buffer.alloc(4);
  const callerFree = Buffer.alloc(4);
  if (!api.cryptAcquireCertificatePrivateKey(context, ACQUIRE_FLAGS, key, keySpec, callerFree)) {
    const error = api.lastError();
    warnOnce(
      warnings,
      `${source} records a private key, but CryptAcquireCertificatePrivateKey cannot open it without a prompt: ${win32ErrorText(error)}; the certificate counts as having no private key.`,
    );
    return false;
  }
  if (callerFree.readUInt32LE(0) !== 0) {
    const handle = key.readBigUInt64LE(0);
    if (keySpec.readUInt32LE(0) === CERT_NCRYPT_KEY_SPEC) api.nCryptFreeObject(handle);
    else api.cryptReleaseContext(handle, 0);
  }
  return true;
}

/** A store is read once per command or more; each thing it noticed is said once. */
function warnOnce(warnings: string[], warning: string): void {
  if (!warnings.includes(warning)) warnings.push(warning);
}
