import { allowsServerAuth, certificateState, daysLeft, groupByThumbprint, sameStore, type Certificate } from "./certificate.js";
import type { Thumbprint } from "./thumbprint.js";

/** One certificate binding of the host, as `bindings` reports it (docs/cli-contract.md). */
export interface BindingView {
  /** `ipport`, `hostnameport`, `ccs`, `scopedccs`, `ftp`, or another registered kind's (ts-src/kinds/). */
  kind: string;
  endpoint: string;
  thumbprint: Thumbprint | null;
  storeName: string | null;
  appId: string | null;
  owner: string;
  sites: string[];
  hostnames: string[];
  certificate: CertificateView | null;
  /** The service that reads the binding, for kinds whose binding is one service's. */
  service?: string;
  /** `self-selecting` when the service chooses its certificate itself (a template, "any valid"); absent: pinned. */
  selection?: "self-selecting";
}

/**
 * A binding as a kind reports it (ts-src/kinds/binding-kind.ts, KindBinding): every binding of every registered
 * kind, so that a certificate any of them holds is in use.
 */
export type BoundBinding = Omit<BindingView, "certificate" | "selection"> & { selection: "pinned" | "self-selecting" };

/** What one kind adds to the inventory. */
export interface InventoryPart {
  bindings: readonly BoundBinding[];
  warnings: readonly string[];
  missingRecords?: readonly MissingRecord[];
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

/** The bindings of every kind, each with its certificate as the stores hold it. Pure. */
export function buildInventory(parts: readonly InventoryPart[], certificates: readonly Certificate[], now: Date): Inventory {
  const findCertificate = certificateFinder(certificates, now);
  const bindings = parts.flatMap((part) =>
    part.bindings.map(({ selection, service, ...binding }): BindingView => ({
      ...binding,
      certificate: findCertificate(binding.thumbprint, binding.storeName),
      ...(service === undefined ? {} : { service }),
      ...(selection === "pinned" ? {} : { selection }),
    })),
  );
  return { bindings, missingRecords: parts.flatMap((p) => p.missingRecords ?? []), warnings: parts.flatMap((p) => p.warnings) };
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
