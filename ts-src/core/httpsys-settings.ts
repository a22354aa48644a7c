import type { HttpSysExtendedParam, HttpSysSettings } from "./model.js";

/**
 * `HTTP_SERVICE_CONFIG_SSL_FLAG_*` bits of `DefaultFlags` by their Windows SDK names (http.h; the structure:
 * https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param).
 */
export const SSL_FLAG_NAMES: readonly (readonly [bit: number, name: string])[] = [
  [0x1, "USE_DS_MAPPER"],
  [0x2, "NEGOTIATE_CLIENT_CERT"],
  [0x4, "NO_RAW_FILTER"],
  [0x8, "REJECT"],
  [0x10, "DISABLE_HTTP2"],
  [0x20, "DISABLE_QUIC"],
  [0x40, "DISABLE_TLS13"],
  [0x80, "DISABLE_OCSP_STAPLING"],
  [0x100, "ENABLE_TOKEN_BINDING"],
  [0x200, "LOG_EXTENDED_EVENTS"],
  [0x400, "DISABLE_LEGACY_TLS"],
  [0x800, "ENABLE_SESSION_TICKET"],
  [0x1000, "DISABLE_TLS12"],
  [0x2000, "ENABLE_CLIENT_CORRELATION"],
  [0x4000, "DISABLE_SESSION_ID"],
  [0x8000, "ENABLE_CACHE_CLIENT_HELLO"],
];

/** `0x00000802 (NEGOTIATE_CLIENT_CERT, ENABLE_SESSION_TICKET)`; a bit without a name is shown as its value. */
export function describeFlags(flags: number): string {
  const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, "0")}`;
  const names: string[] = [];
  let unknown = flags >>> 0;
  for (const [bit, name] of SSL_FLAG_NAMES) {
    if (flags & bit) {
      names.push(name);
      unknown &= ~bit >>> 0;
    }
  }
  for (let bit = 1; unknown !== 0 && bit !== 0; bit = (bit << 1) >>> 0) {
    if (unknown & bit) {
      names.push(hex(bit));
      unknown = (unknown & ~bit) >>> 0;
    }
  }
  return names.length === 0 ? hex(flags) : `${hex(flags)} (${names.join(", ")})`;
}

/** `ParamType` names of `HTTP_SSL_SERVICE_CONFIG_EX_PARAM_TYPE` (http.h). */
export const EXTENDED_PARAM_TYPES: readonly string[] = [
  "ExParamTypeHttp2Window",
  "ExParamTypeHttp2SettingsLimits",
  "ExParamTypeHttpPerformance",
  "ExParamTypeTlsRestrictions",
  "ExParamTypeErrorHeaders",
  "ExParamTypeTlsSessionTicketKeys",
  "ExParamTypeCertConfig",
];

/** One extended parameter as a line: its ParamType's name, then its fields. */
export function describeExtendedParam(param: HttpSysExtendedParam): string {
  const { type, name: _name, ...fields } = param;
  return `${EXTENDED_PARAM_TYPES[type] ?? `ParamType ${type}`}: ${JSON.stringify(fields)}`;
}

/** The settings of a record as `name: value` pairs, by their documented names, in the structure's order. */
export function namedSettings(settings: HttpSysSettings): [name: string, value: string | number][] {
  const pairs: [string, string | number][] = [
    ["DefaultCertCheckMode", settings.certCheckMode],
    ["DefaultRevocationFreshnessTime", settings.revocationFreshnessTime],
    ["DefaultRevocationUrlRetrievalTimeout", settings.revocationUrlRetrievalTimeout],
    ["DefaultSslCtlIdentifier", settings.sslCtlIdentifier ?? "(null)"],
    ["DefaultSslCtlStoreName", settings.sslCtlStoreName ?? "(null)"],
    ["DefaultFlags", settings.flags],
  ];
  if (settings.extended === null) pairs.push(["Extended parameters", "not read"]);
  else for (const param of settings.extended) pairs.push(["Extended parameter", describeExtendedParam(param)]);
  return pairs;
}
