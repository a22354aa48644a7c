/**
 * The demo server: Contoso's web server WEB01 on 2026-11-27, the week its main certificate (www-2025) is
 * about to expire and its renewal (www-2026) has just been installed.
 */
import { SERVER_AUTH, type CertificateSpec } from "../../ts-src/core/x509/x509-builder.js";
import type { CertificateDetails, LifecycleChannel, LifecycleEvent } from "./lifecycle-events.js";
import type { HttpSysRecord } from "../../ts-src/core/model.js";
import { HTTP2_DEFAULTS, recordSettings } from "./httpsys-settings.js";

export const IIS_APP_ID = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";
export const WINRM_APP_ID = "{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}";
export const CUSTOM_SERVICE_APP_ID = "{12345678-aaaa-bbbb-cccc-1234567890ab}";
export const COMPUTER = "WEB01.contoso.com";

export const CA = { cn: "Contoso Test Root CA", o: "Contoso Ltd" };

export interface DemoCertificate {
  /** File name without extension. */
  name: string;
  /** The key file in the keys directory, without `.key`; defaults to `name`. */
  keyName?: string;
  store: string;
  /** Whether the host holds the private key (a `.key` next to the certificate). */
  withPrivateKey: boolean;
  /** Self-signed when true, else issued by the CA. */
  selfSigned?: boolean;
  spec: Omit<CertificateSpec, "subjectKey" | "issuer">;
  /** The `.json` sidecar, given every thumbprint by name. */
  sidecar?: (thumbprints: ReadonlyMap<string, string>) => Record<string, string | string[]>;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);
const WWW_NAMES = ["www.contoso.com", "contoso.com", "shop.contoso.com"];

/** In build order: a sidecar may name the thumbprint of a certificate built before it. */
export const CERTIFICATES: DemoCertificate[] = [
  {
    name: "contoso-root-ca",
    keyName: "ca",
    store: "Root",
    withPrivateKey: false,
    selfSigned: true,
    spec: { subjectCN: CA.cn, subjectO: CA.o, notBefore: utc("2023-01-01"), notAfter: utc("2043-01-01"), serialHex: "01", isCA: true },
  },
  {
    name: "www-2026",
    store: "My",
    withPrivateKey: true,
    spec: {
      subjectCN: "www.contoso.com",
      subjectO: CA.o,
      dnsNames: WWW_NAMES,
      notBefore: utc("2026-11-20"),
      notAfter: utc("2027-11-20"),
      serialHex: "4f1d8a2c6b0e93d7a5c1",
      ekus: [SERVER_AUTH],
    },
    // Remote Desktop (NETWORK SERVICE) may read the renewal's key; SQL Server's account must be granted it.
    sidecar: () => ({ friendlyName: "www 2026", keyReaders: ["NT AUTHORITY\\NETWORK SERVICE"] }),
  },
  {
    name: "www-2025",
    store: "My",
    withPrivateKey: true,
    spec: {
      subjectCN: "www.contoso.com",
      subjectO: CA.o,
      dnsNames: WWW_NAMES,
      notBefore: utc("2025-12-20"),
      notAfter: utc("2026-12-20"),
      serialHex: "3a7e05b9c2d4f6018e2b",
      ekus: [SERVER_AUTH],
    },
    sidecar: (thumbprints) => ({ friendlyName: "www 2025", renewalThumbprint: required(thumbprints, "www-2026") }),
  },
  {
    name: "api-2026",
    store: "WebHosting",
    withPrivateKey: true,
    spec: {
      subjectCN: "api.contoso.com",
      subjectO: CA.o,
      dnsNames: ["api.contoso.com"],
      notBefore: utc("2026-06-01"),
      notAfter: utc("2027-06-01"),
      serialHex: "61c0e4a7d39b82f5104e",
      ekus: [SERVER_AUTH],
    },
  },
  {
    name: "legacy-intranet",
    store: "My",
    withPrivateKey: false,
    spec: {
      subjectCN: "intranet.contoso.local",
      subjectO: CA.o,
      dnsNames: ["intranet.contoso.local"],
      notBefore: utc("2024-01-01"),
      notAfter: utc("2025-01-01"),
      serialHex: "1b92f07c5ea3d6480c71",
      ekus: [SERVER_AUTH],
    },
  },
  {
    name: "wildcard-2026",
    store: "My",
    withPrivateKey: true,
    spec: {
      subjectCN: "*.contoso.com",
      subjectO: CA.o,
      dnsNames: ["*.contoso.com", "contoso.com"],
      notBefore: utc("2026-03-01"),
      notAfter: utc("2027-03-01"),
      serialHex: "72d5a09e3f1c6b84e2a9",
      ekus: null,
    },
  },
];

export function required(thumbprints: ReadonlyMap<string, string>, name: string): string {
  const thumbprint = thumbprints.get(name);
  if (thumbprint === undefined) throw new Error(`no thumbprint for ${name} yet`);
  return thumbprint;
}

/** `DefaultFlags` bits of the SDK (HTTP_SERVICE_CONFIG_SSL_FLAG_*) the story uses. */
const NEGOTIATE_CLIENT_CERT = 0x2;
const DISABLE_HTTP2 = 0x10;
const ENABLE_CLIENT_CORRELATION = 0x2000;
/** Bits no SDK names: a newer Windows may set them, and a rebind must keep them. */
const UNKNOWN_BIT_20 = 0x100000;
const UNKNOWN_BIT_16 = 0x10000;
/** `DefaultCertCheckMode`: 1 no revocation check, 4 the freshness time is enabled. */
const NO_REVOCATION_CHECK = 1;
const FRESHNESS_TIME_ENABLED = 4;

const settings = recordSettings;

/** The HTTP.sys records, in the order HTTP.sys enumerates them: IP records, then SNI, then CCS, then scoped CCS. */
export function sslRecords(thumbprints: ReadonlyMap<string, string>): HttpSysRecord[] {
  const hash = (name: string) => required(thumbprints, name);
  const iis = { appId: IIS_APP_ID, storeName: "My" };
  return [
    { kind: "ipport", endpoint: "0.0.0.0:443", thumbprint: hash("www-2025"), ...iis, settings: settings() },
    {
      kind: "ipport",
      endpoint: "0.0.0.0:8443",
      thumbprint: hash("legacy-intranet"),
      appId: CUSTOM_SERVICE_APP_ID,
      storeName: "MY",
      // An older Windows: no extended parameters could be asked for.
      settings: settings({ certCheckMode: NO_REVOCATION_CHECK, extended: null }),
    },
    {
      kind: "ipport",
      endpoint: "10.0.0.10:443",
      thumbprint: hash("www-2025"),
      ...iis,
      settings: settings({
        certCheckMode: FRESHNESS_TIME_ENABLED,
        revocationFreshnessTime: 86400,
        revocationUrlRetrievalTimeout: 15000,
        flags: ENABLE_CLIENT_CORRELATION | UNKNOWN_BIT_20,
        extended: [
          HTTP2_DEFAULTS[0]!,
          { type: 3, name: "other", flags: "0" },
          { type: 4, name: "errorHeaders", flags: "0", statusCode: 403, headers: [{ name: "X-Blocked-By", value: "WEB01" }] },
        ],
      }),
    },
    { kind: "ipport", endpoint: "[::]:443", thumbprint: hash("wildcard-2026"), ...iis, settings: settings() },
    // The WinRM HTTPS listener's record, which the WinRM service writes (winrm/listeners.json).
    { kind: "ipport", endpoint: "0.0.0.0:5986", thumbprint: hash("www-2025"), appId: WINRM_APP_ID, storeName: "MY", settings: settings() },
    {
      kind: "hostnameport",
      endpoint: "www.contoso.com:443",
      thumbprint: hash("www-2025"),
      ...iis,
      settings: settings({
        flags: NEGOTIATE_CLIENT_CERT | DISABLE_HTTP2 | UNKNOWN_BIT_16,
        extended: [...HTTP2_DEFAULTS, { type: 2, name: "performance", flags: "0", performanceType: 0, buffer: "00000100" }],
      }),
    },
    { kind: "hostnameport", endpoint: "api.contoso.com:443", thumbprint: hash("api-2026"), appId: IIS_APP_ID, storeName: "WebHosting", settings: settings() },
    { kind: "ccs", endpoint: "443", thumbprint: null, appId: IIS_APP_ID, storeName: null, settings: settings() },
    { kind: "scopedccs", endpoint: "static.contoso.com:443", thumbprint: null, appId: IIS_APP_ID, storeName: null, settings: settings({ extended: [] }) },
  ];
}

const MACHINE = { computer: COMPUTER, userSid: "S-1-5-18", accountName: "CONTOSO\\WEB01$" };

/** What the lifecycle logs hold: the renewal of www on 2026-11-20, then the expiry warning for the old one. */
export function lifecycleEvents(details: (name: string) => CertificateDetails): Record<LifecycleChannel, LifecycleEvent[]> {
  return {
    System: [
      {
        channel: "System",
        eventId: 1006,
        recordId: 41,
        timeCreated: "2026-11-20T09:14:02.5176243Z",
        processId: 5212,
        threadId: 6840,
        ...MACHINE,
        processName: "certreq.exe",
        action: "Enroll",
        certificate: details("www-2026"),
      },
      {
        channel: "System",
        eventId: 1001,
        recordId: 42,
        timeCreated: "2026-11-20T09:14:02.6331098Z",
        processId: 5212,
        threadId: 6840,
        ...MACHINE,
        processName: "certreq.exe",
        action: "Renew",
        oldCertificate: details("www-2025"),
        newCertificate: details("www-2026"),
      },
      {
        channel: "System",
        eventId: 1003,
        recordId: 47,
        timeCreated: "2026-11-25T03:00:11.0449120Z",
        processId: 1388,
        threadId: 2904,
        ...MACHINE,
        processName: "taskhostw.exe",
        certificate: details("www-2025"),
      },
    ],
    User: [
      {
        channel: "User",
        eventId: 1006,
        recordId: 9,
        timeCreated: "2026-10-05T07:42:19.2210456Z",
        processId: 7724,
        threadId: 7731,
        computer: COMPUTER,
        userSid: "S-1-5-21-3623811015-3361044348-30300820-1104",
        processName: "taskhostw.exe",
        accountName: "CONTOSO\\alice",
        action: "Enroll",
        certificate: {
          thumbprint: "8c5e0f2a7b3d9e1c4a6f8b0d2e4c6a8f0b1d3e5a",
          notValidAfter: new Date("2027-10-05T07:32:19Z"),
          subjectNames: ["CN=Alice Martin, OU=Users, DC=contoso, DC=com", "alice@contoso.com"],
          ekus: [
            { name: "Client Authentication", oid: "1.3.6.1.5.5.7.3.2" },
            { name: "Secure Email", oid: "1.3.6.1.5.5.7.3.4" },
          ],
          template: "User",
        },
      },
    ],
  };
}
