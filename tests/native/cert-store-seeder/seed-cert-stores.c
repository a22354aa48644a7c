/*
 * Puts certificates into the LocalMachine system stores of a wine prefix (or of any Windows) through crypt32, as a
 * Windows administrator's tools would: test equipment for the certificate-store reader (README.md beside this file).
 *
 * Usage: seed-cert-stores.exe <plan file>. The plan is UTF-8 text, one instruction per line, fields separated by
 * one space:
 *   clear <Store>                      removes every certificate of LocalMachine\<Store> (created if missing)
 *   add <Store> <der file> <key> <archived 0|1> <renewal hex|-> <friendly name as UTF-16LE hex|->
 * where <key> is `-` (no private key), `csp-machine:<container>:<PRIVATEKEYBLOB file>` (the key imported into
 * that machine key container of the Microsoft Enhanced Cryptographic Provider, CERT_KEY_PROV_INFO_PROP_ID naming it
 * with CRYPT_MACHINE_KEYSET: how a server's certificates hold their keys), `csp-user:<container>:<file>` (the same in
 * the user key set of the account that runs this) or `missing:<container>` (CERT_KEY_PROV_INFO_PROP_ID naming a
 * machine container that does not exist).
 * Exit 0 when every line was done; otherwise 1 with the line, the function and GetLastError on stderr.
 *
 * Microsoft's pages: CertOpenStore (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certopenstore),
 * CertCreateCertificateContext, CertSetCertificateContextProperty
 * (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certsetcertificatecontextproperty: pvData of
 * CERT_ARCHIVED_PROP_ID is a CRYPT_DATA_BLOB, "NULL ... deletes the property"), CertAddCertificateContextToStore
 * ("the properties of the certificate context are also copied"), CryptAcquireContextW with CRYPT_MACHINE_KEYSET |
 * CRYPT_NEWKEYSET, CryptImportKey of a PRIVATEKEYBLOB
 * (https://learn.microsoft.com/windows/win32/seccrypto/base-provider-key-blobs), CRYPT_KEY_PROV_INFO
 * (https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crypt_key_prov_info).
 */
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CERT_RENEWAL_PROP_ID
#define CERT_RENEWAL_PROP_ID 64
#endif

static int line_number;

static int fail(const char *what) {
  fprintf(stderr, "seed-cert-stores: line %d: %s failed: 0x%08lx\n", line_number, what, (unsigned long)GetLastError());
  return 0;
}

static int bad(const char *what) {
  fprintf(stderr, "seed-cert-stores: line %d: %s\n", line_number, what);
  return 0;
}

static WCHAR *wide(const char *utf8) {
  int n = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0);
  WCHAR *out = calloc(n + 1, sizeof(WCHAR));
  MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, n);
  return out;
}

static BYTE *read_file(const char *path, DWORD *size) {
  WCHAR *name = wide(path);
  HANDLE file = CreateFileW(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  free(name);
  if (file == INVALID_HANDLE_VALUE) return NULL;
  DWORD length = GetFileSize(file, NULL);
  BYTE *bytes = malloc(length ? length : 1);
  if (!ReadFile(file, bytes, length, size, NULL) || *size != length) {
    free(bytes);
    bytes = NULL;
  }
  CloseHandle(file);
  return bytes;
}

/* Hex digits to bytes; returns the number of bytes, or -1. */
static int from_hex(const char *hex, BYTE *out, size_t capacity) {
  size_t n = strlen(hex);
  if (n % 2 || n / 2 > capacity) return -1;
  for (size_t i = 0; i < n / 2; i++) {
    unsigned value;
    if (sscanf(hex + 2 * i, "%2x", &value) != 1) return -1;
    out[i] = (BYTE)value;
  }
  return (int)(n / 2);
}

static HCERTSTORE open_store(const char *name) {
  WCHAR *store = wide(name);
  HCERTSTORE handle = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_LOCAL_MACHINE, store);
  free(store);
  return handle;
}

static int clear_store(const char *name) {
  HCERTSTORE store = open_store(name);
  if (!store) return fail("CertOpenStore");
  PCCERT_CONTEXT context;
  /* CertDeleteCertificateFromStore frees the context, so enumeration starts again from the first one each time. */
  while ((context = CertEnumCertificatesInStore(store, NULL)) != NULL) {
    if (!CertDeleteCertificateFromStore(context)) {
      CertCloseStore(store, 0);
      return fail("CertDeleteCertificateFromStore");
    }
  }
  CertCloseStore(store, 0);
  return 1;
}

static int set_key(PCCERT_CONTEXT context, char *key) {
  if (strcmp(key, "-") == 0) return 1;
  char *colon = strchr(key, ':');
  if (!colon) return bad("the key is not -, csp-machine:<container>:<blob>, csp-user:<container>:<blob> or missing:<container>");
  *colon = 0;
  char *container = colon + 1;
  char *blob_path = NULL;
  DWORD keyset = CRYPT_MACHINE_KEYSET;
  if (strcmp(key, "csp-machine") == 0 || strcmp(key, "csp-user") == 0) {
    char *second = strchr(container, ':');
    if (!second) return bad("csp-machine: and csp-user: need <container>:<blob file>");
    *second = 0;
    blob_path = second + 1;
    if (strcmp(key, "csp-user") == 0) keyset = 0;
  } else if (strcmp(key, "missing") != 0) {
    return bad("unknown key kind");
  }
  WCHAR *container_w = wide(container);
  if (blob_path) {
    DWORD size = 0;
    BYTE *blob = read_file(blob_path, &size);
    if (!blob) return fail("reading the key blob");
    HCRYPTPROV provider = 0;
    if (!CryptAcquireContextW(&provider, container_w, MS_ENHANCED_PROV_W, PROV_RSA_FULL, keyset | CRYPT_NEWKEYSET) &&
        !CryptAcquireContextW(&provider, container_w, MS_ENHANCED_PROV_W, PROV_RSA_FULL, keyset))
      return fail("CryptAcquireContextW");
    HCRYPTKEY imported = 0;
    if (!CryptImportKey(provider, blob, size, 0, 0, &imported)) return fail("CryptImportKey");
    CryptDestroyKey(imported);
    CryptReleaseContext(provider, 0);
    free(blob);
  }
  CRYPT_KEY_PROV_INFO info = {0};
  info.pwszContainerName = container_w;
  info.pwszProvName = (LPWSTR)MS_ENHANCED_PROV_W;
  info.dwProvType = PROV_RSA_FULL;
  info.dwFlags = keyset;
  info.dwKeySpec = AT_KEYEXCHANGE;
  if (!CertSetCertificateContextProperty(context, CERT_KEY_PROV_INFO_PROP_ID, 0, &info)) return fail("CertSetCertificateContextProperty(CERT_KEY_PROV_INFO_PROP_ID)");
  return 1;
}

static int add_certificate(char **field) {
  const char *store_name = field[0], *der_path = field[1], *archived = field[3], *renewal = field[4], *friendly = field[5];
  DWORD size = 0;
  BYTE *der = read_file(der_path, &size);
  if (!der) return fail("reading the certificate");
  PCCERT_CONTEXT context = CertCreateCertificateContext(X509_ASN_ENCODING, der, size);
  free(der);
  if (!context) return fail("CertCreateCertificateContext");
  if (!set_key(context, field[2])) return 0;
  if (strcmp(archived, "1") == 0) {
    CRYPT_DATA_BLOB empty = {0, NULL};
    if (!CertSetCertificateContextProperty(context, CERT_ARCHIVED_PROP_ID, 0, &empty)) return fail("CertSetCertificateContextProperty(CERT_ARCHIVED_PROP_ID)");
  }
  if (strcmp(renewal, "-") != 0) {
    BYTE hash[20];
    CRYPT_DATA_BLOB blob = {0, hash};
    int n = from_hex(renewal, hash, sizeof hash);
    if (n != 20) return bad("the renewal is not 40 hex digits");
    blob.cbData = (DWORD)n;
    if (!CertSetCertificateContextProperty(context, CERT_RENEWAL_PROP_ID, 0, &blob)) return fail("CertSetCertificateContextProperty(CERT_RENEWAL_PROP_ID)");
  }
  if (strcmp(friendly, "-") != 0) {
    BYTE name[1024];
    int n = from_hex(friendly, name, sizeof name - 2);
    if (n < 0 || n % 2) return bad("the friendly name is not UTF-16LE hex");
    name[n] = name[n + 1] = 0;
    CRYPT_DATA_BLOB blob = {(DWORD)n + 2, name};
    if (!CertSetCertificateContextProperty(context, CERT_FRIENDLY_NAME_PROP_ID, 0, &blob)) return fail("CertSetCertificateContextProperty(CERT_FRIENDLY_NAME_PROP_ID)");
  }
  HCERTSTORE store = open_store(store_name);
  if (!store) return fail("CertOpenStore");
  BOOL added = CertAddCertificateContextToStore(store, context, CERT_STORE_ADD_REPLACE_EXISTING, NULL);
  CertFreeCertificateContext(context);
  if (!added) {
    CertCloseStore(store, 0);
    return fail("CertAddCertificateContextToStore");
  }
  if (!CertCloseStore(store, 0)) return fail("CertCloseStore");
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: seed-cert-stores.exe <plan file>\n");
    return 2;
  }
  DWORD size = 0;
  char *plan = (char *)read_file(argv[1], &size);
  if (!plan) {
    fprintf(stderr, "seed-cert-stores: cannot read %s: 0x%08lx\n", argv[1], (unsigned long)GetLastError());
    return 1;
  }
  plan = realloc(plan, size + 1);
  plan[size] = 0;
  char *next = plan;
  while (next && *next) {
    char *line = next;
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    line_number++;
    size_t length = strlen(line);
    if (length && line[length - 1] == '\r') line[length - 1] = 0;
    if (!*line || *line == '#') continue;
    char *field[8] = {0};
    int count = 0;
    for (char *token = strtok(line, " "); token && count < 8; token = strtok(NULL, " ")) field[count++] = token;
    int ok;
    if (strcmp(field[0], "clear") == 0 && count == 2) ok = clear_store(field[1]);
    else if (strcmp(field[0], "add") == 0 && count == 7) ok = add_certificate(field + 1);
    else ok = bad("not a clear or add line of the right length");
    if (!ok) return 1;
  }
  return 0;
}
