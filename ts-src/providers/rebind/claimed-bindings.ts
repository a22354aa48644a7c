import type { InformationalTarget, PlannedChange } from "../../core/rebind/plan.js";
import type { ClaimedBinding } from "../../kinds/binding-kind.js";
import type { KindReading } from "../read-inventory.js";

/** The bindings the kinds present say their services rewrite themselves (BindingKind.claims). */
export function claimedBindings(kinds: readonly KindReading[]): ClaimedBinding[] {
  return kinds.flatMap(({ kind, state }) => kind.claims?.(state) ?? []);
}

/**
 * Takes the changes of claimed bindings out of a plan: each becomes informational (CR3017), left to the service
 * that owns it, which moves it with its own binding. A change already `unchanged` stays one.
 */
export function leaveClaimedToTheirService(
  changes: readonly PlannedChange[],
  claims: readonly ClaimedBinding[],
): { changes: PlannedChange[]; informational: InformationalTarget[] } {
  if (claims.length === 0) return { changes: [...changes], informational: [] };
  const kept: PlannedChange[] = [];
  const informational: InformationalTarget[] = [];
  for (const change of changes) {
    const claim = claims.find((c) => c.kind === change.view.kind && c.endpoint.toLowerCase() === change.view.endpoint.toLowerCase());
    if (claim === undefined || change.view.status === "unchanged") {
      kept.push(change);
      continue;
    }
    informational.push({
      kind: change.view.kind,
      endpoint: change.view.endpoint,
      sites: change.view.sites,
      reason: `Written by ${claim.by}, whose service moves it to the new certificate with its own binding; not changed here, so the two never disagree.`,
      code: "CR3017",
    });
  }
  return { changes: kept, informational };
}
