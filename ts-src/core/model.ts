/** Data shared by the ports, the providers and the commands. Plain data only. */

export type BindingKind = HttpSysRecordKind | "ftp";

/**
 * The HTTP.sys SSL record families (HTTP_SERVICE_CONFIG_ID): `ipport` SSLCertInfo, `hostnameport` SslSniCertInfo,
 * `ccs` SslCcsCertInfo, `scopedccs` SslScopedCcsCertInfo. ccs and scopedccs records carry no hash: reported, never changed.
 */
export type HttpSysRecordKind = "ipport" | "hostnameport" | "ccs" | "scopedccs";

/** One HTTP.sys SSL record, by the documented fields of HTTP_SERVICE_CONFIG_SSL_SET and its keys. */
export interface HttpSysRecord {
  kind: HttpSysRecordKind;
  /** Every setting but the hash, AppId and store, as HTTP.sys holds it; null when the source does not give them (netsh text). */
  settings: HttpSysSettings | null;
  /** `0.0.0.0:443`, `[::]:443`, `www.contoso.com:443` (hostnameport, scopedccs), or the port alone for ccs. */
  endpoint: string;
  /** Upper-case 40 hex, or null (ccs and scopedccs records carry no hash). */
  thumbprint: string | null;
  appId: string | null;
  /** As recorded; null when netsh shows `(null)` or nothing (HTTP.sys then uses MY). */
  storeName: string | null;
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
  /** `buffer`: the bytes of HTTP_PERFORMANCE_PARAM.Buffer as pairs of hexadecimal digits (as records.json keeps it). */
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
  /** The `<customMetadata>` keys `LM/W3SVC` and `LM/W3SVC/<siteId>` that hold property 5506 or 5511 (absent: none read). */
  metabaseSsl?: MetabaseSslKey[];
}

/**
 * An IIS 6 metabase-compatibility key of applicationHost.config that holds `SSLCertHash` (id 5506, Binary) or
 * `SSLStoreName` (id 5511, String): IIS re-applies them to HTTP.sys when a component that uses the metabase starts
 * (docs/cli-contract.md, CR3010).
 */
export interface MetabaseSslKey {
  /** The key's path as written (`LM/W3SVC/2`). */
  path: string;
  /** The site id of `LM/W3SVC/<id>`; null for the service-wide key `LM/W3SVC`, which every site inherits. */
  siteId: string | null;
  certHash: MetabaseProperty | null;
  storeName: MetabaseProperty | null;
}

/** One `<property>` of a `<customMetadata>` key, its attributes as written (decoded from XML). */
export interface MetabaseProperty {
  dataType: string | null;
  value: string | null;
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
