import { ownerOfAppId } from "./app-ids.js";
import { allowsServerAuth, certificateState, daysLeft, groupByThumbprint, sameStore, type Certificate } from "./certificate.js";
import { ftpEndpoint, ftpHostnames, sitesInheritingFtpDefaults } from "./ftp-sites.js";
import { candidateRecordKeys, preferredRecordKey, recordKeyId } from "./endpoints.js";
import type { BindingKind, HttpSysRecord, IisConfiguration, IisSite } from "./model.js";
import { describeReceived, tryNormalizeThumbprint, type Thumbprint } from "./thumbprint.js";

/** One certificate binding of the host, as `bindings` reports it (docs/cli-contract.md). */
export interface BindingView {
  kind: BindingKind;
  endpoint: string;
  thumbprint: Thumbprint | null;
  storeName: string | null;
  appId: string | null;
  owner: string;
  sites: string[];
  hostnames: string[];
  certificate: CertificateView | null;
}

export interface CertificateView {
  thumbprint: string;
  subject: string;
  issuer: string;
  dnsNames: string[];
  notBefore: string;
  notAfter: string;
  hasPrivateKey: boolean;
  store: string;
  state: string;
  daysLeft: number;
  archived: boolean;
  friendlyName: string | null;
  serverAuth: boolean;
}

export interface MissingRecord {
  site: string;
  bindingInformation: string;
  sslFlags: number;
  expectedKind: string;
  expectedEndpoint: string;
}

export interface Inventory {
  bindings: BindingView[];
  missingRecords: MissingRecord[];
  warnings: string[];
}

interface Users {
  sites: Set<string>;
  hostnames: Set<string>;
}

export function buildInventory(
  records: readonly HttpSysRecord[],
  config: IisConfiguration | null,
  certificates: readonly Certificate[],
  now: Date,
): Inventory {
  const findCertificate = certificateFinder(certificates, now);
  const { users, missingRecords } = joinSitesToRecords(records, config?.sites ?? []);
  const bindings: BindingView[] = records.map((record) => {
    const used = users.get(recordKeyId(record));
    return {
      kind: record.kind,
      endpoint: record.endpoint,
      thumbprint: record.thumbprint as Thumbprint | null,
      storeName: record.storeName,
      appId: record.appId,
      owner: ownerOfAppId(record.appId),
      sites: [...(used?.sites ?? [])],
      hostnames: [...(used?.hostnames ?? [])],
      certificate: findCertificate(record.thumbprint, record.storeName),
    };
  });
  const ftp = ftpBindings(config, findCertificate);
  return { bindings: [...bindings, ...ftp.bindings], missingRecords, warnings: ftp.warnings };
}

/** For each record (by recordKeyId), the sites that use it and their host names; and https bindings with no record. */
export function joinSitesToRecords(records: readonly HttpSysRecord[], sites: readonly IisSite[]) {
  const present = new Set(records.map(recordKeyId));
  const users = new Map<string, Users>();
  const missingRecords: MissingRecord[] = [];
  for (const site of sites) {
    for (const binding of site.bindings.filter((b) => b.protocol === "https")) {
      const key = candidateRecordKeys(binding).find((candidate) => present.has(recordKeyId(candidate)));
      if (!key) {
        const expected = preferredRecordKey(binding);
        missingRecords.push({
          site: site.name,
          bindingInformation: binding.bindingInformation,
          sslFlags: binding.sslFlags,
          expectedKind: expected.kind,
          expectedEndpoint: expected.endpoint,
        });
        continue;
      }
      const id = recordKeyId(key);
      const entry = users.get(id) ?? { sites: new Set<string>(), hostnames: new Set<string>() };
      entry.sites.add(site.name);
      if (binding.endpoint.host) entry.hostnames.add(binding.endpoint.host.toLowerCase());
      users.set(id, entry);
    }
  }
  return { users, missingRecords };
}

type CertificateFinder = (thumbprint: string | null, storeName: string | null) => CertificateView | null;

function certificateFinder(certificates: readonly Certificate[], now: Date): CertificateFinder {
  const byThumbprint = groupByThumbprint(certificates);
  // A certificate bound to thousands of records is described once.
  const views = new Map<Certificate, CertificateView>();
  return (thumbprint, storeName) => {
    const found = thumbprint ? byThumbprint.get(thumbprint) : undefined;
    if (!found) return null;
    const cert = found.find((c) => sameStore(storeName, c.store)) ?? found[0]!;
    let view = views.get(cert);
    if (!view) views.set(cert, (view = certificateView(cert, now)));
    return view;
  };
}

export function certificateView(cert: Certificate, now: Date): CertificateView {
  return {
    thumbprint: cert.thumbprint,
    subject: cert.subject,
    issuer: cert.issuer,
    dnsNames: cert.dnsNames,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    hasPrivateKey: cert.hasPrivateKey,
    store: cert.store,
    state: certificateState(cert, now),
    daysLeft: daysLeft(cert, now),
    archived: cert.archived,
    friendlyName: cert.friendlyName,
    serverAuth: allowsServerAuth(cert),
  };
}

/**
 * FTP sites keep the thumbprint in the configuration itself, per site or inherited from siteDefaults
 * (https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/ftpserver/security/ssl).
 */
function ftpBindings(config: IisConfiguration | null, findCertificate: CertificateFinder) {
  const bindings: BindingView[] = [];
  const warnings: string[] = [];
  if (!config) return { bindings, warnings };
  const thumbprintOf = (raw: string | null, where: string): Thumbprint | null => {
    if (!raw) return null;
    const thumbprint = tryNormalizeThumbprint(raw);
    if (!thumbprint) warnings.push(`${config.path}: serverCertHash '${describeReceived(raw)}' of ${where} is not a thumbprint; it is ignored.`);
    return thumbprint;
  };
  const view = (endpoint: string, thumbprint: Thumbprint, store: string | null, sites: IisSite[]): BindingView => ({
    kind: "ftp",
    endpoint,
    thumbprint,
    storeName: store ?? "MY",
    appId: null,
    owner: "IIS FTP",
    sites: sites.map((s) => s.name),
    hostnames: ftpHostnames(sites),
    certificate: findCertificate(thumbprint, store),
  });
  for (const site of config.sites) {
    const thumbprint = thumbprintOf(site.ftpSsl?.serverCertHash ?? null, `site '${site.name}'`);
    if (!thumbprint) continue;
    bindings.push(view(ftpEndpoint(site), thumbprint, site.ftpSsl?.serverCertStoreName ?? null, [site]));
  }
  const defaults = config.siteDefaultsFtpSsl;
  const defaultThumbprint = thumbprintOf(defaults?.serverCertHash ?? null, "siteDefaults");
  if (defaultThumbprint) {
    bindings.push(view("siteDefaults", defaultThumbprint, defaults?.serverCertStoreName ?? null, sitesInheritingFtpDefaults(config.sites)));
  }
  return { bindings, warnings };
}
