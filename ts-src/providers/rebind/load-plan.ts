import type { Certificate } from "../../core/certificate.js";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { PlannedChange, RebindPlan } from "../../core/rebind/plan.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import type { Host } from "../../platform/ports.js";
import type { HostReading } from "../read-inventory.js";
import { claimedBindings, leaveClaimedToTheirService } from "./claimed-bindings.js";

export interface RebindPair {
  old: Thumbprint;
  new: Thumbprint;
}

/** Plans several pairs at once, every kind present; a target appears once even when two pairs share a successor. */
export function planPairs(host: Host, reading: HostReading, pairs: readonly RebindPair[], force: boolean, now: Date): RebindPlan {
  const changes = new Map<string, PlannedChange>();
  let informational: RebindPlan["informational"] = [];
  for (const pair of pairs) {
    const request = { oldThumbprint: pair.old, newCertificates: requireNewCertificate(host, reading, pair.new), now, force };
    const plans = reading.kinds.map(({ kind, state }) => ({ kind, plan: kind.plan(state, request) }));
    for (const { kind, plan } of plans) {
      for (const change of plan.changes) {
        const key = `${change.view.kind}|${change.view.endpoint}|${kind.siteOf?.(change.view) ?? ""}`;
        if (!changes.has(key) || change.view.status !== "unchanged") changes.set(key, change);
      }
    }
    informational = plans.flatMap(({ plan }) => plan.informational);
  }
  const claimed = leaveClaimedToTheirService([...changes.values()], claimedBindings(reading.kinds));
  return { changes: claimed.changes, informational: [...informational, ...claimed.informational] };
}

/** Every store copy of the new certificate; CR2010 when no store holds it. */
function requireNewCertificate(host: Host, reading: HostReading, thumbprint: Thumbprint): Certificate[] {
  const copies = reading.certificates.filter((c) => c.thumbprint === thumbprint);
  if (copies.length > 0) return copies;
  const stores = [...new Set(reading.certificates.map((c) => c.store))].join(", ") || "none found";
  throw new CertRebindError(
    "CR2010",
    `The new certificate ${thumbprint} is in no certificate store of ${host.description} (stores looked at: ${stores}). Import it into LocalMachine\\My or WebHosting, with its private key, and run again.`,
    ExitCode.BadInput,
    thumbprint,
  );
}
