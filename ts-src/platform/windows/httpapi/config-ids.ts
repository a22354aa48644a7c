import type { HttpSysRecord } from "../../../core/model.js";

/**
 * HTTP_SERVICE_CONFIG_ID (https://learn.microsoft.com/windows/win32/api/http/ne-http-http_service_config_id; the
 * values from 8 on as the Windows SDK's http.h defines them, ported in windows-sys:
 * https://docs.rs/windows-sys/latest/windows_sys/Win32/Networking/HttpServer/constant.HttpServiceConfigSslScopedCcsCertInfo.html).
 */
export const ConfigId = {
  SslCertInfo: 1,
  SslSniCertInfo: 5,
  SslCcsCertInfo: 6,
  SslCertInfoEx: 8,
  SslSniCertInfoEx: 9,
  SslCcsCertInfoEx: 10,
  SslScopedCcsCertInfo: 11,
} as const;

/** HTTP_SERVICE_CONFIG_QUERY_TYPE: https://learn.microsoft.com/windows/win32/api/http/ne-http-http_service_config_query_type */
export const QueryType = { Exact: 0, Next: 1 } as const;

/** HTTP_INITIALIZE_CONFIG: https://learn.microsoft.com/windows/win32/api/http/nf-http-httpinitialize */
export const HTTP_INITIALIZE_CONFIG = 2;

export type RecordKind = HttpSysRecord["kind"];

/**
 * The record families and their ConfigIds. Scoped CCS records use the SNI structures (key: address, port and
 * host): INFERRED, as segor/SslCertBinding.Net passes them (Microsoft documents no structure of their own).
 * The `…Ex` id of CCS records has no documented structure either; it is asked as the SDK's
 * HTTP_SERVICE_CONFIG_SSL_CCS_QUERY_EX (UNCERTAIN), and an error there means "no extended parameters known".
 */
export const FAMILIES: Record<RecordKind, { configId: number; exConfigId: number | null; key: "ip" | "sni" | "ccs" }> = {
  ipport: { configId: ConfigId.SslCertInfo, exConfigId: ConfigId.SslCertInfoEx, key: "ip" },
  hostnameport: { configId: ConfigId.SslSniCertInfo, exConfigId: ConfigId.SslSniCertInfoEx, key: "sni" },
  ccs: { configId: ConfigId.SslCcsCertInfo, exConfigId: ConfigId.SslCcsCertInfoEx, key: "ccs" },
  scopedccs: { configId: ConfigId.SslScopedCcsCertInfo, exConfigId: null, key: "sni" },
};

export const RECORD_KINDS: readonly RecordKind[] = ["ipport", "hostnameport", "ccs", "scopedccs"];

/**
 * HTTP_SSL_SERVICE_CONFIG_EX_PARAM_TYPE, 0–6 (ns-http-http_service_config_ssl_param_ex and the SDK header port
 * in windows-sys). Each one is asked for in its own query.
 */
export const EX_PARAM_TYPES = [0, 1, 2, 3, 4, 5, 6] as const;
