import type { EnvelopeError } from "../../core/errors.js";
import { certificateView } from "../../core/inventory.js";
import { findSuccessors, type BoundCertificate, type SuccessorDecision } from "../../core/rebind/successor.js";
import { remedyField } from "../../core/remedy.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import type { Host } from "../../platform/ports.js";
import { executeRebind, type RunOptions } from "./execute-rebind.js";
import type { RebindOutcome } from "./rebind-outcome.js";
import { kindInventory, type HostReading } from "../read-inventory.js";
import { planPairs } from "./load-plan.js";

export interface AutoRebindRequest extends RunOptions {
  days: number;
  force: boolean;
}

/** `rebind --auto`: every bound certificate that needs replacing moves to its successor, in one run. */
export async function runAutoRebind(host: Host, request: AutoRebindRequest): Promise<RebindOutcome> {
  return executeRebind(host, request, (reading) => {
    const decisions = findSuccessors(boundCertificates(reading), reading.certificates, request.now, request.days);
    const pairs = decisions.flatMap((d) => (d.successor ? [{ old: d.thumbprint, new: d.successor }] : []));
    const plan = planPairs(host, reading, pairs, request.force, request.now);
    const errors: EnvelopeError[] = decisions.flatMap((d) => (d.refusal ? [{ code: d.refusal.code, message: d.refusal.reason, target: d.thumbprint }] : []));
    const warnings = decisions.filter((d) => !d.successor && !d.refusal).map((d) => noSuccessorWarning(d, request.days));
    return {
      plan,
      data: { old: null, new: null, days: request.days, successors: decisions.map((d) => successorView(d, request.now)) },
      errors,
      warnings,
      audit: { auto: true, days: request.days, force: request.force, pairs },
    };
  });
}

/**
 * Every certificate a binding of any kind holds, with the host names behind its bindings and their stores: a
 * certificate still in use by any kind needs its successor (and is never taken for a renewal done).
 */
export function boundCertificates(reading: Pick<HostReading, "kinds">): BoundCertificate[] {
  const bound = new Map<Thumbprint, { hostnames: Set<string>; stores: Set<string> }>();
  for (const kind of reading.kinds) {
    for (const binding of kindInventory(kind).bindings) {
      if (!binding.thumbprint) continue;
      const entry = bound.get(binding.thumbprint) ?? { hostnames: new Set<string>(), stores: new Set<string>() };
      for (const h of binding.hostnames) entry.hostnames.add(h);
      entry.stores.add(binding.storeName ?? "MY");
      bound.set(binding.thumbprint, entry);
    }
  }
  return [...bound].map(([thumbprint, e]) => ({ thumbprint, hostnames: [...e.hostnames], stores: [...e.stores] }));
}

function successorView(d: SuccessorDecision, now: Date) {
  return {
    thumbprint: d.thumbprint,
    certificate: d.certificate && certificateView(d.certificate, now),
    why: d.why,
    successor: d.successor,
    how: d.how,
    reason: d.reason,
    candidates: d.candidates,
    nearMisses: d.nearMisses.map((m) => ({
      thumbprint: m.thumbprint,
      subject: m.subject,
      notBefore: m.notBefore.toISOString(),
      notAfter: m.notAfter.toISOString(),
      store: m.store,
      rejections: m.rejections,
    })),
    ...remedyField(d.reason),
  };
}

/** Nothing can move off a certificate that needs replacing: never silent. */
function noSuccessorWarning(d: SuccessorDecision, days: number): string {
  const what = { expired: "has expired", expiring: `expires within ${days} days`, archived: "is archived", missing: "is in no certificate store" }[d.why];
  const when = d.certificate && d.why === "expiring" ? ` (on ${d.certificate.notAfter.toISOString()})` : "";
  return `${d.thumbprint} ${what}${when} and has no successor: ${d.reason}`;
}
