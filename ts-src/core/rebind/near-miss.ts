import { allowsServerAuth, certificateState, sameStore, type Certificate } from "../certificate.js";
import { nameCovers, uncoveredHosts } from "../hostname.js";
import type { Thumbprint } from "../thumbprint.js";

/** At most this many near misses are named per bound certificate (the newest issued first). */
export const MAX_NEAR_MISSES = 10;

/** One test a would-be successor failed: a stable word and a sentence. */
export interface Rejection {
  check: "archived" | "store" | "private-key" | "not-yet-valid" | "expired" | "server-auth" | "names" | "expires-earlier";
  reason: string;
}

/** A certificate that looks like a renewal of the bound one (it shares a name with it) but cannot succeed it. */
export interface NearMiss {
  thumbprint: Thumbprint;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  store: string;
  rejections: Rejection[];
}

/** What a successor must be: the names it must cover, its stores, and the certificate it replaces (if any store holds it). */
export interface SuccessorRequirements {
  bound: Thumbprint;
  old: Certificate | null;
  names: readonly string[];
  stores: readonly string[];
}

/** Every reason `candidate` cannot succeed the bound certificate; empty when it qualifies. */
export function rejectionsOf(candidate: Certificate, need: SuccessorRequirements, now: Date): Rejection[] {
  const rejections: Rejection[] = [];
  if (candidate.archived) rejections.push({ check: "archived", reason: "it is archived" });
  if (!need.stores.some((s) => sameStore(s, candidate.store))) {
    rejections.push({ check: "store", reason: `it is in store ${candidate.store}, not ${need.stores.join(" or ")}` });
  }
  if (!candidate.hasPrivateKey) rejections.push({ check: "private-key", reason: "it has no private key" });
  const state = certificateState(candidate, now);
  if (state === "notYetValid") rejections.push({ check: "not-yet-valid", reason: `it is not valid before ${candidate.notBefore.toISOString()}` });
  if (state === "expired") rejections.push({ check: "expired", reason: `it expired on ${candidate.notAfter.toISOString()}` });
  if (!allowsServerAuth(candidate)) rejections.push({ check: "server-auth", reason: "its extended key usage does not include server authentication" });
  const missing = uncoveredHosts(candidate.dnsNames, need.names);
  if (missing.length > 0) rejections.push({ check: "names", reason: `it does not cover ${missing.join(", ")}` });
  if (need.old && candidate.notAfter <= need.old.notAfter) {
    rejections.push({ check: "expires-earlier", reason: `it expires on ${candidate.notAfter.toISOString()}, not after the bound certificate (${need.old.notAfter.toISOString()})` });
  }
  return rejections;
}

/**
 * The certificates that look like a renewal of the bound one but fail a test: they share a name with it (cover one of
 * the names a successor must cover, or one of its own DNS names) and are not an older generation of it (issued and
 * expiring no later than it). Newest issued first, at most MAX_NEAR_MISSES.
 */
export function nearMisses(certificates: readonly Certificate[], need: SuccessorRequirements, now: Date): NearMiss[] {
  const names = [...need.names, ...(need.old?.dnsNames ?? [])];
  const found = new Map<Thumbprint, NearMiss>();
  for (const c of certificates) {
    if (c.thumbprint === need.bound || found.has(c.thumbprint)) continue;
    if (!c.dnsNames.some((d) => names.some((n) => nameCovers(d, n) || nameCovers(n, d)))) continue;
    if (need.old && c.notBefore <= need.old.notBefore && c.notAfter <= need.old.notAfter) continue;
    const rejections = rejectionsOf(c, need, now);
    if (rejections.length === 0) continue;
    found.set(c.thumbprint, { thumbprint: c.thumbprint, subject: c.subject, notBefore: c.notBefore, notAfter: c.notAfter, store: c.store, rejections });
  }
  return [...found.values()].sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime()).slice(0, MAX_NEAR_MISSES);
}

/** `B… (it has no private key; it does not cover shop.contoso.com)` for each near miss. */
export function nearMissText(misses: readonly NearMiss[]): string {
  return misses.map((m) => `${m.thumbprint} (${m.rejections.map((r) => r.reason).join("; ")})`).join(", ");
}
