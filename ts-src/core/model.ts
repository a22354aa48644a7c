/** Data shared by the ports, the providers and the commands. Plain data only. */

export type BindingKind = "ipport" | "hostnameport" | "ccs" | "scopedccs" | "ftp";

/** One HTTP.sys SSL record, as netsh prints it. `fields` keeps every line after the key, in order. */
export interface HttpSysRecord {
  /** `scopedccs`: a scoped Central Certificate Store record (HttpServiceConfigSslScopedCcsCertInfo), reported, never changed. */
  kind: "ipport" | "hostnameport" | "ccs" | "scopedccs";
  /** Every setting but the hash, AppId and store, as HTTP.sys holds it; null when the source does not give them. */
  settings?: HttpSysSettings | null;
  /** `0.0.0.0:443`, `[::]:443`, `www.contoso.com:443`, or the port alone for ccs. */
  endpoint: string;
  /** Upper-case 40 hex, or null (ccs records carry no hash). */
  thumbprint: string | null;
  appId: string | null;
  /** As recorded; null when netsh shows `(null)` or nothing (HTTP.sys then uses MY). */
  storeName: string | null;
  fields: HttpSysField[];
}

export interface HttpSysField {
  /** Position-derived name (see platform/formats/netsh-sslcert.ts), independent of the UI language. */
  name: string;
  /** The label as printed (translated on non-English Windows). */
  label: string;
  value: string | null;
}

/**
 * The settings of `HTTP_SERVICE_CONFIG_SSL_PARAM` (Windows SDK http.h;
 * https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param) other than the hash,
 * AppId and store name, by their documented names, every bit kept (unknown ones too).
 */
export interface HttpSysSettings {
  /** `DefaultCertCheckMode`: 1 no revocation check, 2 cached only, 4 freshness time enabled, 0x10000 no usage check. */
  certCheckMode: number;
  /** `DefaultRevocationFreshnessTime`, seconds. */
  revocationFreshnessTime: number;
  /** `DefaultRevocationUrlRetrievalTimeout`, milliseconds. */
  revocationUrlRetrievalTimeout: number;
  /** `pDefaultSslCtlIdentifier`, or null. */
  sslCtlIdentifier: string | null;
  /** `pDefaultSslCtlStoreName`, or null. */
  sslCtlStoreName: string | null;
  /** `DefaultFlags`, every bit as read (HTTP_SERVICE_CONFIG_SSL_FLAG_*: 0x1 … 0x8000, and unknown ones). */
  flags: number;
  /**
   * The extended parameters (`HTTP_SERVICE_CONFIG_SSL_PARAM_EX`, one query per ParamType) the record has; null
   * when the source could not ask (an OS without the `…Ex` configuration ids).
   */
  extended: HttpSysExtendedParam[] | null;
}

/** One `HTTP_SERVICE_CONFIG_SSL_PARAM_EX`: its ParamType, its Flags (a ULONGLONG, as a decimal string) and its values. */
export type HttpSysExtendedParam =
  | { type: 0; name: "http2Window"; flags: string; receiveWindowSize: number }
  | { type: 1; name: "http2SettingsLimits"; flags: string; maxSettingsPerFrame: number; maxSettingsPerMinute: number }
  /** `buffer`: the bytes of HTTP_PERFORMANCE_PARAM.Buffer in base64. */
  | { type: 2; name: "performance"; flags: string; performanceType: number; buffer: string }
  | { type: 4; name: "errorHeaders"; flags: string; statusCode: number; headers: { name: string; value: string }[] }
  /**
   * A ParamType whose elements this tool does not carry (TlsRestrictions 3, TlsSessionTicketKeys 5, CertConfig 6,
   * newer ones). `entries`: for 3, 5 and 6, the count of their elements; only an empty one (0) is written back.
   */
  | { type: number; name: "other"; flags: string; entries?: number };

export interface IisSite {
  name: string;
  id: string | null;
  bindings: IisBinding[];
  /** `ftpServer/security/ssl` of the site, when the site has one. */
  ftpSsl: FtpSsl | null;
}

export interface IisBinding {
  protocol: string;
  bindingInformation: string;
  sslFlags: number;
  endpoint: BindingEndpoint;
}

export interface BindingEndpoint {
  /** `*`, empty, an IPv4 address or a bracketed IPv6 address, as written. */
  ip: string;
  port: number;
  host: string;
}

export interface FtpSsl {
  serverCertHash: string | null;
  serverCertStoreName: string | null;
}

export interface IisConfiguration {
  path: string;
  redirected: boolean;
  sites: IisSite[];
  siteDefaultsFtpSsl: FtpSsl | null;
}

/** A certificate as one of the host's stores holds it. */
export interface StoredCertificate {
  store: string;
  der: Buffer;
  hasPrivateKey: boolean;
  archived: boolean;
  friendlyName: string | null;
  renewalThumbprint: string | null;
  /** Where it came from, for messages (a file path, or `Cert:\LocalMachine\My\<thumbprint>`). */
  source: string;
}
