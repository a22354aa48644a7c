import { refuse, type ChangeView, type InformationalTarget, type PlannedChange } from "../../core/rebind/plan.js";
import { withRemedy } from "../../core/remedy.js";
import type { ClaimedBinding } from "../../kinds/binding-kind.js";
import type { KindReading } from "../read-inventory.js";

/** The bindings the kinds present say their services rewrite themselves (BindingKind.claims). */
export function claimedBindings(kinds: readonly KindReading[]): ClaimedBinding[] {
  return kinds.flatMap(({ kind, state }) => kind.claims?.(state) ?? []);
}

/**
 * Takes the changes of claimed bindings out of a plan: each becomes informational (CR3017), left to the service
 * that owns it, which moves it with its own binding. A change already `unchanged` stays one. The claimant's change
 * moves the claimed binding too, so it is refused when the claimed change would have been (its checks still
 * hold), or when it had IIS 6 metabase entries that would not move with it (CR3010).
 */
export function leaveClaimedToTheirService(
  changes: readonly PlannedChange[],
  claims: readonly ClaimedBinding[],
): { changes: PlannedChange[]; informational: InformationalTarget[] } {
  if (claims.length === 0) return { changes: [...changes], informational: [] };
  const kept: PlannedChange[] = [];
  const informational: InformationalTarget[] = [];
  const refusals: { claim: ClaimedBinding; view: ChangeView }[] = [];
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
      reason: `Written by ${claim.by}: that service moves it to the new certificate with its own binding, so it is not changed here and the two never disagree.`,
      code: "CR3017",
    });
    refusals.push({ claim, view: change.view });
  }
  for (const { claim, view } of refusals) {
    const claimant = kept.find((c) => c.view.kind === claim.claimant.kind && c.view.endpoint === claim.claimant.endpoint && c.view.status === "planned");
    if (claimant !== undefined) refuseWithClaimed(claimant.view, view);
  }
  return { changes: kept, informational };
}

/** Refuses the claimant's change for what its claimed binding could not do. CR3007 (the owner unread) is no reason here. */
function refuseWithClaimed(claimant: ChangeView, claimed: ChangeView): void {
  const what = `${claimed.kind} binding ${claimed.endpoint}`;
  if (claimed.status === "refused" && claimed.code !== "CR3007") {
    const because = `It also moves the ${what}, which cannot move:`;
    const remedy = claimed.remedy;
    const reason = claimed.reason ?? "";
    refuse(claimant, {
      code: claimed.code ?? "CR3017",
      // The same remedy, as data too: the sentence made again with it.
      reason: remedy && reason.endsWith(` ${remedy.text}`) ? withRemedy(`${because} ${reason.slice(0, -remedy.text.length - 1)}`, remedy.kind) : `${because} ${reason}`,
    });
  } else if (claimed.metabase.length > 0) {
    const sites = [...new Set(claimed.metabase.map((m) => m.site))].join(", ");
    refuse(claimant, {
      code: "CR3010",
      reason: `It also moves the ${what}, whose sites (${sites}) keep the certificate in IIS 6 metabase entries of applicationHost.config that would not move with it. Move those sites' bindings in IIS Manager, or remove the metabase entries, and run again.`,
    });
  }
}
