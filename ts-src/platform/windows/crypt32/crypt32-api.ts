/*
 * The crypt32 functions the certificate stores are read with, as Win32 declares them: handles and context
 * pointers are 64-bit integers, out-parameters are Buffers the function writes, FALSE/NULL means "see lastError".
 * koffi-crypt32-api.ts binds them to the DLLs; tests give a fake with the same documented behaviour.
 */

/** `(LPCSTR)CERT_STORE_PROV_SYSTEM_W`: pvPara is the store name as a UTF-16 string (CertOpenStore's page). */
export const CERT_STORE_PROV_SYSTEM_W = 10n;
/** CERT_SYSTEM_STORE_LOCAL_MACHINE_ID (2) << CERT_SYSTEM_STORE_LOCATION_SHIFT (16). */
export const CERT_SYSTEM_STORE_LOCAL_MACHINE = 0x0002_0000;
/** Enumeration returns archived certificates too (CertOpenStore's dwFlags). */
export const CERT_STORE_ENUM_ARCHIVED_FLAG = 0x0000_0200;
export const CERT_STORE_OPEN_EXISTING_FLAG = 0x0000_4000;
export const CERT_STORE_READONLY_FLAG = 0x0000_8000;

/** https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certgetcertificatecontextproperty */
export const CERT_KEY_PROV_INFO_PROP_ID = 2;
export const CERT_FRIENDLY_NAME_PROP_ID = 11;
/**
 * Present (with no data) when the certificate is archived: "typically, a certificate is archived after being renewed"
 * (https://learn.microsoft.com/windows/win32/api/certenroll/nn-certenroll-icertpropertyarchived).
 */
export const CERT_ARCHIVED_PROP_ID = 19;
/** The SHA-1 hash of the certificate that renews this one: https://learn.microsoft.com/windows/win32/api/certenroll/nn-certenroll-icertpropertyrenewal */
export const CERT_RENEWAL_PROP_ID = 64;

/** https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptacquirecertificateprivatekey */
export const CRYPT_ACQUIRE_SILENT_FLAG = 0x0000_0040;
export const CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG = 0x0001_0000;
/** pdwKeySpec of a CNG key: the handle is an NCRYPT_KEY_HANDLE, freed with NCryptFreeObject. */
export const CERT_NCRYPT_KEY_SPEC = 0xffff_ffff;

/** X509_ASN_ENCODING, the low word of CERT_CONTEXT.dwCertEncodingType for an X.509 certificate. */
export const X509_ASN_ENCODING = 0x0000_0001;

export interface Crypt32Api {
  /** CertOpenStore (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certopenstore): the store, or 0n. */
  certOpenStore(provider: bigint, encodingType: number, cryptProv: bigint, flags: number, para: Buffer): bigint;
  /** CertCloseStore (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certclosestore). */
  certCloseStore(store: bigint, flags: number): boolean;
  /**
   * CertEnumCertificatesInStore (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certenumcertificatesinstore):
   * the next context, or 0n; it frees `previous` whatever it returns.
   */
  certEnumCertificatesInStore(store: bigint, previous: bigint): bigint;
  /** CertFreeCertificateContext (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certfreecertificatecontext). */
  certFreeCertificateContext(context: bigint): boolean;
  /**
   * CertGetCertificateContextProperty (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certgetcertificatecontextproperty):
   * `data` null asks for the size, written to `size` (a DWORD); an absent property is CRYPT_E_NOT_FOUND.
   */
  certGetCertificateContextProperty(context: bigint, propId: number, data: Buffer | null, size: Buffer): boolean;
  /**
   * CryptAcquireCertificatePrivateKey (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptacquirecertificateprivatekey):
   * `key` (8 bytes), `keySpec` (DWORD) and `callerFree` (BOOL) are written; pvParameters is NULL.
   */
  cryptAcquireCertificatePrivateKey(context: bigint, flags: number, key: Buffer, keySpec: Buffer, callerFree: Buffer): boolean;
  /** CryptReleaseContext (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptreleasecontext). */
  cryptReleaseContext(provider: bigint, flags: number): boolean;
  /** NCryptFreeObject (https://learn.microsoft.com/windows/win32/api/ncrypt/nf-ncrypt-ncryptfreeobject): an SECURITY_STATUS, 0 for success. */
  nCryptFreeObject(handle: bigint): number;
  /** `length` bytes of this process's memory at `address` (RtlMoveMemory into a new Buffer). */
  copyMemory(address: bigint, length: number): Buffer;
  /** GetLastError of the last call above. */
  lastError(): number;
}
