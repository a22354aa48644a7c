/*
 * The HTTP Server API configuration types the stand-in implements, laid out as the Windows SDK's um/http.h
 * defines them (mingw-w64 10's http.h predates the SNI, CCS and ...Ex types, so they are defined here).
 * Sources, one per type:
 *   HTTP_SERVICE_CONFIG_ID ........ https://learn.microsoft.com/windows/win32/api/http/ne-http-http_service_config_id
 *     (values 8-12 from the SDK header as ported in windows-sys:
 *      https://docs.rs/windows-sys/latest/windows_sys/Win32/Networking/HttpServer/constant.HttpServiceConfigSslScopedCcsCertInfo.html)
 *   HTTP_SERVICE_CONFIG_QUERY_TYPE  https://learn.microsoft.com/windows/win32/api/http/ne-http-http_service_config_query_type
 *   HTTP_SERVICE_CONFIG_SSL_KEY ... https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_key
 *   HTTP_SERVICE_CONFIG_SSL_SNI_KEY https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_sni_key
 *   HTTP_SERVICE_CONFIG_SSL_CCS_KEY https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_ccs_key
 *   HTTP_SERVICE_CONFIG_SSL_PARAM . https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param
 *   HTTP_SERVICE_CONFIG_SSL_*_SET, _QUERY: ns-http-http_service_config_ssl_set, _ssl_sni_set, _ssl_ccs_set,
 *     _ssl_query, _ssl_sni_query, _ssl_ccs_query (same site)
 *   HTTP_SERVICE_CONFIG_SSL_PARAM_EX, HTTP_SERVICE_CONFIG_SSL_KEY_EX, _SET_EX, _SNI_SET_EX, _QUERY_EX, _SNI_QUERY_EX,
 *   HTTP_SSL_SERVICE_CONFIG_EX_PARAM_TYPE, HTTP2_WINDOW_SIZE_PARAM, HTTP2_SETTINGS_LIMITS_PARAM,
 *   HTTP_PERFORMANCE_PARAM, HTTP_TLS_RESTRICTIONS_PARAM, HTTP_ERROR_HEADERS_PARAM,
 *   HTTP_TLS_SESSION_TICKET_KEYS_PARAM, HTTP_CERT_CONFIG_PARAM, HTTP_UNKNOWN_HEADER:
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param_ex and the
 *     SDK 10.0.26100 header as ported in windows-sys (Win32::Networking::HttpServer, e.g.
 *     https://docs.rs/windows-sys/latest/windows_sys/Win32/Networking/HttpServer/struct.HTTP_SERVICE_CONFIG_SSL_PARAM_EX.html)
 * The sizes asserted at the end are those of the x64 layout these definitions give.
 */
#ifndef CERTREBIND_STANDIN_HTTP_CONFIG_H
#define CERTREBIND_STANDIN_HTTP_CONFIG_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#define HTTP_INITIALIZE_SERVER 0x00000001
#define HTTP_INITIALIZE_CONFIG 0x00000002
#define HTTP_DEMAND_CBT 0x00000004

/* https://learn.microsoft.com/windows/win32/api/http/ns-http-httpapi_version */
typedef struct _HTTPAPI_VERSION {
  USHORT HttpApiMajorVersion;
  USHORT HttpApiMinorVersion;
} HTTPAPI_VERSION;

typedef enum _HTTP_SERVICE_CONFIG_ID {
  HttpServiceConfigIPListenList = 0,
  HttpServiceConfigSSLCertInfo = 1,
  HttpServiceConfigUrlAclInfo = 2,
  HttpServiceConfigTimeout = 3,
  HttpServiceConfigCache = 4,
  HttpServiceConfigSslSniCertInfo = 5,
  HttpServiceConfigSslCcsCertInfo = 6,
  HttpServiceConfigSetting = 7,
  HttpServiceConfigSslCertInfoEx = 8,
  HttpServiceConfigSslSniCertInfoEx = 9,
  HttpServiceConfigSslCcsCertInfoEx = 10,
  HttpServiceConfigSslScopedCcsCertInfo = 11,
  HttpServiceConfigSslScopedCcsCertInfoEx = 12,
  HttpServiceConfigMax
} HTTP_SERVICE_CONFIG_ID;

typedef enum _HTTP_SERVICE_CONFIG_QUERY_TYPE {
  HttpServiceConfigQueryExact = 0,
  HttpServiceConfigQueryNext = 1,
  HttpServiceConfigQueryMax
} HTTP_SERVICE_CONFIG_QUERY_TYPE;

typedef struct _HTTP_SERVICE_CONFIG_SSL_KEY { PSOCKADDR pIpPort; } HTTP_SERVICE_CONFIG_SSL_KEY;
typedef struct _HTTP_SERVICE_CONFIG_SSL_KEY_EX { SOCKADDR_STORAGE IpPort; } HTTP_SERVICE_CONFIG_SSL_KEY_EX;
typedef struct _HTTP_SERVICE_CONFIG_SSL_SNI_KEY { SOCKADDR_STORAGE IpPort; PWSTR Host; } HTTP_SERVICE_CONFIG_SSL_SNI_KEY;
typedef struct _HTTP_SERVICE_CONFIG_SSL_CCS_KEY { SOCKADDR_STORAGE LocalAddress; } HTTP_SERVICE_CONFIG_SSL_CCS_KEY;

#define HTTP_SSL_CERT_SHA_HASH_LENGTH 20

typedef struct _HTTP_SERVICE_CONFIG_SSL_PARAM {
  ULONG SslHashLength;
  PVOID pSslHash;
  GUID AppId;
  PWSTR pSslCertStoreName;
  DWORD DefaultCertCheckMode;
  DWORD DefaultRevocationFreshnessTime;
  DWORD DefaultRevocationUrlRetrievalTimeout;
  PWSTR pDefaultSslCtlIdentifier;
  PWSTR pDefaultSslCtlStoreName;
  DWORD DefaultFlags;
} HTTP_SERVICE_CONFIG_SSL_PARAM;

typedef struct _HTTP_SERVICE_CONFIG_SSL_SET {
  HTTP_SERVICE_CONFIG_SSL_KEY KeyDesc;
  HTTP_SERVICE_CONFIG_SSL_PARAM ParamDesc;
} HTTP_SERVICE_CONFIG_SSL_SET;
typedef struct _HTTP_SERVICE_CONFIG_SSL_SNI_SET {
  HTTP_SERVICE_CONFIG_SSL_SNI_KEY KeyDesc;
  HTTP_SERVICE_CONFIG_SSL_PARAM ParamDesc;
} HTTP_SERVICE_CONFIG_SSL_SNI_SET;
typedef struct _HTTP_SERVICE_CONFIG_SSL_CCS_SET {
  HTTP_SERVICE_CONFIG_SSL_CCS_KEY KeyDesc;
  HTTP_SERVICE_CONFIG_SSL_PARAM ParamDesc;
} HTTP_SERVICE_CONFIG_SSL_CCS_SET;

typedef struct _HTTP_SERVICE_CONFIG_SSL_QUERY {
  HTTP_SERVICE_CONFIG_QUERY_TYPE QueryDesc;
  HTTP_SERVICE_CONFIG_SSL_KEY KeyDesc;
  DWORD dwToken;
} HTTP_SERVICE_CONFIG_SSL_QUERY;
typedef struct _HTTP_SERVICE_CONFIG_SSL_SNI_QUERY {
  HTTP_SERVICE_CONFIG_QUERY_TYPE QueryDesc;
  HTTP_SERVICE_CONFIG_SSL_SNI_KEY KeyDesc;
  DWORD dwToken;
} HTTP_SERVICE_CONFIG_SSL_SNI_QUERY;
typedef struct _HTTP_SERVICE_CONFIG_SSL_CCS_QUERY {
  HTTP_SERVICE_CONFIG_QUERY_TYPE QueryDesc;
  HTTP_SERVICE_CONFIG_SSL_CCS_KEY KeyDesc;
  DWORD dwToken;
} HTTP_SERVICE_CONFIG_SSL_CCS_QUERY;

typedef enum _HTTP_SSL_SERVICE_CONFIG_EX_PARAM_TYPE {
  ExParamTypeHttp2Window = 0,
  ExParamTypeHttp2SettingsLimits = 1,
  ExParamTypeHttpPerformance = 2,
  ExParamTypeTlsRestrictions = 3,
  ExParamTypeErrorHeaders = 4,
  ExParamTypeTlsSessionTicketKeys = 5,
  ExParamTypeCertConfig = 6,
  ExParamTypeMax = 7
} HTTP_SSL_SERVICE_CONFIG_EX_PARAM_TYPE;

typedef struct _HTTP2_WINDOW_SIZE_PARAM { DWORD Http2ReceiveWindowSize; } HTTP2_WINDOW_SIZE_PARAM;
typedef struct _HTTP2_SETTINGS_LIMITS_PARAM {
  DWORD Http2MaxSettingsPerFrame;
  DWORD Http2MaxSettingsPerMinute;
} HTTP2_SETTINGS_LIMITS_PARAM;
typedef struct _HTTP_PERFORMANCE_PARAM {
  int Type; /* HTTP_PERFORMANCE_PARAM_TYPE */
  ULONG BufferSize;
  PVOID Buffer;
} HTTP_PERFORMANCE_PARAM;
typedef struct _HTTP_TLS_RESTRICTIONS_PARAM { ULONG RestrictionCount; PVOID TlsRestrictions; } HTTP_TLS_RESTRICTIONS_PARAM;
typedef struct _HTTP_UNKNOWN_HEADER {
  USHORT NameLength;
  USHORT RawValueLength;
  PCSTR pName;
  PCSTR pRawValue;
} HTTP_UNKNOWN_HEADER;
typedef struct _HTTP_ERROR_HEADERS_PARAM {
  USHORT StatusCode;
  USHORT HeaderCount;
  HTTP_UNKNOWN_HEADER *Headers;
} HTTP_ERROR_HEADERS_PARAM;
typedef struct _HTTP_TLS_SESSION_TICKET_KEYS_PARAM { ULONG SessionTicketKeyCount; PVOID SessionTicketKeys; } HTTP_TLS_SESSION_TICKET_KEYS_PARAM;
typedef struct _HTTP_CERT_CONFIG_PARAM { ULONG CertConfigCount; PVOID CertConfigs; } HTTP_CERT_CONFIG_PARAM;

typedef struct _HTTP_SERVICE_CONFIG_SSL_PARAM_EX {
  HTTP_SSL_SERVICE_CONFIG_EX_PARAM_TYPE ParamType;
  ULONGLONG Flags;
  union {
    HTTP2_WINDOW_SIZE_PARAM Http2WindowSizeParam;
    HTTP2_SETTINGS_LIMITS_PARAM Http2SettingsLimitsParam;
    HTTP_PERFORMANCE_PARAM HttpPerformanceParam;
    HTTP_TLS_RESTRICTIONS_PARAM HttpTlsRestrictionsParam;
    HTTP_ERROR_HEADERS_PARAM HttpErrorHeadersParam;
    HTTP_TLS_SESSION_TICKET_KEYS_PARAM HttpTlsSessionTicketKeysParam;
    HTTP_CERT_CONFIG_PARAM HttpCertConfigParam;
  };
} HTTP_SERVICE_CONFIG_SSL_PARAM_EX;

typedef struct _HTTP_SERVICE_CONFIG_SSL_SET_EX {
  HTTP_SERVICE_CONFIG_SSL_KEY_EX KeyDesc;
  HTTP_SERVICE_CONFIG_SSL_PARAM_EX ParamDesc;
} HTTP_SERVICE_CONFIG_SSL_SET_EX;
typedef struct _HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX {
  HTTP_SERVICE_CONFIG_SSL_SNI_KEY KeyDesc;
  HTTP_SERVICE_CONFIG_SSL_PARAM_EX ParamDesc;
} HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX;
typedef struct _HTTP_SERVICE_CONFIG_SSL_QUERY_EX {
  HTTP_SERVICE_CONFIG_QUERY_TYPE QueryDesc;
  HTTP_SERVICE_CONFIG_SSL_KEY_EX KeyDesc;
  DWORD dwToken;
  HTTP_SSL_SERVICE_CONFIG_EX_PARAM_TYPE ParamType;
} HTTP_SERVICE_CONFIG_SSL_QUERY_EX;
typedef struct _HTTP_SERVICE_CONFIG_SSL_SNI_QUERY_EX {
  HTTP_SERVICE_CONFIG_QUERY_TYPE QueryDesc;
  HTTP_SERVICE_CONFIG_SSL_SNI_KEY KeyDesc;
  DWORD dwToken;
  HTTP_SSL_SERVICE_CONFIG_EX_PARAM_TYPE ParamType;
} HTTP_SERVICE_CONFIG_SSL_SNI_QUERY_EX;

#if defined(_WIN64)
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_PARAM) == 80, "SSL_PARAM layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_SET) == 88, "SSL_SET layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_SET) == 216, "SNI_SET layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_CCS_SET) == 208, "CCS_SET layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_QUERY) == 24, "SSL_QUERY layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_QUERY) == 152, "SNI_QUERY layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_CCS_QUERY) == 144, "CCS_QUERY layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_PARAM_EX) == 32, "SSL_PARAM_EX layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_SET_EX) == 160, "SET_EX layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_SET_EX) == 168, "SNI_SET_EX layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_QUERY_EX) == 144, "QUERY_EX layout");
_Static_assert(sizeof(HTTP_SERVICE_CONFIG_SSL_SNI_QUERY_EX) == 152, "SNI_QUERY_EX layout");
#endif

#endif
