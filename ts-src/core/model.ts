/** Data shared by the ports, the providers and the commands. Plain data only. */

export type BindingKind = "ipport" | "hostnameport" | "ccs" | "ftp";

/** One HTTP.sys SSL record, as netsh prints it. `fields` keeps every line after the key, in order. */
export interface HttpSysRecord {
  kind: "ipport" | "hostnameport" | "ccs";
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
