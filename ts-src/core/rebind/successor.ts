import { certificateState, daysLeft, groupByThumbprint, sameStore, type Certificate } from "../certificate.js";
import { uncoveredHosts } from "../hostname.js";
import { nearMisses, nearMissText, rejectionsOf, type NearMiss } from "./near-miss.js";
import { withRemedy } from "../remedy.js";
import type { Thumbprint } from "../thumbprint.js";
import type { Refusal } from "./validate.js";

export const MAX_RENEWAL_LINKS = 20;

/** What the host binds to one certificate: the host names behind it and the stores its bindings name. */
export interface BoundCertificate {
  thumbprint: Thumbprint;
  hostnames: string[];
  stores: string[];
}

export interface SuccessorDecision {
  thumbprint: Thumbprint;
  certificate: Certificate | null;
  why: "expired" | "expiring" | "archived" | "missing";
  successor: Thumbprint | null;
  how: "renewal-link" | "match" | null;
  reason: string;
  candidates: Thumbprint[];
  /** Certificates that look like its renewal but fail a test, each with why (only when no certificate qualifies). */
  nearMisses: NearMiss[];
  refusal: Refusal | null;
}

/**
 * For every bound certificate that needs replacing (expired, expiring within `days`, archived, or in no
 * store), its successor: the end of its renewal link chain (Windows keeps the link on the old certificate,
 * https://learn.microsoft.com/windows/win32/api/certenroll/nn-certenroll-icertpropertyrenewal, and follows it to the
 * end, as New-CertificateNotificationTask -RunTaskForExistingCertificates does,
 * https://learn.microsoft.com/powershell/module/pki/new-certificatenotificationtask), else the one certificate
 * that could take its place. Pure.
 */
export function findSuccessors(bound: readonly BoundCertificate[], certificates: readonly Certificate[], now: Date, days: number): SuccessorDecision[] {
  const byThumbprint = groupByThumbprint(certificates);
  const decisions: SuccessorDecision[] = [];
  for (const b of bound) {
    const copies = byThumbprint.get(b.thumbprint) ?? [];
    const certificate = copies.find((c) => b.stores.some((s) => sameStore(s, c.store))) ?? copies[0] ?? null;
    const why = needsReplacing(certificate, now, days);
    if (!why) continue;
    const decision: SuccessorDecision = { thumbprint: b.thumbprint, certificate, why, successor: null, how: null, reason: "", candidates: [], nearMisses: [], refusal: null };
    const chain = certificate ? followRenewalLinks(certificate, byThumbprint) : null;
    if (chain && "refusal" in chain) {
      decision.refusal = chain.refusal;
      decision.reason = chain.refusal.reason;
    } else if (chain) {
      Object.assign(decision, { successor: chain.end.thumbprint, how: "renewal-link", candidates: [chain.end.thumbprint] });
      decision.reason = `Windows links ${b.thumbprint} to its renewal${chain.links > 1 ? `, ${chain.links} links to the end of the chain,` : ""} ${chain.end.thumbprint}.`;
    } else {
      matchSuccessor(decision, b, certificates, now);
    }
    decisions.push(decision);
  }
  return decisions;
}

function needsReplacing(cert: Certificate | null, now: Date, days: number): SuccessorDecision["why"] | null {
  if (!cert) return "missing";
  if (cert.archived) return "archived";
  const state = certificateState(cert, now);
  if (state === "expired") return "expired";
  return daysLeft(cert, now) <= days ? "expiring" : null;
}

type Chain = { end: Certificate; links: number } | { refusal: Refusal };

function followRenewalLinks(start: Certificate, byThumbprint: Map<string, Certificate[]>): Chain | null {
  const seen = new Set<string>([start.thumbprint]);
  let current = start;
  let links = 0;
  while (current.renewalThumbprint) {
    const next = byThumbprint.get(current.renewalThumbprint)?.[0];
    if (!next) break;
    if (seen.has(next.thumbprint)) {
      return { refusal: { code: "CR3009", reason: withRemedy(`The renewal links of ${start.thumbprint} loop back to ${next.thumbprint}; it is left alone.`, "fixRenewalLinkOrRebindPair") } };
    }
    if (++links > MAX_RENEWAL_LINKS) {
      return { refusal: { code: "CR3009", reason: withRemedy(`The renewal links of ${start.thumbprint} go on for more than ${MAX_RENEWAL_LINKS} certificates; it is left alone.`, "rebindPair") } };
    }
    seen.add(next.thumbprint);
    current = next;
  }
  return links === 0 ? null : { end: current, links };
}

function matchSuccessor(decision: SuccessorDecision, bound: BoundCertificate, certificates: readonly Certificate[], now: Date): void {
  const old = decision.certificate;
  const names = requiredNames(bound.hostnames, old);
  if (names.length === 0) {
    // No name to recognise a renewal by: any certificate with a key would "cover" it. Never guess.
    decision.reason = withRemedy(
      `No renewal link, and nothing to recognise its renewal by: ${old ? "the certificate names no host" : "no certificate store holds it any more"} and no host name is behind its bindings, so any certificate would match; nothing bound to it is moved.`,
      "rebindPair",
    );
    return;
  }
  const stores = old ? [old.store] : bound.stores;
  const need = { bound: bound.thumbprint, old, names, stores };
  const candidates = certificates.filter((c) => c.thumbprint !== bound.thumbprint && rejectionsOf(c, need, now).length === 0);
  decision.candidates = [...new Set(candidates.map((c) => c.thumbprint))];
  const what = `with a private key, valid now, for server authentication, covering ${names.join(", ")}${old ? `, expiring after ${old.notAfter.toISOString().slice(0, 10)}` : ""}, in store ${stores.join(" or ")}`;
  if (candidates.length === 0) {
    decision.nearMisses = nearMisses(certificates, need, now);
    decision.reason =
      decision.nearMisses.length === 0
        ? `No renewal link, and no certificate ${what}: the renewal has not arrived yet.`
        : `No renewal link, and no certificate ${what}. ${decision.nearMisses.length === 1 ? "One certificate comes close but does not qualify" : `${decision.nearMisses.length} certificates come close but do not qualify`}: ${nearMissText(decision.nearMisses)}.`;
    return;
  }
  const winner = dominant(candidates);
  if (!winner) {
    decision.reason = withRemedy(
      `No renewal link, and ${decision.candidates.length} certificates qualify (${what}) with none both expiring last and issued last: ${decision.candidates.join(", ")}.`,
      "choosePair",
    );
    decision.refusal = { code: "CR3008", reason: decision.reason };
    return;
  }
  Object.assign(decision, { successor: winner.thumbprint, how: "match" });
  decision.reason =
    candidates.length === 1
      ? `No renewal link; ${winner.thumbprint} is the only certificate ${what}.`
      : `No renewal link; ${winner.thumbprint} is the newest of ${decision.candidates.length} certificates ${what}: it expires last and was issued last.`;
}

/**
 * The names a successor must cover: the bound host names the old certificate covers (a host it never served
 * correctly is not asked of its successor; the rebind's own name check still reports it), or, with no host
 * name behind the bindings, every name of the old certificate.
 */
function requiredNames(hostnames: readonly string[], old: Certificate | null): string[] {
  if (!old) return [...hostnames];
  const served = hostnames.filter((h) => uncoveredHosts(old.dnsNames, [h]).length === 0);
  return served.length > 0 ? served : old.dnsNames;
}

/** The candidate that expires last and was issued last, strictly; null when none is both. */
function dominant(candidates: readonly Certificate[]): Certificate | null {
  const unique = [...new Map(candidates.map((c) => [c.thumbprint, c])).values()];
  if (unique.length === 1) return unique[0]!;
  const best = unique.reduce((a, b) => (b.notAfter > a.notAfter ? b : a));
  const others = unique.filter((c) => c !== best);
  return others.every((c) => c.notAfter < best.notAfter && c.notBefore < best.notBefore) ? best : null;
}

