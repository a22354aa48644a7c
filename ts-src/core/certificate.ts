import { X509Certificate, createPublicKey, type KeyObject } from "node:crypto";
import type { StoredCertificate } from "./model.js";
import type { Thumbprint } from "./thumbprint.js";

export const SERVER_AUTH_OID = "1.3.6.1.5.5.7.3.1";
const EXPIRING_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;

export type CertificateState = "valid" | "expiring" | "expired" | "notYetValid";

/** What the tool knows of one certificate: parsed from its DER, plus what the store says about it. */
export interface Certificate {
  thumbprint: Thumbprint;
  subject: string;
  issuer: string;
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  /** Extended key usages; null when the certificate has no EKU extension (valid for every purpose). */
  ekus: string[] | null;
  hasPrivateKey: boolean;
  store: string;
  archived: boolean;
  friendlyName: string | null;
  renewalThumbprint: string | null;
  source: string;
}

/** Reads DER or PEM; throws when the bytes are not one X.509 certificate with readable validity dates. */
export function parseX509(bytes: Buffer): X509Certificate {
  const x509 = new X509Certificate(bytes);
  // OpenSSL accepts a malformed time and prints it as "Bad time value": no date can be made of it.
  for (const [what, time] of [["notBefore", x509.validFrom], ["notAfter", x509.validTo]] as const) {
    if (Number.isNaN(Date.parse(time))) throw new Error(`its ${what} time cannot be read ('${time}')`);
  }
  return x509;
}

export function certificateFromStore(stored: StoredCertificate): Certificate {
  const x509 = parseX509(stored.der);
  return {
    thumbprint: thumbprintOf(x509),
    subject: distinguishedName(x509.subject),
    issuer: distinguishedName(x509.issuer),
    dnsNames: dnsNamesOf(x509),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    ekus: x509.keyUsage ?? null,
    hasPrivateKey: stored.hasPrivateKey,
    store: stored.store,
    archived: stored.archived,
    friendlyName: stored.friendlyName,
    renewalThumbprint: stored.renewalThumbprint,
    source: stored.source,
  };
}

export function thumbprintOf(x509: X509Certificate): Thumbprint {
  return x509.fingerprint.replace(/:/g, "").toUpperCase() as Thumbprint;
}

/** `DNS:` entries of the subjectAltName; the subject CN only when there is no SAN (RFC 6125 §6.4.4). */
export function dnsNamesOf(x509: X509Certificate): string[] {
  const san = x509.subjectAltName;
  if (san) {
    return splitSubjectAltName(san)
      .filter((entry) => entry.startsWith("DNS:"))
      .map((entry) => entry.slice(4));
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(x509.subject);
  return cn?.[1] ? [cn[1]] : [];
}

// Node prints the SAN as `DNS:a, DNS:b`, quoting an entry as JSON when it contains a comma or quote.
function splitSubjectAltName(san: string): string[] {
  const entries: string[] = [];
  const pattern = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:,\s*|$)/g;
  for (const match of san.matchAll(pattern)) {
    if (!match[0]) break;
    const raw = match[2] ?? "";
    entries.push(`${match[1]}:${raw.startsWith('"') ? (JSON.parse(raw) as string) : raw}`);
  }
  return entries;
}

/** `CN=a, O=b` from node's one-attribute-per-line form. */
export function distinguishedName(nodeForm: string): string {
  return nodeForm.split("\n").filter(Boolean).reverse().join(", ");
}

export function allowsServerAuth(cert: Certificate): boolean {
  return cert.ekus === null || cert.ekus.includes(SERVER_AUTH_OID);
}

export function certificateState(cert: Certificate, now: Date): CertificateState {
  if (now < cert.notBefore) return "notYetValid";
  if (now >= cert.notAfter) return "expired";
  return daysLeft(cert, now) <= EXPIRING_WITHIN_DAYS ? "expiring" : "valid";
}

export function daysLeft(cert: Certificate, now: Date): number {
  return Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
}

/**
 * True when the private key (PEM or DER PKCS#8) belongs to the certificate's public key: the same type, value and
 * parameters (KeyObject.equals; a third of the time of comparing both keys exported as SPKI).
 */
export function privateKeyMatches(x509: X509Certificate, privateKey: KeyObject): boolean {
  return createPublicKey(privateKey).equals(x509.publicKey);
}

/** Every store copy of each certificate, by thumbprint. */
export function groupByThumbprint(certificates: readonly Certificate[]): Map<string, Certificate[]> {
  const groups = new Map<string, Certificate[]>();
  for (const cert of certificates) {
    const group = groups.get(cert.thumbprint);
    if (group) group.push(cert);
    else groups.set(cert.thumbprint, [cert]);
  }
  return groups;
}

/** Store names compare without case; a record or setting without one means MY, HTTP.sys's default. */
export function sameStore(recorded: string | null, store: string): boolean {
  return (recorded ?? "MY").toLowerCase() === store.toLowerCase();
}
