/*
 * Checks the httpapi.dll stand-in as a Windows program would use it: loaded from System32 by full path, its
 * functions resolved at run time. Usage: standin-check.exe <scenario>; prints "ok <name>" or
 * "not ok <name> - <detail>" per check and exits with the number of failures. Scenarios: api, fail-set,
 * fail-update, fail-delete, fail-set-after-delete (the failure ones expect their CERTREBIND_STANDIN_FAIL_* variable),
 * and dump (prints every record the API returns in the store's text format, then "# failures 0").
 */
#include "http-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef ULONG(WINAPI *InitializeFn)(HTTPAPI_VERSION, ULONG, PVOID);
typedef ULONG(WINAPI *TerminateFn)(ULONG, PVOID);
typedef ULONG(WINAPI *QueryFn)(HANDLE, HTTP_SERVICE_CONFIG_ID, PVOID, ULONG, PVOID, ULONG, PULONG, LPOVERLAPPED);
typedef ULONG(WINAPI *WriteFn)(HANDLE, HTTP_SERVICE_CONFIG_ID, PVOID, ULONG, LPOVERLAPPED);

static InitializeFn Initialize;
static TerminateFn Terminate;
static QueryFn Query;
static WriteFn Set, Update, Delete;
static int failures;

static void check(BOOL passed, const char *name, const char *format, ...) {
  if (passed) {
    printf("ok %s\n", name);
    return;
  }
  failures++;
  printf("not ok %s - ", name);
  va_list args;
  va_start(args, format);
  vprintf(format, args);
  va_end(args);
  printf("\n");
}

#define EXPECT(name, actual, expected) \
  do { ULONG a_ = (actual), e_ = (expected); check(a_ == e_, name, "got %lu, expected %lu", (unsigned long)a_, (unsigned long)e_); } while (0)

static const HTTPAPI_VERSION V1 = {1, 0};
static const GUID APP = {0x4dc3e181, 0xe14b, 0x4a21, {0xb0, 0x22, 0x59, 0xfc, 0x66, 0x9b, 0x09, 0x14}};

static SOCKADDR_STORAGE v4(const char *ip, USHORT port) {
  SOCKADDR_STORAGE s = {0};
  SOCKADDR_IN *a = (SOCKADDR_IN *)&s;
  a->sin_family = AF_INET;
  a->sin_port = htons(port);
  inet_pton(AF_INET, ip, &a->sin_addr);
  return s;
}

static SOCKADDR_STORAGE v6(const char *ip, USHORT port) {
  SOCKADDR_STORAGE s = {0};
  SOCKADDR_IN6 *a = (SOCKADDR_IN6 *)&s;
  a->sin6_family = AF_INET6;
  a->sin6_port = htons(port);
  inet_pton(AF_INET6, ip, &a->sin6_addr);
  return s;
}

static BYTE HASH_A[20], HASH_B[20];

static HTTP_SERVICE_CONFIG_SSL_PARAM full_param(BYTE *hash) {
  HTTP_SERVICE_CONFIG_SSL_PARAM p = {0};
  p.SslHashLength = 20;
  p.pSslHash = hash;
  p.AppId = APP;
  p.pSslCertStoreName = L"My";
  p.DefaultCertCheckMode = 0x10007;
  p.DefaultRevocationFreshnessTime = 3600;
  p.DefaultRevocationUrlRetrievalTimeout = 15000;
  p.pDefaultSslCtlIdentifier = L"Ctl \u00e9 1";
  p.pDefaultSslCtlStoreName = L"CtlStore";
  p.DefaultFlags = 0xFFFFFFFFu;
  return p;
}

static BOOL inside(const void *p, const void *buffer, ULONG size) {
  return (const BYTE *)p >= (const BYTE *)buffer && (const BYTE *)p < (const BYTE *)buffer + size;
}

static BOOL same_param(const HTTP_SERVICE_CONFIG_SSL_PARAM *a, const HTTP_SERVICE_CONFIG_SSL_PARAM *b) {
  BOOL strings = TRUE;
  const PWSTR as[3] = {a->pSslCertStoreName, a->pDefaultSslCtlIdentifier, a->pDefaultSslCtlStoreName};
  const PWSTR bs[3] = {b->pSslCertStoreName, b->pDefaultSslCtlIdentifier, b->pDefaultSslCtlStoreName};
  for (int i = 0; i < 3; i++) strings = strings && (as[i] && bs[i] ? wcscmp(as[i], bs[i]) == 0 : as[i] == bs[i]);
  return strings && a->SslHashLength == b->SslHashLength && memcmp(a->pSslHash, b->pSslHash, a->SslHashLength) == 0 &&
         memcmp(&a->AppId, &b->AppId, sizeof(GUID)) == 0 && a->DefaultCertCheckMode == b->DefaultCertCheckMode &&
         a->DefaultRevocationFreshnessTime == b->DefaultRevocationFreshnessTime &&
         a->DefaultRevocationUrlRetrievalTimeout == b->DefaultRevocationUrlRetrievalTimeout && a->DefaultFlags == b->DefaultFlags;
}

static ULONG set_ipport(WriteFn fn, SOCKADDR_STORAGE *address, HTTP_SERVICE_CONFIG_SSL_PARAM param) {
  HTTP_SERVICE_CONFIG_SSL_SET set = {{(PSOCKADDR)address}, param};
  return fn(NULL, HttpServiceConfigSSLCertInfo, &set, sizeof set, NULL);
}

/* Exact query of an ipport record into a fresh heap buffer (caller frees); returns the error. */
static ULONG query_ipport(SOCKADDR_STORAGE *address, HTTP_SERVICE_CONFIG_SSL_SET **out) {
  HTTP_SERVICE_CONFIG_SSL_QUERY q = {HttpServiceConfigQueryExact, {(PSOCKADDR)address}, 0};
  ULONG size = 0, error = Query(NULL, HttpServiceConfigSSLCertInfo, &q, sizeof q, NULL, 0, &size, NULL);
  *out = NULL;
  if (error != ERROR_INSUFFICIENT_BUFFER) return error;
  *out = malloc(size);
  return Query(NULL, HttpServiceConfigSSLCertInfo, &q, sizeof q, *out, size, &size, NULL);
}

static ULONG query_next(HTTP_SERVICE_CONFIG_ID id, DWORD token, void **out) {
  BYTE input[160] = {0};
  *(HTTP_SERVICE_CONFIG_QUERY_TYPE *)input = HttpServiceConfigQueryNext;
  size_t tokenAt = id == HttpServiceConfigSSLCertInfo ? offsetof(HTTP_SERVICE_CONFIG_SSL_QUERY, dwToken)
                   : id == HttpServiceConfigSslCcsCertInfo ? offsetof(HTTP_SERVICE_CONFIG_SSL_CCS_QUERY, dwToken)
                                                           : offsetof(HTTP_SERVICE_CONFIG_SSL_SNI_QUERY, dwToken);
  ULONG inputSize = id == HttpServiceConfigSSLCertInfo ? sizeof(HTTP_SERVICE_CONFIG_SSL_QUERY)
                    : id == HttpServiceConfigSslCcsCertInfo ? sizeof(HTTP_SERVICE_CONFIG_SSL_CCS_QUERY)
                                                            : sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_QUERY);
  *(DWORD *)(input + tokenAt) = token;
  ULONG size = 0, error = Query(NULL, id, input, inputSize, NULL, 0, &size, NULL);
  *out = NULL;
  if (error != ERROR_INSUFFICIENT_BUFFER) return error;
  *out = malloc(size);
  return Query(NULL, id, input, inputSize, *out, size, &size, NULL);
}

static ULONG set_ex(WriteFn fn, SOCKADDR_STORAGE address, HTTP_SERVICE_CONFIG_SSL_PARAM_EX param) {
  HTTP_SERVICE_CONFIG_SSL_SET_EX set = {{address}, param};
  return fn(NULL, HttpServiceConfigSslCertInfoEx, &set, sizeof set, NULL);
}

static ULONG query_ex(SOCKADDR_STORAGE address, int type, HTTP_SERVICE_CONFIG_SSL_SET_EX **out, ULONG *needed) {
  HTTP_SERVICE_CONFIG_SSL_QUERY_EX q = {HttpServiceConfigQueryExact, {address}, 0, type};
  ULONG size = 0, error = Query(NULL, HttpServiceConfigSslCertInfoEx, &q, sizeof q, NULL, 0, &size, NULL);
  *out = NULL;
  if (needed) *needed = size;
  if (error != ERROR_INSUFFICIENT_BUFFER) return error;
  *out = malloc(size);
  return Query(NULL, HttpServiceConfigSslCertInfoEx, &q, sizeof q, *out, size, &size, NULL);
}

static void scenario_api(void) {
  HTTP_SERVICE_CONFIG_SSL_SET *got;
  SOCKADDR_STORAGE any4 = v4("0.0.0.0", 443), addr4 = v4("10.1.2.3", 8443), any6 = v6("::", 443), loop6 = v6("::1", 443);
  HTTP_SERVICE_CONFIG_SSL_PARAM param = full_param(HASH_A);

  EXPECT("query before HttpInitialize is refused", query_ipport(&any4, &got), ERROR_INVALID_HANDLE);
  EXPECT("HttpInitialize refuses unknown flags", Initialize(V1, 0x100, NULL), ERROR_INVALID_PARAMETER);
  EXPECT("HttpInitialize with HTTP_INITIALIZE_CONFIG", Initialize(V1, HTTP_INITIALIZE_CONFIG, NULL), NO_ERROR);

  EXPECT("set ipport 0.0.0.0:443 with every field", set_ipport(Set, &any4, param), NO_ERROR);
  EXPECT("set of an existing key answers ERROR_ALREADY_EXISTS", set_ipport(Set, &any4, param), ERROR_ALREADY_EXISTS);
  EXPECT("set ipport [::]:443", set_ipport(Set, &any6, param), NO_ERROR);
  HTTP_SERVICE_CONFIG_SSL_PARAM minimal = {20, HASH_B, APP, NULL, 0, 0, 0, NULL, NULL, 0};
  EXPECT("set ipport [::1]:443 with NULL strings", set_ipport(Set, &loop6, minimal), NO_ERROR);
  EXPECT("set ipport 10.1.2.3:8443", set_ipport(Set, &addr4, minimal), NO_ERROR);

  /* ERROR_INSUFFICIENT_BUFFER with the size, then the record in one buffer with pointers into it. */
  HTTP_SERVICE_CONFIG_SSL_QUERY q = {HttpServiceConfigQueryExact, {(PSOCKADDR)&any4}, 0};
  ULONG size = 0;
  EXPECT("exact query without a buffer answers ERROR_INSUFFICIENT_BUFFER", Query(NULL, HttpServiceConfigSSLCertInfo, &q, sizeof q, NULL, 0, &size, NULL), ERROR_INSUFFICIENT_BUFFER);
  check(size > sizeof(HTTP_SERVICE_CONFIG_SSL_SET) + 20, "the required size covers the structure, hash and strings", "size %lu", (unsigned long)size);
  BYTE *buffer = malloc(size);
  ULONG size2 = 0;
  EXPECT("a buffer one byte short answers ERROR_INSUFFICIENT_BUFFER", Query(NULL, HttpServiceConfigSSLCertInfo, &q, sizeof q, buffer, size - 1, &size2, NULL), ERROR_INSUFFICIENT_BUFFER);
  EXPECT("the same size is required again", size2, size);
  EXPECT("a buffer of the required size succeeds", Query(NULL, HttpServiceConfigSSLCertInfo, &q, sizeof q, buffer, size, &size2, NULL), NO_ERROR);
  got = (HTTP_SERVICE_CONFIG_SSL_SET *)buffer;
  check(same_param(&got->ParamDesc, &param), "every field reads back as set (hash, AppId, store, check mode, times, CTL, all 32 flag bits)", "differs");
  check(inside(got->KeyDesc.pIpPort, buffer, size) && inside(got->ParamDesc.pSslHash, buffer, size) &&
            inside(got->ParamDesc.pSslCertStoreName, buffer, size) && inside(got->ParamDesc.pDefaultSslCtlIdentifier, buffer, size),
        "the key, hash and strings point into the output buffer", "a pointer is outside");
  check(got->KeyDesc.pIpPort->sa_family == AF_INET && ((SOCKADDR_IN *)got->KeyDesc.pIpPort)->sin_port == htons(443),
        "the key reads back as 0.0.0.0:443", "family %d", got->KeyDesc.pIpPort->sa_family);
  free(buffer);

  EXPECT("exact query of [::1]:443", query_ipport(&loop6, &got), NO_ERROR);
  check(got && same_param(&got->ParamDesc, &minimal) && got->ParamDesc.pSslCertStoreName == NULL && got->ParamDesc.pDefaultSslCtlIdentifier == NULL,
        "NULL strings read back as NULL", "differs");
  check(got && got->KeyDesc.pIpPort->sa_family == AF_INET6 && memcmp(&((SOCKADDR_IN6 *)got->KeyDesc.pIpPort)->sin6_addr, &((SOCKADDR_IN6 *)&loop6)->sin6_addr, 16) == 0,
        "an IPv6 key reads back as IPv6", "differs");
  free(got);
  SOCKADDR_STORAGE missing = v4("192.0.2.1", 443);
  EXPECT("exact query of a missing key answers ERROR_FILE_NOT_FOUND", query_ipport(&missing, &got), ERROR_FILE_NOT_FOUND);

  /* Enumeration by token. */
  void *item;
  int seen = 0;
  BOOL allIpport = TRUE;
  for (DWORD token = 0; token < 10; token++) {
    ULONG error = query_next(HttpServiceConfigSSLCertInfo, token, &item);
    if (error == ERROR_NO_MORE_ITEMS) break;
    if (error) { allIpport = FALSE; break; }
    seen++;
    free(item);
  }
  EXPECT("HttpServiceConfigQueryNext enumerates the four ipport records", seen, 4);
  check(allIpport, "every token before the end answers NO_ERROR", "an error");
  EXPECT("the token after the last answers ERROR_NO_MORE_ITEMS", query_next(HttpServiceConfigSSLCertInfo, 4, &item), ERROR_NO_MORE_ITEMS);

  /* Bad input. */
  EXPECT("NULL input answers ERROR_INVALID_PARAMETER", Query(NULL, HttpServiceConfigSSLCertInfo, NULL, 0, NULL, 0, &size, NULL), ERROR_INVALID_PARAMETER);
  EXPECT("a short input answers ERROR_INVALID_PARAMETER", Query(NULL, HttpServiceConfigSSLCertInfo, &q, 8, NULL, 0, &size, NULL), ERROR_INVALID_PARAMETER);
  HTTP_SERVICE_CONFIG_SSL_QUERY badType = {(HTTP_SERVICE_CONFIG_QUERY_TYPE)7, {(PSOCKADDR)&any4}, 0};
  EXPECT("an unknown QueryDesc answers ERROR_INVALID_PARAMETER", Query(NULL, HttpServiceConfigSSLCertInfo, &badType, sizeof badType, NULL, 0, &size, NULL), ERROR_INVALID_PARAMETER);
  HTTP_SERVICE_CONFIG_SSL_QUERY nullKey = {HttpServiceConfigQueryExact, {NULL}, 0};
  EXPECT("an exact query without a key answers ERROR_INVALID_PARAMETER", Query(NULL, HttpServiceConfigSSLCertInfo, &nullKey, sizeof nullKey, NULL, 0, &size, NULL), ERROR_INVALID_PARAMETER);
  SOCKADDR_STORAGE unix = {0};
  unix.ss_family = 1;
  HTTP_SERVICE_CONFIG_SSL_QUERY badFamily = {HttpServiceConfigQueryExact, {(PSOCKADDR)&unix}, 0};
  EXPECT("a key of another address family answers ERROR_INVALID_PARAMETER", Query(NULL, HttpServiceConfigSSLCertInfo, &badFamily, sizeof badFamily, NULL, 0, &size, NULL), ERROR_INVALID_PARAMETER);
  EXPECT("a service handle answers ERROR_INVALID_PARAMETER", Query((HANDLE)1, HttpServiceConfigSSLCertInfo, &q, sizeof q, NULL, 0, &size, NULL), ERROR_INVALID_PARAMETER);
  OVERLAPPED overlapped = {0};
  EXPECT("an OVERLAPPED answers ERROR_INVALID_PARAMETER", Query(NULL, HttpServiceConfigSSLCertInfo, &q, sizeof q, NULL, 0, &size, &overlapped), ERROR_INVALID_PARAMETER);
  HTTP_SERVICE_CONFIG_SSL_PARAM longHash = full_param(HASH_A);
  longHash.SslHashLength = 21;
  SOCKADDR_STORAGE other = v4("10.9.9.9", 443);
  EXPECT("a hash longer than 20 bytes answers ERROR_INVALID_PARAMETER", set_ipport(Set, &other, longHash), ERROR_INVALID_PARAMETER);
  HTTP_SERVICE_CONFIG_SSL_SET shortSet = {{(PSOCKADDR)&other}, param};
  EXPECT("a short set structure answers ERROR_INSUFFICIENT_BUFFER", Set(NULL, HttpServiceConfigSSLCertInfo, &shortSet, 16, NULL), ERROR_INSUFFICIENT_BUFFER);
  EXPECT("set with a service handle answers ERROR_INVALID_HANDLE", Set((HANDLE)1, HttpServiceConfigSSLCertInfo, &shortSet, sizeof shortSet, NULL), ERROR_INVALID_HANDLE);
  EXPECT("an unimplemented ConfigId answers ERROR_INVALID_PARAMETER", Set(NULL, HttpServiceConfigUrlAclInfo, &shortSet, sizeof shortSet, NULL), ERROR_INVALID_PARAMETER);

  /* SNI: the key is the address and the host; the host matches without regard to case. */
  HTTP_SERVICE_CONFIG_SSL_SNI_SET sni = {{v4("0.0.0.0", 443), L"www.Contoso.com"}, full_param(HASH_B)};
  EXPECT("set hostnameport www.Contoso.com:443", Set(NULL, HttpServiceConfigSslSniCertInfo, &sni, sizeof sni, NULL), NO_ERROR);
  HTTP_SERVICE_CONFIG_SSL_SNI_SET sniAgain = {{v4("0.0.0.0", 443), L"WWW.CONTOSO.COM"}, minimal};
  EXPECT("the same host in other case is the same key", Set(NULL, HttpServiceConfigSslSniCertInfo, &sniAgain, sizeof sniAgain, NULL), ERROR_ALREADY_EXISTS);
  HTTP_SERVICE_CONFIG_SSL_SNI_SET sniNoHost = {{v4("0.0.0.0", 443), NULL}, minimal};
  EXPECT("a hostnameport set without a host answers ERROR_INVALID_PARAMETER", Set(NULL, HttpServiceConfigSslSniCertInfo, &sniNoHost, sizeof sniNoHost, NULL), ERROR_INVALID_PARAMETER);
  HTTP_SERVICE_CONFIG_SSL_SNI_QUERY sq = {HttpServiceConfigQueryExact, {v4("0.0.0.0", 443), L"www.contoso.COM"}, 0};
  size = 0;
  EXPECT("exact hostnameport query asks for its size", Query(NULL, HttpServiceConfigSslSniCertInfo, &sq, sizeof sq, NULL, 0, &size, NULL), ERROR_INSUFFICIENT_BUFFER);
  buffer = malloc(size);
  EXPECT("exact hostnameport query", Query(NULL, HttpServiceConfigSslSniCertInfo, &sq, sizeof sq, buffer, size, &size, NULL), NO_ERROR);
  HTTP_SERVICE_CONFIG_SSL_SNI_SET *gotSni = (HTTP_SERVICE_CONFIG_SSL_SNI_SET *)buffer;
  check(wcscmp(gotSni->KeyDesc.Host, L"www.Contoso.com") == 0 && inside(gotSni->KeyDesc.Host, buffer, size), "the host reads back as stored, inside the buffer", "differs");
  HTTP_SERVICE_CONFIG_SSL_PARAM sniParam = full_param(HASH_B);
  check(same_param(&gotSni->ParamDesc, &sniParam), "every hostnameport field reads back as set", "differs");
  free(buffer);
  EXPECT("hostnameport enumeration: token 0", query_next(HttpServiceConfigSslSniCertInfo, 0, &item), NO_ERROR);
  free(item);
  EXPECT("hostnameport enumeration ends after one", query_next(HttpServiceConfigSslSniCertInfo, 1, &item), ERROR_NO_MORE_ITEMS);

  /* CCS and scoped CCS. */
  HTTP_SERVICE_CONFIG_SSL_PARAM noHash = {0, NULL, APP, NULL, 0, 0, 0, NULL, NULL, 0x2};
  HTTP_SERVICE_CONFIG_SSL_CCS_SET ccs = {{v4("0.0.0.0", 443)}, noHash};
  EXPECT("set ccs 0.0.0.0:443", Set(NULL, HttpServiceConfigSslCcsCertInfo, &ccs, sizeof ccs, NULL), NO_ERROR);
  HTTP_SERVICE_CONFIG_SSL_CCS_SET ccsBad = {{v4("10.0.0.1", 443)}, noHash};
  EXPECT("a ccs key other than 0.0.0.0 answers ERROR_INVALID_PARAMETER", Set(NULL, HttpServiceConfigSslCcsCertInfo, &ccsBad, sizeof ccsBad, NULL), ERROR_INVALID_PARAMETER);
  EXPECT("ccs enumeration: token 0", query_next(HttpServiceConfigSslCcsCertInfo, 0, &item), NO_ERROR);
  check(item && ((HTTP_SERVICE_CONFIG_SSL_CCS_SET *)item)->ParamDesc.SslHashLength == 0 && ((HTTP_SERVICE_CONFIG_SSL_CCS_SET *)item)->ParamDesc.DefaultFlags == 2,
        "a ccs record reads back without a hash", "differs");
  free(item);
  HTTP_SERVICE_CONFIG_SSL_SNI_SET scoped = {{v4("0.0.0.0", 443), L"scoped.contoso.com"}, noHash};
  EXPECT("set scopedccs scoped.contoso.com:443", Set(NULL, HttpServiceConfigSslScopedCcsCertInfo, &scoped, sizeof scoped, NULL), NO_ERROR);
  EXPECT("scopedccs enumeration: token 0", query_next(HttpServiceConfigSslScopedCcsCertInfo, 0, &item), NO_ERROR);
  check(item && wcscmp(((HTTP_SERVICE_CONFIG_SSL_SNI_SET *)item)->KeyDesc.Host, L"scoped.contoso.com") == 0, "a scopedccs record reads back with its host", "differs");
  free(item);
  EXPECT("scopedccs records are not hostnameport records", query_next(HttpServiceConfigSslSniCertInfo, 1, &item), ERROR_NO_MORE_ITEMS);

  /* Extended parameters, one ParamType per call. */
  HTTP_SERVICE_CONFIG_SSL_PARAM_EX window = {ExParamTypeHttp2Window, 0x123456789ull};
  window.Http2WindowSizeParam.Http2ReceiveWindowSize = 1048576;
  EXPECT("set ex Http2Window on 0.0.0.0:443", set_ex(Set, any4, window), NO_ERROR);
  EXPECT("set ex Http2Window again answers ERROR_ALREADY_EXISTS", set_ex(Set, any4, window), ERROR_ALREADY_EXISTS);
  EXPECT("set ex on a missing record answers ERROR_FILE_NOT_FOUND", set_ex(Set, missing, window), ERROR_FILE_NOT_FOUND);
  HTTP_SERVICE_CONFIG_SSL_PARAM_EX limits = {ExParamTypeHttp2SettingsLimits, 0};
  limits.Http2SettingsLimitsParam.Http2MaxSettingsPerFrame = 7;
  limits.Http2SettingsLimitsParam.Http2MaxSettingsPerMinute = 300;
  EXPECT("set ex Http2SettingsLimits", set_ex(Set, any4, limits), NO_ERROR);
  BYTE perfBytes[4] = {1, 0, 0xff, 7};
  HTTP_SERVICE_CONFIG_SSL_PARAM_EX perf = {ExParamTypeHttpPerformance, 1};
  perf.HttpPerformanceParam.Type = 3;
  perf.HttpPerformanceParam.BufferSize = 4;
  perf.HttpPerformanceParam.Buffer = perfBytes;
  EXPECT("set ex HttpPerformance", set_ex(Set, any4, perf), NO_ERROR);
  HTTP_UNKNOWN_HEADER headers[2] = {{12, 3, "X-Powered-By", "nop"}, {7, 9, "X-Error", "a b:c=d~e"}};
  HTTP_SERVICE_CONFIG_SSL_PARAM_EX errorHeaders = {ExParamTypeErrorHeaders, 0};
  errorHeaders.HttpErrorHeadersParam.StatusCode = 503;
  errorHeaders.HttpErrorHeadersParam.HeaderCount = 2;
  errorHeaders.HttpErrorHeadersParam.Headers = headers;
  EXPECT("set ex ErrorHeaders", set_ex(Set, any4, errorHeaders), NO_ERROR);
  HTTP_SERVICE_CONFIG_SSL_SET_EX *ex;
  ULONG needed;
  EXPECT("query ex Http2Window", query_ex(any4, 0, &ex, NULL), NO_ERROR);
  check(ex && ex->ParamDesc.ParamType == 0 && ex->ParamDesc.Flags == 0x123456789ull && ex->ParamDesc.Http2WindowSizeParam.Http2ReceiveWindowSize == 1048576,
        "Http2Window reads back with its 64-bit Flags", "differs");
  free(ex);
  EXPECT("query ex Http2SettingsLimits", query_ex(any4, 1, &ex, NULL), NO_ERROR);
  check(ex && ex->ParamDesc.Http2SettingsLimitsParam.Http2MaxSettingsPerFrame == 7 && ex->ParamDesc.Http2SettingsLimitsParam.Http2MaxSettingsPerMinute == 300,
        "Http2SettingsLimits reads back", "differs");
  free(ex);
  EXPECT("query ex HttpPerformance", query_ex(any4, 2, &ex, &needed), NO_ERROR);
  check(needed >= sizeof(HTTP_SERVICE_CONFIG_SSL_SET_EX) + 4, "HttpPerformance asks for room for its buffer", "size %lu", (unsigned long)needed);
  check(ex && ex->ParamDesc.HttpPerformanceParam.Type == 3 && ex->ParamDesc.HttpPerformanceParam.BufferSize == 4 &&
            memcmp(ex->ParamDesc.HttpPerformanceParam.Buffer, perfBytes, 4) == 0 && inside(ex->ParamDesc.HttpPerformanceParam.Buffer, ex, needed),
        "HttpPerformance reads back, its buffer inside the output", "differs");
  free(ex);
  EXPECT("query ex ErrorHeaders", query_ex(any4, 4, &ex, &needed), NO_ERROR);
  HTTP_ERROR_HEADERS_PARAM *eh = ex ? &ex->ParamDesc.HttpErrorHeadersParam : NULL;
  check(eh && eh->StatusCode == 503 && eh->HeaderCount == 2 && eh->Headers[1].RawValueLength == 9 &&
            memcmp(eh->Headers[1].pRawValue, "a b:c=d~e", 9) == 0 && memcmp(eh->Headers[0].pName, "X-Powered-By", 12) == 0 &&
            inside(eh->Headers, ex, needed) && inside(eh->Headers[1].pRawValue, ex, needed),
        "ErrorHeaders read back with every header, inside the output", "differs");
  free(ex);
  EXPECT("query ex TlsRestrictions that is not set answers ERROR_FILE_NOT_FOUND", query_ex(any4, 3, &ex, NULL), ERROR_FILE_NOT_FOUND);
  EXPECT("query ex CertConfig that is not set answers ERROR_FILE_NOT_FOUND", query_ex(any4, 6, &ex, NULL), ERROR_FILE_NOT_FOUND);
  EXPECT("query ex of an unknown ParamType answers ERROR_INVALID_PARAMETER", query_ex(any4, 7, &ex, NULL), ERROR_INVALID_PARAMETER);
  EXPECT("query ex on a record without it answers ERROR_FILE_NOT_FOUND", query_ex(any6, 0, &ex, NULL), ERROR_FILE_NOT_FOUND);
  HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX sniEx = {{v4("0.0.0.0", 443), L"www.contoso.com"}, errorHeaders};
  EXPECT("set ex ErrorHeaders on a hostnameport record", Set(NULL, HttpServiceConfigSslSniCertInfoEx, &sniEx, sizeof sniEx, NULL), NO_ERROR);
  HTTP_SERVICE_CONFIG_SSL_SNI_QUERY_EX sqx = {HttpServiceConfigQueryNext, {{0}, NULL}, 0, ExParamTypeErrorHeaders};
  size = 0;
  EXPECT("enumerate hostnameport ex ErrorHeaders: size", Query(NULL, HttpServiceConfigSslSniCertInfoEx, &sqx, sizeof sqx, NULL, 0, &size, NULL), ERROR_INSUFFICIENT_BUFFER);
  buffer = malloc(size);
  EXPECT("enumerate hostnameport ex ErrorHeaders: token 0", Query(NULL, HttpServiceConfigSslSniCertInfoEx, &sqx, sizeof sqx, buffer, size, &size, NULL), NO_ERROR);
  check(wcscmp(((HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX *)buffer)->KeyDesc.Host, L"www.Contoso.com") == 0 &&
            ((HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX *)buffer)->ParamDesc.HttpErrorHeadersParam.StatusCode == 503,
        "the hostnameport ex record reads back with its host", "differs");
  free(buffer);
  sqx.dwToken = 1;
  EXPECT("enumerate hostnameport ex ErrorHeaders: then ERROR_NO_MORE_ITEMS", Query(NULL, HttpServiceConfigSslSniCertInfoEx, &sqx, sizeof sqx, NULL, 0, &size, NULL), ERROR_NO_MORE_ITEMS);

  /* Update, where exported. */
  HTTP_SERVICE_CONFIG_SSL_PARAM renewed = full_param(HASH_B);
  renewed.pSslCertStoreName = L"WebHosting";
  if (Update) {
    EXPECT("update 0.0.0.0:443 to another hash and store", set_ipport(Update, &any4, renewed), NO_ERROR);
    EXPECT("query the updated record", query_ipport(&any4, &got), NO_ERROR);
    check(got && same_param(&got->ParamDesc, &renewed), "the update changed the hash and store and kept every other field", "differs");
    free(got);
    EXPECT("the update kept the extended parameters", query_ex(any4, 2, &ex, NULL), NO_ERROR);
    free(ex);
    EXPECT("update of a missing record answers ERROR_FILE_NOT_FOUND", set_ipport(Update, &missing, renewed), ERROR_FILE_NOT_FOUND);
    HTTP_SERVICE_CONFIG_SSL_SET_EX exSet = {{any4}, window};
    EXPECT("update of an ...Ex ConfigId answers ERROR_INVALID_PARAMETER", Update(NULL, HttpServiceConfigSslCertInfoEx, &exSet, sizeof exSet, NULL), ERROR_INVALID_PARAMETER);
    HTTP_SERVICE_CONFIG_SSL_SNI_SET sniRenewed = {{v4("0.0.0.0", 443), L"WWW.contoso.com"}, minimal};
    EXPECT("update hostnameport (host in other case)", Update(NULL, HttpServiceConfigSslSniCertInfo, &sniRenewed, sizeof sniRenewed, NULL), NO_ERROR);
  } else {
    check(TRUE, "HttpUpdateServiceConfiguration is not exported", "");
  }

  /* Delete. */
  EXPECT("delete ex Http2Window", set_ex(Delete, any4, window), NO_ERROR);
  EXPECT("delete ex Http2Window again answers ERROR_FILE_NOT_FOUND", set_ex(Delete, any4, window), ERROR_FILE_NOT_FOUND);
  EXPECT("the deleted ex parameter is gone", query_ex(any4, 0, &ex, NULL), ERROR_FILE_NOT_FOUND);
  EXPECT("delete 10.1.2.3:8443", set_ipport(Delete, &addr4, minimal), NO_ERROR);
  EXPECT("the deleted record is gone", query_ipport(&addr4, &got), ERROR_FILE_NOT_FOUND);
  EXPECT("delete of a missing record answers ERROR_FILE_NOT_FOUND", set_ipport(Delete, &addr4, minimal), ERROR_FILE_NOT_FOUND);
  EXPECT("delete and set again 0.0.0.0:443 (the path without Update): delete", set_ipport(Delete, &any4, renewed), NO_ERROR);
  EXPECT("deleting a record deletes its extended parameters", query_ex(any4, 2, &ex, NULL), ERROR_FILE_NOT_FOUND);
  EXPECT("delete and set again 0.0.0.0:443: set", set_ipport(Set, &any4, Update ? renewed : param), NO_ERROR);

  EXPECT("HttpTerminate", Terminate(HTTP_INITIALIZE_CONFIG, NULL), NO_ERROR);
  EXPECT("query after HttpTerminate is refused", query_ipport(&any4, &got), ERROR_INVALID_HANDLE);
}

/* The failure scenarios start from the records the test wrote: ipport 0.0.0.0:443 and 0.0.0.0:8443. */
static void scenario_failure(const char *name) {
  SOCKADDR_STORAGE a = v4("0.0.0.0", 443), b = v4("0.0.0.0", 8443);
  HTTP_SERVICE_CONFIG_SSL_SET *before, *after;
  EXPECT("HttpInitialize", Initialize(V1, HTTP_INITIALIZE_CONFIG, NULL), NO_ERROR);
  EXPECT("the record to change exists", query_ipport(&b, &before), NO_ERROR);
  HTTP_SERVICE_CONFIG_SSL_PARAM renewed = before->ParamDesc;
  renewed.pSslHash = HASH_B;
  renewed.SslHashLength = 20;
  if (strcmp(name, "fail-update") == 0) {
    if (!Update) { check(FALSE, "HttpUpdateServiceConfiguration is exported", "missing"); return; }
    EXPECT("the first update succeeds", set_ipport(Update, &a, renewed), NO_ERROR);
    EXPECT("the second update fails as injected", set_ipport(Update, &b, renewed), ERROR_NO_SUCH_LOGON_SESSION);
    EXPECT("the third update succeeds again", set_ipport(Update, &a, before->ParamDesc), NO_ERROR);
  } else if (strcmp(name, "fail-set") == 0) {
    SOCKADDR_STORAGE c = v4("0.0.0.0", 9443);
    EXPECT("the first set fails as injected", set_ipport(Set, &c, renewed), ERROR_NO_SUCH_LOGON_SESSION);
    EXPECT("the failed set left no record", query_ipport(&c, &after), ERROR_FILE_NOT_FOUND);
    EXPECT("the second set succeeds", set_ipport(Set, &c, renewed), NO_ERROR);
    EXPECT("then delete it again", set_ipport(Delete, &c, renewed), NO_ERROR);
  } else if (strcmp(name, "fail-delete") == 0) {
    EXPECT("the delete fails as injected", set_ipport(Delete, &b, renewed), ERROR_ACCESS_DENIED);
  } else if (strcmp(name, "fail-set-after-delete") == 0) {
    SOCKADDR_STORAGE c = v4("0.0.0.0", 9443);
    EXPECT("a set of another key is not affected", set_ipport(Set, &c, renewed), NO_ERROR);
    EXPECT("a set of another key: clean up", set_ipport(Delete, &c, renewed), NO_ERROR);
    EXPECT("delete 0.0.0.0:8443", set_ipport(Delete, &b, renewed), NO_ERROR);
    EXPECT("the set after the delete of the same key fails as injected", set_ipport(Set, &b, renewed), ERROR_INVALID_PARAMETER);
    EXPECT("the key is gone after the failed set", query_ipport(&b, &after), ERROR_FILE_NOT_FOUND);
    EXPECT("setting the original back succeeds", set_ipport(Set, &b, before->ParamDesc), NO_ERROR);
  }
  EXPECT("the record reads back", query_ipport(&b, &after), NO_ERROR);
  check(after && same_param(&after->ParamDesc, &before->ParamDesc), "the failed write left the record as it was", "differs");
}

/* ---------- dump: every record as the API returns it, in the store's text format (README.md) ---------- */

static void print_escaped(const BYTE *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) {
    BYTE c = bytes[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '*')
      putchar(c);
    else
      printf("%%%02X", c);
  }
}

static void print_wide(const WCHAR *s) {
  if (!s) { putchar('~'); return; }
  char utf8[1024];
  int n = WideCharToMultiByte(CP_UTF8, 0, s, -1, utf8, sizeof utf8, NULL, NULL);
  print_escaped((const BYTE *)utf8, n > 0 ? (size_t)n - 1 : 0);
}

static void print_address(const SOCKADDR *a) {
  char ip[64];
  if (a->sa_family == AF_INET6) {
    const SOCKADDR_IN6 *a6 = (const SOCKADDR_IN6 *)a;
    inet_ntop(AF_INET6, (void *)&a6->sin6_addr, ip, sizeof ip);
    if (a6->sin6_scope_id) printf("[%s%%%lu]:%u", ip, (unsigned long)a6->sin6_scope_id, ntohs(a6->sin6_port));
    else printf("[%s]:%u", ip, ntohs(a6->sin6_port));
  } else {
    const SOCKADDR_IN *a4 = (const SOCKADDR_IN *)a;
    inet_ntop(AF_INET, (void *)&a4->sin_addr, ip, sizeof ip);
    printf("%s:%u", ip, ntohs(a4->sin_port));
  }
}

static void print_param(const HTTP_SERVICE_CONFIG_SSL_PARAM *p) {
  printf(" hash=");
  for (ULONG i = 0; i < p->SslHashLength; i++) printf("%02x", ((BYTE *)p->pSslHash)[i]);
  const GUID *g = &p->AppId;
  printf(" appid={%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x} store=", (unsigned long)g->Data1, g->Data2, g->Data3,
         g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
  print_wide(p->pSslCertStoreName);
  printf(" checkmode=%lu freshness=%lu urltimeout=%lu ctlid=", (unsigned long)p->DefaultCertCheckMode,
         (unsigned long)p->DefaultRevocationFreshnessTime, (unsigned long)p->DefaultRevocationUrlRetrievalTimeout);
  print_wide(p->pDefaultSslCtlIdentifier);
  printf(" ctlstore=");
  print_wide(p->pDefaultSslCtlStoreName);
  printf(" flags=%lu\n", (unsigned long)p->DefaultFlags);
}

/* Queries every ParamType of one record's key (an ...Ex exact query), printing those it has. */
static void print_ex(HTTP_SERVICE_CONFIG_ID id, const SOCKADDR_STORAGE *address, const WCHAR *host) {
  for (int type = 0; type < ExParamTypeMax; type++) {
    BYTE input[160] = {0};
    ULONG inputSize;
    if (id == HttpServiceConfigSslSniCertInfoEx) {
      HTTP_SERVICE_CONFIG_SSL_SNI_QUERY_EX q = {HttpServiceConfigQueryExact, {*address, (PWSTR)host}, 0, type};
      memcpy(input, &q, inputSize = sizeof q);
    } else {
      HTTP_SERVICE_CONFIG_SSL_QUERY_EX q = {HttpServiceConfigQueryExact, {*address}, 0, type};
      memcpy(input, &q, inputSize = sizeof q);
    }
    ULONG size = 0, error = Query(NULL, id, input, inputSize, NULL, 0, &size, NULL);
    if (error == ERROR_FILE_NOT_FOUND) continue;
    BYTE *buffer = malloc(size ? size : 1);
    if (error != ERROR_INSUFFICIENT_BUFFER || (error = Query(NULL, id, input, inputSize, buffer, size, &size, NULL))) {
      check(FALSE, "dump: query ex", "error %lu", (unsigned long)error);
      free(buffer);
      continue;
    }
    const HTTP_SERVICE_CONFIG_SSL_PARAM_EX *p = id == HttpServiceConfigSslSniCertInfoEx ? &((HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX *)buffer)->ParamDesc
                                                                                        : &((HTTP_SERVICE_CONFIG_SSL_SET_EX *)buffer)->ParamDesc;
    printf("ex type=%d flags=%llu", p->ParamType, (unsigned long long)p->Flags);
    if (type == 0) printf(" window=%lu", (unsigned long)p->Http2WindowSizeParam.Http2ReceiveWindowSize);
    if (type == 1) printf(" perframe=%lu perminute=%lu", (unsigned long)p->Http2SettingsLimitsParam.Http2MaxSettingsPerFrame, (unsigned long)p->Http2SettingsLimitsParam.Http2MaxSettingsPerMinute);
    if (type == 2) {
      printf(" perftype=%d buffer=", p->HttpPerformanceParam.Type);
      for (ULONG i = 0; i < p->HttpPerformanceParam.BufferSize; i++) printf("%02x", ((BYTE *)p->HttpPerformanceParam.Buffer)[i]);
    }
    if (type == 4) {
      printf(" status=%u", p->HttpErrorHeadersParam.StatusCode);
      for (USHORT i = 0; i < p->HttpErrorHeadersParam.HeaderCount; i++) {
        const HTTP_UNKNOWN_HEADER *h = &p->HttpErrorHeadersParam.Headers[i];
        printf(" header=");
        print_escaped((const BYTE *)h->pName, h->NameLength);
        putchar(':');
        print_escaped((const BYTE *)h->pRawValue, h->RawValueLength);
      }
    }
    putchar('\n');
    free(buffer);
  }
}

static void scenario_dump(void) {
  static const struct { HTTP_SERVICE_CONFIG_ID id; const char *kind; } families[] = {
      {HttpServiceConfigSSLCertInfo, "ipport"}, {HttpServiceConfigSslSniCertInfo, "hostnameport"},
      {HttpServiceConfigSslCcsCertInfo, "ccs"}, {HttpServiceConfigSslScopedCcsCertInfo, "scopedccs"}};
  if (Initialize(V1, HTTP_INITIALIZE_CONFIG, NULL)) { check(FALSE, "dump: HttpInitialize", ""); return; }
  printf("certrebind-httpapi-standin 1\n");
  for (int f = 0; f < 4; f++) {
    for (DWORD token = 0;; token++) {
      void *item;
      ULONG error = query_next(families[f].id, token, &item);
      if (error == ERROR_NO_MORE_ITEMS) break;
      if (error) { check(FALSE, "dump: enumerate", "error %lu", (unsigned long)error); break; }
      printf("record kind=%s addr=", families[f].kind);
      if (families[f].id == HttpServiceConfigSSLCertInfo) {
        HTTP_SERVICE_CONFIG_SSL_SET *set = item;
        print_address(set->KeyDesc.pIpPort);
        print_param(&set->ParamDesc);
        SOCKADDR_STORAGE key = {0};
        memcpy(&key, set->KeyDesc.pIpPort, set->KeyDesc.pIpPort->sa_family == AF_INET6 ? sizeof(SOCKADDR_IN6) : sizeof(SOCKADDR_IN));
        print_ex(HttpServiceConfigSslCertInfoEx, &key, NULL);
      } else if (families[f].id == HttpServiceConfigSslCcsCertInfo) {
        HTTP_SERVICE_CONFIG_SSL_CCS_SET *set = item;
        print_address((SOCKADDR *)&set->KeyDesc.LocalAddress);
        print_param(&set->ParamDesc);
      } else {
        HTTP_SERVICE_CONFIG_SSL_SNI_SET *set = item;
        print_address((SOCKADDR *)&set->KeyDesc.IpPort);
        printf(" host=");
        print_wide(set->KeyDesc.Host);
        print_param(&set->ParamDesc);
        if (families[f].id == HttpServiceConfigSslSniCertInfo) print_ex(HttpServiceConfigSslSniCertInfoEx, &set->KeyDesc.IpPort, set->KeyDesc.Host);
      }
      free(item);
    }
  }
}

/* Resolved at run time, as the native layer does: a function an older httpapi.dll lacks is NULL. */
static void *resolve(HMODULE module, const char *name) { return (void *)GetProcAddress(module, name); }

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  for (int i = 0; i < 20; i++) {
    HASH_A[i] = (BYTE)(0xA0 + i);
    HASH_B[i] = (BYTE)(0x10 + i);
  }
  WCHAR system[MAX_PATH], path[MAX_PATH + 32];
  GetSystemDirectoryW(system, MAX_PATH);
  swprintf(path, MAX_PATH + 32, L"%ls\\httpapi.dll", system);
  HMODULE module = LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
  if (!module) {
    printf("not ok load %ls - error %lu\n", path, GetLastError());
    return 1;
  }
  Initialize = (InitializeFn)resolve(module, "HttpInitialize");
  Terminate = (TerminateFn)resolve(module, "HttpTerminate");
  Query = (QueryFn)resolve(module, "HttpQueryServiceConfiguration");
  Set = (WriteFn)resolve(module, "HttpSetServiceConfiguration");
  Delete = (WriteFn)resolve(module, "HttpDeleteServiceConfiguration");
  Update = (WriteFn)resolve(module, "HttpUpdateServiceConfiguration");
  printf("# update %s\n", Update ? "exported" : "absent");
  if (!Initialize || !Terminate || !Query || !Set || !Delete) {
    printf("not ok resolve - a configuration function is missing\n");
    return 1;
  }
  const char *scenario = argc > 1 ? argv[1] : "api";
  if (strcmp(scenario, "api") == 0) scenario_api();
  else if (strcmp(scenario, "dump") == 0) scenario_dump();
  else scenario_failure(scenario);
  printf("# failures %d\n", failures);
  return failures;
}
