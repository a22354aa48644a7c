import { createHash } from "node:crypto";
import type { Crypt32Api } from "../../../ts-src/platform/windows/crypt32/crypt32-api.js";
import {
  CERT_ARCHIVED_PROP_ID,
  CERT_FRIENDLY_NAME_PROP_ID,
  CERT_KEY_PROV_INFO_PROP_ID,
  CERT_NCRYPT_KEY_SPEC,
  CERT_RENEWAL_PROP_ID,
} from "../../../ts-src/platform/windows/crypt32/crypt32-api.js";
import { WIN32_ERRORS } from "../../../ts-src/platform/windows/httpapi/win32-errors.js";

/** How a fake certificate's private key answers: none recorded, a CSP key, a CNG key, or one that cannot be opened (its error). */
type FakeKey = "none" | "csp" | "cng" | { unusable: number };

export interface FakeCertificate {
  der: Buffer;
  archived?: boolean;
  /** The renewal's thumbprint (hex) or the property's raw bytes. */
  renewal?: string | Buffer;
  /** A name (stored UTF-16 with its NUL) or the property's raw bytes. */
  friendlyName?: string | Buffer;
  key?: FakeKey;
  /** The key's DACL as SDDL (fake-key-security.ts); SYSTEM and Administrators by default. */
  keySddl?: string;
}

export interface FakeCrypt32Options {
  /** CertOpenStore of that store (lower case) fails with the code. */
  failOpen?: Record<string, number>;
  /** The nth CertEnumCertificatesInStore call (from 1, over all stores) fails with the code. */
  failEnumAt?: { call: number; error: number };
  /** CertGetCertificateContextProperty of that property fails with the code. */
  failProperty?: { propId: number; error: number };
}

const CSP_KEY_SPEC = 1; // AT_KEYEXCHANGE

/**
 * crypt32 as documented, in memory: system stores by name (case-insensitive; one not given does not exist:
 * ERROR_FILE_NOT_FOUND), contexts handed out by CertEnumCertificatesInStore, which frees the previous one,
 * properties answered in the two-call size/data way, CRYPT_E_NOT_FOUND for an absent one, the end of a store
 * CRYPT_E_NOT_FOUND. It tracks every open store, context and key handle, so that a test can check they were all
 * released, and refuses a handle it did not give or already took back.
 */
export class FakeCrypt32 implements Crypt32Api {
  readonly calls: string[] = [];
  readonly openStores = new Map<bigint, { name: string; next: number }>();
  readonly liveContexts = new Map<bigint, FakeCertificate>();
  readonly liveKeys = new Map<bigint, "csp" | "cng">();
  /** The certificate each live key handle is the key of. */
  readonly keyOwners = new Map<bigint, FakeCertificate>();
  /** How each key handle was freed: `CryptReleaseContext` or `NCryptFreeObject`. */
  readonly freedKeys: string[] = [];
  private readonly stores: Map<string, FakeCertificate[]>;
  private readonly memory = new Map<bigint, Buffer>();
  private nextAddress = 0x10_0000n;
  private error = 0;
  private enumCalls = 0;

  constructor(
    stores: Record<string, FakeCertificate[]>,
    private readonly options: FakeCrypt32Options = {},
  ) {
    this.stores = new Map(Object.entries(stores).map(([name, certificates]) => [name.toLowerCase(), certificates]));
  }

  certOpenStore(provider: bigint, encodingType: number, cryptProv: bigint, flags: number, para: Buffer): bigint {
    const name = para.toString("utf16le").replace(/\0$/, "");
    this.calls.push(`CertOpenStore ${provider} ${encodingType} ${cryptProv} 0x${flags.toString(16)} ${name}`);
    if (!para.toString("utf16le").endsWith("\0")) throw new Error("CertOpenStore: the store name has no terminating NUL");
    const failure = this.options.failOpen?.[name.toLowerCase()];
    if (failure !== undefined) return this.fail(failure, 0n);
    if (!this.stores.has(name.toLowerCase())) return this.fail(WIN32_ERRORS.ERROR_FILE_NOT_FOUND, 0n);
    const handle = this.allocate(Buffer.alloc(8));
    this.openStores.set(handle, { name: name.toLowerCase(), next: 0 });
    return handle;
  }

  certCloseStore(store: bigint): boolean {
    if (!this.openStores.delete(store)) throw new Error(`CertCloseStore of a store that is not open: ${store}`);
    return true;
  }

  certEnumCertificatesInStore(store: bigint, previous: bigint): bigint {
    const open = this.openStores.get(store);
    if (!open) throw new Error(`CertEnumCertificatesInStore of a store that is not open: ${store}`);
    if (previous !== 0n) this.free(previous, "CertEnumCertificatesInStore");
    this.enumCalls += 1;
    if (this.options.failEnumAt?.call === this.enumCalls) return this.fail(this.options.failEnumAt.error, 0n);
    const certificate = this.stores.get(open.name)![open.next];
    if (!certificate) return this.fail(WIN32_ERRORS.CRYPT_E_NOT_FOUND, 0n);
    open.next += 1;
    // CERT_CONTEXT: dwCertEncodingType, pbCertEncoded, cbCertEncoded, pCertInfo, hCertStore.
    const der = this.allocate(certificate.der);
    const head = Buffer.alloc(40);
    head.writeUInt32LE(0x0001_0001, 0); // X509_ASN_ENCODING | PKCS_7_ASN_ENCODING
    head.writeBigUInt64LE(der, 8);
    head.writeUInt32LE(certificate.der.length, 16);
    head.writeBigUInt64LE(store, 32);
    const context = this.allocate(head);
    this.liveContexts.set(context, certificate);
    return context;
  }

  certFreeCertificateContext(context: bigint): boolean {
    this.free(context, "CertFreeCertificateContext");
    return true;
  }

  certGetCertificateContextProperty(context: bigint, propId: number, data: Buffer | null, size: Buffer): boolean {
    const certificate = this.contextOf(context, "CertGetCertificateContextProperty");
    if (this.options.failProperty?.propId === propId) return this.fail(this.options.failProperty.error, false);
    const value = propertyOf(certificate, propId);
    if (value === null) return this.fail(WIN32_ERRORS.CRYPT_E_NOT_FOUND, false);
    if (data !== null && data.length < value.length) {
      size.writeUInt32LE(value.length, 0);
      return this.fail(WIN32_ERRORS.ERROR_MORE_DATA, false);
    }
    data?.set(value);
    size.writeUInt32LE(value.length, 0);
    return true;
  }

  cryptAcquireCertificatePrivateKey(context: bigint, flags: number, key: Buffer, keySpec: Buffer, callerFree: Buffer): boolean {
    const certificate = this.contextOf(context, "CryptAcquireCertificatePrivateKey");
    this.calls.push(`CryptAcquireCertificatePrivateKey 0x${flags.toString(16)}`);
    const kind = certificate.key ?? "none";
    if (kind === "none") return this.fail(WIN32_ERRORS.CRYPT_E_NO_KEY_PROPERTY, false);
    if (typeof kind === "object") return this.fail(kind.unusable, false);
    // CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG opens a CSP key as a CNG key too (INFERRED from
    // https://learn.microsoft.com/answers/questions/2239716/cryptacquirecertificateprivatekey-accepting-capi-d).
    const opened = kind === "cng" || (flags & 0x0004_0000) !== 0 ? "cng" : "csp";
    const handle = this.allocate(Buffer.alloc(8));
    this.liveKeys.set(handle, opened);
    this.keyOwners.set(handle, certificate);
    key.writeBigUInt64LE(handle, 0);
    keySpec.writeUInt32LE(opened === "cng" ? CERT_NCRYPT_KEY_SPEC : CSP_KEY_SPEC, 0);
    callerFree.writeUInt32LE(1, 0);
    return true;
  }

  cryptReleaseContext(provider: bigint): boolean {
    return this.freeKey(provider, "csp", "CryptReleaseContext") ? true : this.fail(WIN32_ERRORS.ERROR_INVALID_HANDLE, false);
  }

  nCryptFreeObject(handle: bigint): number {
    return this.freeKey(handle, "cng", "NCryptFreeObject") ? 0 : WIN32_ERRORS.NTE_BAD_KEYSET;
  }

  copyMemory(address: bigint, length: number): Buffer {
    for (const [start, bytes] of this.memory) {
      if (address >= start && address + BigInt(length) <= start + BigInt(bytes.length)) {
        const offset = Number(address - start);
        return Buffer.from(bytes.subarray(offset, offset + length));
      }
    }
    throw new Error(`copyMemory: ${length} bytes at ${address} are not memory the fake gave out`);
  }

  lastError(): number {
    return this.error;
  }

  private fail<T>(error: number, result: T): T {
    this.error = error;
    return result;
  }

  private allocate(bytes: Buffer): bigint {
    const address = this.nextAddress;
    this.memory.set(address, Buffer.from(bytes));
    this.nextAddress += BigInt(bytes.length + 0x100);
    return address;
  }

  private contextOf(context: bigint, fn: string): FakeCertificate {
    const certificate = this.liveContexts.get(context);
    if (!certificate) throw new Error(`${fn} of a context that is not live: ${context}`);
    return certificate;
  }

  private free(context: bigint, fn: string): void {
    this.contextOf(context, fn);
    this.liveContexts.delete(context);
  }

  private freeKey(handle: bigint, kind: "csp" | "cng", fn: string): boolean {
    if (this.liveKeys.get(handle) !== kind) return false;
    this.liveKeys.delete(handle);
    this.keyOwners.delete(handle);
    this.freedKeys.push(fn);
    return true;
  }
}

function propertyOf(certificate: FakeCertificate, propId: number): Buffer | null {
  switch (propId) {
    case CERT_ARCHIVED_PROP_ID:
      return certificate.archived ? Buffer.alloc(0) : null;
    case CERT_RENEWAL_PROP_ID:
      return certificate.renewal === undefined ? null : typeof certificate.renewal === "string" ? Buffer.from(certificate.renewal, "hex") : certificate.renewal;
    case CERT_FRIENDLY_NAME_PROP_ID:
      return certificate.friendlyName === undefined ? null : typeof certificate.friendlyName === "string" ? Buffer.from(`${certificate.friendlyName}\0`, "utf16le") : certificate.friendlyName;
    case CERT_KEY_PROV_INFO_PROP_ID:
      // CRYPT_KEY_PROV_INFO's bytes do not matter to the reader, only whether the property is there.
      return (certificate.key ?? "none") === "none" ? null : Buffer.alloc(48);
    default:
      return null;
  }
}

/** A fake crypt32 holding a snapshot-style listing: each certificate in its store, with its key as CSP or none. */
export function fakeCrypt32Of(
  certificates: readonly { store: string; der: Buffer; hasPrivateKey: boolean; archived: boolean; friendlyName: string | null; renewalThumbprint: string | null }[],
  /** The DACL (SDDL) of a key, by its certificate's thumbprint (upper case); SYSTEM's and Administrators' otherwise. */
  keySddl: Record<string, string> = {},
): FakeCrypt32 {
  const stores: Record<string, FakeCertificate[]> = { My: [], WebHosting: [] };
  for (const c of certificates) {
    const certificate: FakeCertificate = { der: c.der, archived: c.archived, key: c.hasPrivateKey ? "csp" : "none" };
    const sddl = keySddl[createHash("sha1").update(c.der).digest("hex").toUpperCase()];
    if (sddl !== undefined) certificate.keySddl = sddl;
    if (c.friendlyName !== null) certificate.friendlyName = c.friendlyName;
    if (c.renewalThumbprint !== null) certificate.renewal = c.renewalThumbprint;
    (stores[c.store] ??= []).push(certificate);
  }
  return new FakeCrypt32(stores);
}
