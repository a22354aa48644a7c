/** Prints HTTP.sys SSL records the way English `netsh http show sslcert` does on Windows (CRLF). */
import type { HttpSysRecord } from "../../core/model.js";

export type SslCertKind = HttpSysRecord["kind"];

/**
 * `2016`: the fields through "Negotiate Client Certificate" (Server 2016 era).
 * `2022`: the newer list through "Enable Caching Client Hello" (Server 2022 / Windows 11).
 */
export type FieldSet = "2016" | "2022";

export interface SslCertRecord {
  kind: SslCertKind;
  /** `0.0.0.0:443`, `www.contoso.com:443`, or the port alone for ccs. */
  endpoint: string;
  /** Lower-case hex as netsh prints it; empty for ccs and scopedccs. */
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
  // INFERRED key label (segor/SslCertBinding.Net's tests against real netsh; see platform/formats/netsh-sslcert.ts).
  scopedccs: "Scoped CCS:port",
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

/**
 * Records with their named settings printed as English `netsh http show sslcert` (the 2022 list) would print
 * them (what `capture` writes as httpsys/sslcert.txt where the source has no such text; tests that stand in for
 * Windows): bits netsh has no line for (NO_RAW_FILTER, ENABLE_CLIENT_CORRELATION,
 * unknown ones, check-mode bit 4) and the extended parameters are not shown, as netsh does not show them.
 */
export function netshTextOfRecords(records: readonly HttpSysRecord[]): string {
  const enabled = (on: boolean) => (on ? "Enabled" : "Disabled");
  const set = (on: boolean) => (on ? "Set" : "Not Set");
  return formatSslCertList(
    records.map((record) => {
      const s = record.settings;
      if (s === null) throw new Error(`the ${record.kind} record ${record.endpoint} has no settings to print`);
      const flag = (bit: number) => (s.flags & bit) !== 0;
      return {
        kind: record.kind,
        endpoint: record.endpoint,
        hash: record.thumbprint?.toLowerCase() ?? "",
        appId: record.appId ?? "(null)",
        storeName: record.storeName ?? "(null)",
        fieldSet: "2022",
        settings: {
          "Verify Client Certificate Revocation": enabled((s.certCheckMode & 1) === 0),
          "Verify Revocation Using Cached Client Certificate Only": enabled((s.certCheckMode & 2) !== 0),
          "Usage Check": enabled((s.certCheckMode & 0x10000) === 0),
          "Revocation Freshness Time": String(s.revocationFreshnessTime),
          "URL Retrieval Timeout": String(s.revocationUrlRetrievalTimeout),
          "Ctl Identifier": s.sslCtlIdentifier ?? "(null)",
          "Ctl Store Name": s.sslCtlStoreName ?? "(null)",
          "DS Mapper Usage": enabled(flag(0x1)),
          "Negotiate Client Certificate": enabled(flag(0x2)),
          "Reject Connections": enabled(flag(0x8)),
          "Disable HTTP2": set(flag(0x10)),
          "Disable QUIC": set(flag(0x20)),
          "Disable TLS1.2": set(flag(0x1000)),
          "Disable TLS1.3": set(flag(0x40)),
          "Disable OCSP Stapling": set(flag(0x80)),
          "Enable Token Binding": set(flag(0x100)),
          "Log Extended Events": set(flag(0x200)),
          "Disable Legacy TLS Versions": set(flag(0x400)),
          "Enable Session Ticket": set(flag(0x800)),
          "Disable Session ID": set(flag(0x4000)),
          "Enable Caching Client Hello": set(flag(0x8000)),
        },
      };
    }),
  );
}
