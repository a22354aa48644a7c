/** Prints HTTP.sys SSL records the way English `netsh http show sslcert` does on Windows (CRLF). */

export type SslCertKind = "ipport" | "hostnameport" | "ccs";

/**
 * `2016`: the fields through "Negotiate Client Certificate" (Server 2016 era).
 * `2022`: the newer list through "Enable Caching Client Hello" (Server 2022 / Windows 11).
 */
export type FieldSet = "2016" | "2022";

export interface SslCertRecord {
  kind: SslCertKind;
  /** `0.0.0.0:443`, `www.contoso.com:443`, or the port alone for ccs. */
  endpoint: string;
  /** Lower-case hex as netsh prints it; empty for ccs. */
  hash: string;
  appId: string;
  storeName: string;
  fieldSet: FieldSet;
  /** Values that differ from the defaults, by label. */
  settings?: Partial<Record<SettingLabel, string>>;
}

const KEY_LABEL: Record<SslCertKind, string> = {
  ipport: "IP:port",
  hostnameport: "Hostname:port",
  ccs: "Central Certificate Store",
};

const SETTINGS_2016 = {
  "Verify Client Certificate Revocation": "Enabled",
  "Verify Revocation Using Cached Client Certificate Only": "Disabled",
  "Usage Check": "Enabled",
  "Revocation Freshness Time": "0",
  "URL Retrieval Timeout": "0",
  "Ctl Identifier": "(null)",
  "Ctl Store Name": "(null)",
  "DS Mapper Usage": "Disabled",
  "Negotiate Client Certificate": "Disabled",
};

const SETTINGS_2022 = {
  ...SETTINGS_2016,
  "Reject Connections": "Disabled",
  "Disable HTTP2": "Not Set",
  "Disable QUIC": "Not Set",
  "Disable TLS1.2": "Not Set",
  "Disable TLS1.3": "Not Set",
  "Disable OCSP Stapling": "Not Set",
  "Enable Token Binding": "Not Set",
  "Log Extended Events": "Not Set",
  "Disable Legacy TLS Versions": "Not Set",
  "Enable Session Ticket": "Not Set",
  "Disable Session ID": "Not Set",
  "Enable Caching Client Hello": "Not Set",
};

export type SettingLabel = keyof typeof SETTINGS_2022;

/** Labels are padded to 29 columns; longer ones keep a single space before the colon. */
const line = (label: string, value: string) => `    ${`${label} `.padEnd(29)}: ${value}`;

function block(record: SslCertRecord): string[] {
  const defaults: Record<string, string> = record.fieldSet === "2016" ? SETTINGS_2016 : SETTINGS_2022;
  for (const label of Object.keys(record.settings ?? {})) {
    if (!(label in defaults)) throw new Error(`"${label}" is not a field of the ${record.fieldSet} list`);
  }
  const settings = { ...defaults, ...record.settings };
  return [
    line(KEY_LABEL[record.kind], record.endpoint),
    line("Certificate Hash", record.hash),
    line("Application ID", record.appId),
    line("Certificate Store Name", record.storeName),
    ...Object.entries(settings).map(([label, value]) => line(label, value)),
  ];
}

export function formatSslCertList(records: SslCertRecord[]): string {
  const lines = ["", "SSL Certificate bindings:", "-------------------------", ""];
  for (const record of records) lines.push(...block(record), "");
  return lines.map((l) => `${l}\r\n`).join("");
}
