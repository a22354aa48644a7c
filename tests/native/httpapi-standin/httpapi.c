/*
 * A stand-in for httpapi.dll's configuration functions, for tests under wine (whose httpapi.dll is a stub).
 * It keeps SSL records in a text file (CERTREBIND_STANDIN_STORE) and behaves as Microsoft documents:
 *   HttpInitialize   https://learn.microsoft.com/windows/win32/api/http/nf-http-httpinitialize
 *   HttpTerminate    https://learn.microsoft.com/windows/win32/api/http/nf-http-httpterminate
 *   HttpQueryServiceConfiguration  https://learn.microsoft.com/windows/win32/api/http/nf-http-httpqueryserviceconfiguration
 *   HttpSetServiceConfiguration    https://learn.microsoft.com/windows/win32/api/http/nf-http-httpsetserviceconfiguration
 *   HttpUpdateServiceConfiguration https://learn.microsoft.com/windows/win32/api/http/nf-http-httpupdateserviceconfiguration
 *     (exported only when built with STANDIN_WITH_UPDATE, as on Windows 10 1703 and later)
 *   HttpDeleteServiceConfiguration https://learn.microsoft.com/windows/win32/api/http/nf-http-httpdeleteserviceconfiguration
 * What the documentation leaves open and the stand-in decides is marked INFERRED or UNCERTAIN; README.md lists it.
 */
#include "store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API __declspec(dllexport) ULONG WINAPI

static LONG configInitCount;
static unsigned long callCount;
static LARGE_INTEGER firstCall;

/* With CERTREBIND_STANDIN_STATS set, appends at process exit one line: how many calls and how long the stand-in
 * spent on its record file, so that a benchmark can tell the stand-in's time from the caller's. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  if (reason != DLL_PROCESS_DETACH || callCount == 0) return TRUE;
  WCHAR path[MAX_PATH * 2];
  DWORD n = GetEnvironmentVariableW(L"CERTREBIND_STANDIN_STATS", path, MAX_PATH * 2);
  if (n == 0 || n >= MAX_PATH * 2) return TRUE;
  HANDLE file = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, 0, NULL);
  if (file == INVALID_HANDLE_VALUE) return TRUE;
  LARGE_INTEGER now, frequency;
  QueryPerformanceCounter(&now);
  QueryPerformanceFrequency(&frequency);
  const StoreStats *s = store_stats();
  char line[256];
  int length = snprintf(line, sizeof line, "calls=%lu loads=%lu readSeconds=%.3f saves=%lu saveSeconds=%.3f firstCallToExitSeconds=%.3f\n", callCount,
                        s->loads, s->getSeconds, s->saves, s->saveSeconds, (double)(now.QuadPart - firstCall.QuadPart) / (double)frequency.QuadPart);
  DWORD written;
  if (length > 0) WriteFile(file, line, (DWORD)length, &written, NULL);
  CloseHandle(file);
  return TRUE;
}

/* ---------- the call log and injected failures ---------- */

static void log_call(const char *function, int configId, const char *detail, ULONG result) {
  if (callCount++ == 0) QueryPerformanceCounter(&firstCall);
  WCHAR path[MAX_PATH * 2];
  DWORD n = GetEnvironmentVariableW(L"CERTREBIND_STANDIN_CALLS", path, MAX_PATH * 2);
  if (n == 0 || n >= MAX_PATH * 2) return;
  HANDLE file = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, 0, NULL);
  if (file == INVALID_HANDLE_VALUE) return;
  char line[1024];
  int length = snprintf(line, sizeof line, "%s %d %s -> %lu\n", function, configId, detail, (unsigned long)result);
  DWORD written;
  if (length > 0) WriteFile(file, line, (DWORD)(length < (int)sizeof line ? length : (int)sizeof line - 1), &written, NULL);
  CloseHandle(file);
}

typedef struct {
  const WCHAR *variable;
  ULONG defaultError;
  BOOL read;
  long at;     /* fail the at-th occurrence (1-based); 0 = never */
  ULONG error;
  long seen;
} Fault;

/* Defaults: codes the documentation lists for the function, or one a real host is reported to return. */
static Fault failSet = {L"CERTREBIND_STANDIN_FAIL_SET_AT", ERROR_NO_SUCH_LOGON_SESSION};
static Fault failUpdate = {L"CERTREBIND_STANDIN_FAIL_UPDATE_AT", ERROR_NO_SUCH_LOGON_SESSION};
/* "The parameter is incorrect" from an add right after a delete: third-party reports (tokentimer-core,
 * packages/agent/src/windows-iis/index.js: on Server 2025, and transiently after a CNG key import); ERROR_INVALID_PARAMETER is also in HttpSetServiceConfiguration's documented list. */
static Fault failSetAfterDelete = {L"CERTREBIND_STANDIN_FAIL_SET_AFTER_DELETE", ERROR_INVALID_PARAMETER};
/* Delete documents ERROR_INVALID_PARAMETER and "other system error codes": access denied is what a caller
 * without the right gets. */
static Fault failDelete = {L"CERTREBIND_STANDIN_FAIL_DELETE_AT", ERROR_ACCESS_DENIED};

/* Counts one occurrence; TRUE (and *error) when this is the one to fail. Value: "N" or "N:code". */
static BOOL fault_hits(Fault *fault, ULONG *error) {
  if (!fault->read) {
    fault->read = TRUE;
    fault->error = fault->defaultError;
    char value[64];
    WCHAR wide[64];
    DWORD n = GetEnvironmentVariableW(fault->variable, wide, 64);
    if (n > 0 && n < 64) {
      WideCharToMultiByte(CP_UTF8, 0, wide, -1, value, sizeof value, NULL, NULL);
      char *colon = strchr(value, ':');
      fault->at = strtol(value, NULL, 10);
      if (colon) fault->error = strtoul(colon + 1, NULL, 10);
    }
  }
  if (fault->at <= 0) return FALSE;
  fault->seen++;
  if (fault->seen != fault->at) return FALSE;
  *error = fault->error;
  return TRUE;
}

static BOOL env_flag(const WCHAR *name) {
  WCHAR value[8];
  DWORD n = GetEnvironmentVariableW(name, value, 8);
  return n > 0 && n < 8 && wcscmp(value, L"1") == 0;
}

/* ---------- decoding what the caller passes ---------- */

static BOOL kind_of(int configId, RecordKind *kind, BOOL *extended) {
  *extended = FALSE;
  switch (configId) {
    case HttpServiceConfigSSLCertInfo: *kind = KIND_IPPORT; return TRUE;
    case HttpServiceConfigSslSniCertInfo: *kind = KIND_SNI; return TRUE;
    case HttpServiceConfigSslCcsCertInfo: *kind = KIND_CCS; return TRUE;
    case HttpServiceConfigSslScopedCcsCertInfo: *kind = KIND_SCOPED_CCS; return TRUE;
    /* ConfigIds 10 and 12 (CCS ...Ex) have no documented structure: the stand-in answers as an OS without them. */
    case HttpServiceConfigSslCertInfoEx: *kind = KIND_IPPORT; *extended = TRUE; return !env_flag(L"CERTREBIND_STANDIN_NO_EX");
    case HttpServiceConfigSslSniCertInfoEx: *kind = KIND_SNI; *extended = TRUE; return !env_flag(L"CERTREBIND_STANDIN_NO_EX");
    default: return FALSE;
  }
}

static ULONG decode_address(const SOCKADDR *address, SOCKADDR_STORAGE *out) {
  memset(out, 0, sizeof(*out));
  if (!address) return ERROR_INVALID_PARAMETER;
  if (address->sa_family == AF_INET) {
    const SOCKADDR_IN *a4 = (const SOCKADDR_IN *)address;
    SOCKADDR_IN *o4 = (SOCKADDR_IN *)out;
    o4->sin_family = AF_INET;
    o4->sin_port = a4->sin_port;
    o4->sin_addr = a4->sin_addr;
    return NO_ERROR;
  }
  if (address->sa_family == AF_INET6) {
    const SOCKADDR_IN6 *a6 = (const SOCKADDR_IN6 *)address;
    SOCKADDR_IN6 *o6 = (SOCKADDR_IN6 *)out;
    o6->sin6_family = AF_INET6;
    o6->sin6_port = a6->sin6_port;
    o6->sin6_addr = a6->sin6_addr;
    o6->sin6_scope_id = a6->sin6_scope_id;
    return NO_ERROR;
  }
  return ERROR_INVALID_PARAMETER;
}

/* The key of a record from the KeyDesc of a SET or QUERY structure of that ConfigId. */
static ULONG decode_key(RecordKind kind, BOOL extended, const void *keyDesc, StoredRecord *key) {
  memset(key, 0, sizeof(*key));
  key->kind = kind;
  ULONG error;
  if (kind == KIND_IPPORT && !extended) {
    error = decode_address(((const HTTP_SERVICE_CONFIG_SSL_KEY *)keyDesc)->pIpPort, &key->address);
  } else if (kind == KIND_IPPORT || kind == KIND_CCS) {
    error = decode_address((const SOCKADDR *)keyDesc, &key->address);
    /* "It must be set to the IPv4 wildcard address ... (0.0.0.0)": ns-http-http_service_config_ssl_ccs_key */
    if (!error && kind == KIND_CCS &&
        (key->address.ss_family != AF_INET || ((SOCKADDR_IN *)&key->address)->sin_addr.s_addr != 0))
      error = ERROR_INVALID_PARAMETER;
  } else {
    /* hostnameport and (INFERRED: as segor/SslCertBinding.Net passes it) scoped CCS: HTTP_SERVICE_CONFIG_SSL_SNI_KEY */
    const HTTP_SERVICE_CONFIG_SSL_SNI_KEY *sni = keyDesc;
    error = decode_address((const SOCKADDR *)&sni->IpPort, &key->address);
    if (!error && (!sni->Host || !sni->Host[0])) error = ERROR_INVALID_PARAMETER;
    if (!error) {
      size_t n = wcslen(sni->Host) + 1;
      key->host = malloc(n * sizeof(WCHAR));
      if (!key->host) return ERROR_NOT_ENOUGH_MEMORY;
      memcpy(key->host, sni->Host, n * sizeof(WCHAR));
    }
  }
  return error;
}

static WCHAR *wdup_or_null(const WCHAR *s, BOOL *failed) {
  if (!s) return NULL;
  size_t n = wcslen(s) + 1;
  WCHAR *copy = malloc(n * sizeof(WCHAR));
  if (!copy) *failed = TRUE;
  else memcpy(copy, s, n * sizeof(WCHAR));
  return copy;
}

static ULONG decode_param(const HTTP_SERVICE_CONFIG_SSL_PARAM *p, StoredRecord *r) {
  /* HTTP_SSL_CERT_SHA_HASH_LENGTH is 20; a hash is required for ipport and hostnameport records (INFERRED:
   * a record without one serves no certificate). */
  if (p->SslHashLength > HTTP_SSL_CERT_SHA_HASH_LENGTH || (p->SslHashLength && !p->pSslHash)) return ERROR_INVALID_PARAMETER;
  if (p->SslHashLength == 0 && (r->kind == KIND_IPPORT || r->kind == KIND_SNI)) return ERROR_INVALID_PARAMETER;
  r->hashLength = p->SslHashLength;
  if (p->SslHashLength) memcpy(r->hash, p->pSslHash, p->SslHashLength);
  r->appId = p->AppId;
  BOOL failed = FALSE;
  r->storeName = wdup_or_null(p->pSslCertStoreName, &failed);
  r->certCheckMode = p->DefaultCertCheckMode;
  r->revocationFreshnessTime = p->DefaultRevocationFreshnessTime;
  r->revocationUrlRetrievalTimeout = p->DefaultRevocationUrlRetrievalTimeout;
  r->ctlIdentifier = wdup_or_null(p->pDefaultSslCtlIdentifier, &failed);
  r->ctlStoreName = wdup_or_null(p->pDefaultSslCtlStoreName, &failed);
  r->flags = p->DefaultFlags;
  return failed ? ERROR_NOT_ENOUGH_MEMORY : NO_ERROR;
}

static ULONG decode_param_ex(const HTTP_SERVICE_CONFIG_SSL_PARAM_EX *p, StoredExParam *ex) {
  memset(ex, 0, sizeof(*ex));
  ex->present = TRUE;
  ex->flags = p->Flags;
  switch (p->ParamType) {
    case ExParamTypeHttp2Window: ex->windowSize = p->Http2WindowSizeParam.Http2ReceiveWindowSize; return NO_ERROR;
    case ExParamTypeHttp2SettingsLimits:
      ex->perFrame = p->Http2SettingsLimitsParam.Http2MaxSettingsPerFrame;
      ex->perMinute = p->Http2SettingsLimitsParam.Http2MaxSettingsPerMinute;
      return NO_ERROR;
    case ExParamTypeHttpPerformance: {
      const HTTP_PERFORMANCE_PARAM *perf = &p->HttpPerformanceParam;
      if (perf->BufferSize && !perf->Buffer) return ERROR_INVALID_PARAMETER;
      ex->performanceType = perf->Type;
      ex->bufferSize = perf->BufferSize;
      if (perf->BufferSize) {
        ex->buffer = malloc(perf->BufferSize);
        if (!ex->buffer) return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(ex->buffer, perf->Buffer, perf->BufferSize);
      }
      return NO_ERROR;
    }
    case ExParamTypeErrorHeaders: {
      const HTTP_ERROR_HEADERS_PARAM *eh = &p->HttpErrorHeadersParam;
      if (eh->HeaderCount && !eh->Headers) return ERROR_INVALID_PARAMETER;
      ex->statusCode = eh->StatusCode;
      if (eh->HeaderCount) {
        ex->headers = calloc(eh->HeaderCount, sizeof(StoredHeader));
        if (!ex->headers) return ERROR_NOT_ENOUGH_MEMORY;
      }
      for (USHORT i = 0; i < eh->HeaderCount; i++) {
        const HTTP_UNKNOWN_HEADER *h = &eh->Headers[i];
        if ((h->NameLength && !h->pName) || (h->RawValueLength && !h->pRawValue)) return ERROR_INVALID_PARAMETER;
        StoredHeader *s = &ex->headers[ex->headerCount++];
        s->name = malloc(h->NameLength + 1);
        s->value = malloc(h->RawValueLength + 1);
        if (!s->name || !s->value) return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(s->name, h->pName, h->NameLength);
        s->name[h->NameLength] = 0;
        memcpy(s->value, h->pRawValue, h->RawValueLength);
        s->value[h->RawValueLength] = 0;
        s->nameLength = h->NameLength;
        s->valueLength = h->RawValueLength;
      }
      return NO_ERROR;
    }
    case ExParamTypeTlsRestrictions:
    case ExParamTypeTlsSessionTicketKeys:
    case ExParamTypeCertConfig:
      /* Their element layouts are not carried by the stand-in: it keeps them only when empty (count 0). */
      return p->HttpTlsRestrictionsParam.RestrictionCount == 0 ? NO_ERROR : ERROR_NOT_SUPPORTED;
    default: return ERROR_INVALID_PARAMETER;
  }
}

/* Decodes a SET (or SET_EX) structure of that ConfigId. *exType is -1 for a base record. */
static ULONG decode_set(int configId, const void *info, ULONG length, BOOL keyOnly, StoredRecord *r, int *exType,
                        StoredExParam *ex) {
  RecordKind kind;
  BOOL extended;
  *exType = -1;
  if (!kind_of(configId, &kind, &extended)) return ERROR_INVALID_PARAMETER;
  if (!info) return ERROR_INVALID_PARAMETER;
  size_t needed = extended ? (kind == KIND_SNI ? sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX) : sizeof(HTTP_SERVICE_CONFIG_SSL_SET_EX))
                  : kind == KIND_IPPORT ? sizeof(HTTP_SERVICE_CONFIG_SSL_SET)
                  : kind == KIND_CCS    ? sizeof(HTTP_SERVICE_CONFIG_SSL_CCS_SET)
                                        : sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_SET);
  if (length < needed) return ERROR_INSUFFICIENT_BUFFER;
  ULONG error = decode_key(kind, extended, info, r);
  if (error) return error;
  if (extended) {
    const HTTP_SERVICE_CONFIG_SSL_PARAM_EX *p = kind == KIND_SNI ? &((const HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX *)info)->ParamDesc
                                                                 : &((const HTTP_SERVICE_CONFIG_SSL_SET_EX *)info)->ParamDesc;
    if ((unsigned)p->ParamType >= ExParamTypeMax) return ERROR_INVALID_PARAMETER;
    *exType = p->ParamType;
    return keyOnly ? NO_ERROR : decode_param_ex(p, ex);
  }
  if (keyOnly) return NO_ERROR;
  const HTTP_SERVICE_CONFIG_SSL_PARAM *p = kind == KIND_IPPORT ? &((const HTTP_SERVICE_CONFIG_SSL_SET *)info)->ParamDesc
                                           : kind == KIND_CCS  ? &((const HTTP_SERVICE_CONFIG_SSL_CCS_SET *)info)->ParamDesc
                                                               : &((const HTTP_SERVICE_CONFIG_SSL_SNI_SET *)info)->ParamDesc;
  return decode_param(p, r);
}

/* ---------- encoding a record into the caller's buffer ---------- */

/* Lays data out twice: once to count the size, once to write it (base == NULL while counting). */
typedef struct {
  BYTE *base;
  size_t used;
} Layout;

static void *layout_take(Layout *l, size_t size, size_t align) {
  l->used = (l->used + align - 1) & ~(align - 1);
  void *p = l->base ? l->base + l->used : NULL;
  l->used += size;
  return p;
}

static PWSTR layout_wide(Layout *l, const WCHAR *s) {
  if (!s) return NULL;
  size_t n = (wcslen(s) + 1) * sizeof(WCHAR);
  WCHAR *p = layout_take(l, n, sizeof(WCHAR));
  if (p) memcpy(p, s, n);
  return p;
}

static void layout_param(Layout *l, const StoredRecord *r, HTTP_SERVICE_CONFIG_SSL_PARAM *p) {
  BYTE *hash = r->hashLength ? layout_take(l, r->hashLength, 1) : NULL;
  PWSTR store = layout_wide(l, r->storeName), ctlId = layout_wide(l, r->ctlIdentifier), ctlStore = layout_wide(l, r->ctlStoreName);
  if (!l->base) return;
  if (hash) memcpy(hash, r->hash, r->hashLength);
  p->SslHashLength = r->hashLength;
  p->pSslHash = hash;
  p->AppId = r->appId;
  p->pSslCertStoreName = store;
  p->DefaultCertCheckMode = r->certCheckMode;
  p->DefaultRevocationFreshnessTime = r->revocationFreshnessTime;
  p->DefaultRevocationUrlRetrievalTimeout = r->revocationUrlRetrievalTimeout;
  p->pDefaultSslCtlIdentifier = ctlId;
  p->pDefaultSslCtlStoreName = ctlStore;
  p->DefaultFlags = r->flags;
}

static void layout_param_ex(Layout *l, const StoredExParam *ex, int type, HTTP_SERVICE_CONFIG_SSL_PARAM_EX *p) {
  if (p) {
    p->ParamType = type;
    p->Flags = ex->flags;
  }
  switch (type) {
    case ExParamTypeHttp2Window:
      if (p) p->Http2WindowSizeParam.Http2ReceiveWindowSize = ex->windowSize;
      break;
    case ExParamTypeHttp2SettingsLimits:
      if (p) {
        p->Http2SettingsLimitsParam.Http2MaxSettingsPerFrame = ex->perFrame;
        p->Http2SettingsLimitsParam.Http2MaxSettingsPerMinute = ex->perMinute;
      }
      break;
    case ExParamTypeHttpPerformance: {
      BYTE *buffer = ex->bufferSize ? layout_take(l, ex->bufferSize, 8) : NULL;
      if (p) {
        if (buffer) memcpy(buffer, ex->buffer, ex->bufferSize);
        p->HttpPerformanceParam.Type = ex->performanceType;
        p->HttpPerformanceParam.BufferSize = ex->bufferSize;
        p->HttpPerformanceParam.Buffer = buffer;
      }
      break;
    }
    case ExParamTypeErrorHeaders: {
      HTTP_UNKNOWN_HEADER *headers = ex->headerCount ? layout_take(l, ex->headerCount * sizeof(HTTP_UNKNOWN_HEADER), 8) : NULL;
      for (USHORT i = 0; i < ex->headerCount; i++) {
        const StoredHeader *h = &ex->headers[i];
        char *name = layout_take(l, h->nameLength + 1u, 1);
        char *value = layout_take(l, h->valueLength + 1u, 1);
        if (headers) {
          memcpy(name, h->name, h->nameLength + 1u);
          memcpy(value, h->value, h->valueLength + 1u);
          headers[i].NameLength = h->nameLength;
          headers[i].RawValueLength = h->valueLength;
          headers[i].pName = name;
          headers[i].pRawValue = value;
        }
      }
      if (p) {
        p->HttpErrorHeadersParam.StatusCode = ex->statusCode;
        p->HttpErrorHeadersParam.HeaderCount = ex->headerCount;
        p->HttpErrorHeadersParam.Headers = headers;
      }
      break;
    }
    default: /* kept only when empty: count 0, no pointer */ break;
  }
}

static void layout_record(Layout *l, const StoredRecord *r, BOOL extended, int exType) {
  if (extended) {
    if (r->kind == KIND_SNI) {
      HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX *set = layout_take(l, sizeof *set, 8);
      PWSTR host = layout_wide(l, r->host);
      if (set) {
        memset(set, 0, sizeof *set);
        set->KeyDesc.IpPort = r->address;
        set->KeyDesc.Host = host;
      }
      layout_param_ex(l, &r->ex[exType], exType, set ? &set->ParamDesc : NULL);
    } else {
      HTTP_SERVICE_CONFIG_SSL_SET_EX *set = layout_take(l, sizeof *set, 8);
      if (set) {
        memset(set, 0, sizeof *set);
        set->KeyDesc.IpPort = r->address;
      }
      layout_param_ex(l, &r->ex[exType], exType, set ? &set->ParamDesc : NULL);
    }
    return;
  }
  if (r->kind == KIND_IPPORT) {
    HTTP_SERVICE_CONFIG_SSL_SET *set = layout_take(l, sizeof *set, 8);
    SOCKADDR_STORAGE *address = layout_take(l, sizeof(SOCKADDR_STORAGE), 8);
    if (set) {
      memset(set, 0, sizeof *set);
      *address = r->address;
      set->KeyDesc.pIpPort = (PSOCKADDR)address;
    }
    layout_param(l, r, set ? &set->ParamDesc : NULL);
  } else if (r->kind == KIND_CCS) {
    HTTP_SERVICE_CONFIG_SSL_CCS_SET *set = layout_take(l, sizeof *set, 8);
    if (set) {
      memset(set, 0, sizeof *set);
      set->KeyDesc.LocalAddress = r->address;
    }
    layout_param(l, r, set ? &set->ParamDesc : NULL);
  } else {
    HTTP_SERVICE_CONFIG_SSL_SNI_SET *set = layout_take(l, sizeof *set, 8);
    PWSTR host = layout_wide(l, r->host);
    if (set) {
      memset(set, 0, sizeof *set);
      set->KeyDesc.IpPort = r->address;
      set->KeyDesc.Host = host;
    }
    layout_param(l, r, set ? &set->ParamDesc : NULL);
  }
}

/* ---------- the exported functions ---------- */

API HttpInitialize(HTTPAPI_VERSION Version, ULONG Flags, PVOID pReserved) {
  BOOL knownVersion = (Version.HttpApiMajorVersion == 1 && Version.HttpApiMinorVersion == 0) ||
                      (Version.HttpApiMajorVersion == 2 && Version.HttpApiMinorVersion == 0);
  ULONG result = NO_ERROR;
  if (!knownVersion || pReserved || Flags == 0 || (Flags & ~(HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG | HTTP_DEMAND_CBT)))
    result = ERROR_INVALID_PARAMETER;
  else if (Flags & HTTP_INITIALIZE_CONFIG)
    InterlockedIncrement(&configInitCount);
  log_call("HttpInitialize", -1, "", result);
  return result;
}

API HttpTerminate(ULONG Flags, PVOID pReserved) {
  ULONG result = NO_ERROR;
  if (pReserved || (Flags & ~(HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG | HTTP_DEMAND_CBT)))
    result = ERROR_INVALID_PARAMETER;
  else if ((Flags & HTTP_INITIALIZE_CONFIG) && InterlockedDecrement(&configInitCount) < 0) {
    InterlockedIncrement(&configInitCount);
    result = ERROR_INVALID_PARAMETER; /* INFERRED: a Terminate without its Initialize */
  }
  log_call("HttpTerminate", -1, "", result);
  return result;
}

/* INFERRED: the configuration functions need HttpInitialize(HTTP_INITIALIZE_CONFIG) first (nf-http-httpinitialize:
 * "Call this function before calling any other functions"); without it the stand-in answers ERROR_INVALID_HANDLE. */
static BOOL initialized(void) { return configInitCount > 0; }

API HttpQueryServiceConfiguration(HANDLE ServiceHandle, HTTP_SERVICE_CONFIG_ID ConfigId, PVOID pInput, ULONG InputLength,
                                  PVOID pOutput, ULONG OutputLength, PULONG pReturnLength, LPOVERLAPPED pOverlapped) {
  char detail[600] = "";
  ULONG result;
  RecordKind kind;
  BOOL extended;
  StoredRecord key = {0};
  const StoredRecord *found = NULL;
  int exType = -1;
  Store *store;
  if (!initialized()) { result = ERROR_INVALID_HANDLE; goto done; }
  if (ServiceHandle || pOverlapped || !kind_of(ConfigId, &kind, &extended) || !pInput) { result = ERROR_INVALID_PARAMETER; goto done; }
  size_t inputSize = extended ? (kind == KIND_SNI ? sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_QUERY_EX) : sizeof(HTTP_SERVICE_CONFIG_SSL_QUERY_EX))
                     : kind == KIND_IPPORT ? sizeof(HTTP_SERVICE_CONFIG_SSL_QUERY)
                     : kind == KIND_CCS    ? sizeof(HTTP_SERVICE_CONFIG_SSL_CCS_QUERY)
                                           : sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_QUERY);
  if (InputLength < inputSize) { result = ERROR_INVALID_PARAMETER; goto done; }
  /* Every query structure starts with QueryDesc, then KeyDesc at offset 8; dwToken and ParamType follow KeyDesc. */
  HTTP_SERVICE_CONFIG_QUERY_TYPE queryType = *(const HTTP_SERVICE_CONFIG_QUERY_TYPE *)pInput;
  const BYTE *keyDesc = (const BYTE *)pInput + 8;
  DWORD token;
  if (extended) {
    const HTTP_SERVICE_CONFIG_SSL_QUERY_EX *q = pInput;
    const HTTP_SERVICE_CONFIG_SSL_SNI_QUERY_EX *sq = pInput;
    token = kind == KIND_SNI ? sq->dwToken : q->dwToken;
    exType = kind == KIND_SNI ? sq->ParamType : q->ParamType;
    if ((unsigned)exType >= ExParamTypeMax) { result = ERROR_INVALID_PARAMETER; goto done; }
  } else {
    token = kind == KIND_IPPORT ? ((const HTTP_SERVICE_CONFIG_SSL_QUERY *)pInput)->dwToken
            : kind == KIND_CCS  ? ((const HTTP_SERVICE_CONFIG_SSL_CCS_QUERY *)pInput)->dwToken
                                : ((const HTTP_SERVICE_CONFIG_SSL_SNI_QUERY *)pInput)->dwToken;
  }
  if ((result = store_get(&store))) goto done;
  if (queryType == HttpServiceConfigQueryExact) {
    if ((result = decode_key(kind, extended, keyDesc, &key))) goto done;
    record_key_text(&key, detail, sizeof detail);
    long at = store_find(store, &key, NULL);
    /* UNCERTAIN: an ...Ex query for a ParamType the record does not have answers as for a missing record. */
    if (at < 0 || (extended && !store->records[at].ex[exType].present)) { result = ERROR_FILE_NOT_FOUND; goto done; }
    found = &store->records[at];
  } else if (queryType == HttpServiceConfigQueryNext) {
    snprintf(detail, sizeof detail, "token=%lu", (unsigned long)token);
    /* ...Ex enumeration (UNCERTAIN): the records of that family that have the ParamType, in key order. */
    DWORD index = 0;
    for (size_t i = 0; i < store->count && !found; i++) {
      const StoredRecord *r = &store->records[i];
      if (r->kind != kind || (extended && !r->ex[exType].present)) continue;
      if (index++ == token) found = r;
    }
    if (!found) { result = ERROR_NO_MORE_ITEMS; goto done; }
  } else {
    result = ERROR_INVALID_PARAMETER;
    goto done;
  }
  Layout count = {NULL, 0};
  layout_record(&count, found, extended, exType);
  if (pReturnLength) *pReturnLength = (ULONG)count.used;
  if (!pOutput || OutputLength < count.used) { result = ERROR_INSUFFICIENT_BUFFER; goto done; }
  /* The buffer may be any address: the layout is aligned relative to an 8-aligned start (INFERRED: callers pass
   * heap buffers, which are). */
  Layout write = {pOutput, 0};
  layout_record(&write, found, extended, exType);
  result = NO_ERROR;
done:
  record_free(&key);
  {
    char line[700];
    snprintf(line, sizeof line, "%s%s%d", detail, exType >= 0 ? " ex=" : "", exType >= 0 ? exType : 0);
    log_call("HttpQueryServiceConfiguration", ConfigId, exType >= 0 ? line : detail, result);
  }
  return result;
}

typedef enum { WRITE_SET, WRITE_UPDATE, WRITE_DELETE } WriteKind;

static StoredRecord lastDeleted;
static BOOL haveLastDeleted;

static ULONG write_record(WriteKind what, HANDLE handle, int configId, PVOID info, ULONG length, LPOVERLAPPED overlapped,
                          char *detail, size_t detailSize) {
  StoredRecord r = {0};
  StoredExParam ex = {0};
  int exType = -1;
  ULONG result;
  Store *store;
  if (!initialized()) return ERROR_INVALID_HANDLE;
  if (handle) return what == WRITE_DELETE ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE;
  if (overlapped) return ERROR_INVALID_PARAMETER;
  result = decode_set(configId, info, length, what == WRITE_DELETE, &r, &exType, &ex);
  if (result == ERROR_INSUFFICIENT_BUFFER && what == WRITE_DELETE) result = ERROR_INVALID_PARAMETER;
  if (!result || r.kind || r.address.ss_family) record_key_text(&r, detail, detailSize);
  /* HttpUpdateServiceConfiguration documents only SSLCertInfo, SslSniCertInfo and SslCcsCertInfo. */
  if (!result && what == WRITE_UPDATE && (exType >= 0 || r.kind == KIND_SCOPED_CCS)) result = ERROR_INVALID_PARAMETER;
  if (!result) result = store_get(&store);
  if (result) goto done;

  ULONG injected;
  if (what == WRITE_SET && fault_hits(&failSet, &injected)) { result = injected; goto done; }
  if (what == WRITE_UPDATE && fault_hits(&failUpdate, &injected)) { result = injected; goto done; }
  if (what == WRITE_DELETE && fault_hits(&failDelete, &injected)) { result = injected; goto done; }
  if (what == WRITE_SET && exType < 0 && haveLastDeleted && record_compare_keys(&lastDeleted, &r) == 0 &&
      fault_hits(&failSetAfterDelete, &injected)) {
    result = injected;
    goto done;
  }

  size_t insertAt;
  long at = store_find(store, &r, &insertAt);
  if (exType >= 0) {
    /* INFERRED: an extended parameter belongs to an existing record; Set refuses one already there, as for records. */
    if (at < 0) { result = ERROR_FILE_NOT_FOUND; goto done; }
    StoredExParam *slot = &store->records[at].ex[exType];
    record_changed(&store->records[at]);
    if (what == WRITE_SET) {
      if (slot->present) { result = ERROR_ALREADY_EXISTS; goto done; }
      *slot = ex;
      memset(&ex, 0, sizeof ex);
    } else {
      if (!slot->present) { result = ERROR_FILE_NOT_FOUND; goto done; }
      StoredExParam old = *slot;
      memset(slot, 0, sizeof *slot);
      free(old.buffer);
      for (USHORT i = 0; i < old.headerCount; i++) {
        free(old.headers[i].name);
        free(old.headers[i].value);
      }
      free(old.headers);
    }
  } else if (what == WRITE_SET) {
    if (at >= 0) { result = ERROR_ALREADY_EXISTS; goto done; }
    if (!store_insert(store, insertAt, &r)) { result = ERROR_NOT_ENOUGH_MEMORY; goto done; }
    memset(&r, 0, sizeof r);
  } else if (what == WRITE_UPDATE) {
    if (at < 0) { result = ERROR_FILE_NOT_FOUND; goto done; }
    StoredRecord *target = &store->records[at];
    /* UNCERTAIN whether Windows keeps the ...Ex parameters on Update; the stand-in keeps them unless told not to. */
    if (!env_flag(L"CERTREBIND_STANDIN_UPDATE_DROPS_EX"))
      for (int t = 0; t < ExParamTypeMax; t++) {
        r.ex[t] = target->ex[t];
        memset(&target->ex[t], 0, sizeof target->ex[t]);
      }
    free(r.host);
    r.host = target->host; /* the key keeps its stored spelling */
    target->host = NULL;
    record_free(target);
    *target = r;
    memset(&r, 0, sizeof r);
  } else {
    if (at < 0) { result = ERROR_FILE_NOT_FOUND; goto done; }
    record_free(&lastDeleted);
    haveLastDeleted = record_copy(&lastDeleted, &store->records[at]);
    /* INFERRED: deleting a record deletes its extended parameters with it. */
    store_remove(store, (size_t)at);
  }
  result = store_save();
done:
  record_free(&r);
  {
    StoredRecord holder = {0};
    holder.ex[0] = ex;
    record_free(&holder);
  }
  if (exType >= 0 && strlen(detail) + 8 < detailSize) snprintf(detail + strlen(detail), detailSize - strlen(detail), " ex=%d", exType);
  return result;
}

API HttpSetServiceConfiguration(HANDLE ServiceHandle, HTTP_SERVICE_CONFIG_ID ConfigId, PVOID pConfigInformation,
                                ULONG ConfigInformationLength, LPOVERLAPPED pOverlapped) {
  char detail[600] = "";
  ULONG result = write_record(WRITE_SET, ServiceHandle, ConfigId, pConfigInformation, ConfigInformationLength, pOverlapped, detail, sizeof detail);
  log_call("HttpSetServiceConfiguration", ConfigId, detail, result);
  return result;
}

API HttpDeleteServiceConfiguration(HANDLE ServiceHandle, HTTP_SERVICE_CONFIG_ID ConfigId, PVOID pConfigInformation,
                                   ULONG ConfigInformationLength, LPOVERLAPPED pOverlapped) {
  char detail[600] = "";
  ULONG result = write_record(WRITE_DELETE, ServiceHandle, ConfigId, pConfigInformation, ConfigInformationLength, pOverlapped, detail, sizeof detail);
  log_call("HttpDeleteServiceConfiguration", ConfigId, detail, result);
  return result;
}

#ifdef STANDIN_WITH_UPDATE
API HttpUpdateServiceConfiguration(HANDLE Handle, HTTP_SERVICE_CONFIG_ID ConfigId, PVOID ConfigInfo, ULONG ConfigInfoLength,
                                   LPOVERLAPPED Overlapped) {
  char detail[600] = "";
  ULONG result = write_record(WRITE_UPDATE, Handle, ConfigId, ConfigInfo, ConfigInfoLength, Overlapped, detail, sizeof detail);
  log_call("HttpUpdateServiceConfiguration", ConfigId, detail, result);
  return result;
}
#endif
