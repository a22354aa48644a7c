/*
 * CertBindingsCurrent: "every binding is on the newest certificate". Its state is what is bound to which certificate
 * (the `bindings` inventory) and what the successor scan would move (a dry run of `rebind --auto`), with a reason
 * for every binding that is out of line. Pure: the provider reads the host and runs the dry run.
 */
import type { BindingView } from "../inventory.js";
import type { ChangeView } from "../rebind/plan.js";
import type { BindingsCurrentDesired } from "./desired-state.js";

/** One reason for non-compliance, as machine configuration and the DSC Community report them: a code and a sentence. */
export interface DscReason {
  code: string;
  phrase: string;
}

export interface BindingState {
  kind: string;
  endpoint: string;
  sites: string[];
  /** null for a Central Certificate Store record (the PFX file is the certificate). */
  thumbprint: string | null;
  subject: string | null;
  notAfter: string | null;
  /** valid | expiring | expired | notYetValid; missing when the certificate is in no store; null for ccs. */
  state: string | null;
}

export interface ChangeState {
  kind: string;
  endpoint: string;
  sites: string[];
  from: string;
  to: string;
  /** planned | refused, as the dry run of `rebind --auto` reports them (targets already moved are left out). */
  status: string;
  code: string | null;
  reason: string | null;
}

/** A certificate that would fail the successor test, and why (the `nearMisses` of `rebind --auto`). */
export interface NearMissState {
  thumbprint: string;
  subject: string;
  notAfter: string;
  store: string;
  rejections: { check: string; reason: string }[];
}

/** A bound certificate that needs replacing and has no successor: nothing can move off it. */
export interface WithoutSuccessorState {
  thumbprint: string;
  /** expired | expiring | archived | missing */
  why: string;
  notAfter: string | null;
  endpoints: string[];
  reason: string;
  nearMisses: NearMissState[];
}

export interface BindingsCurrentState {
  name?: string;
  days: number;
  bindings: BindingState[];
  changes: ChangeState[];
  withoutSuccessor: WithoutSuccessorState[];
  reasons: DscReason[];
  _inDesiredState?: boolean;
}

/** What the successor scan decided for one bound certificate (the `successors` of `rebind --auto`). */
export interface SuccessorSummary {
  thumbprint: string;
  why: string;
  successor: string | null;
  reason: string;
  certificate?: { notAfter: string } | null;
  nearMisses?: readonly { thumbprint: string; subject: string; notAfter: string; store: string; rejections: readonly { check: string; reason: string }[] }[];
}

/** The dry run of the successor scan, as `rebind --auto --dry-run` reports it. */
export interface ScanResult {
  changes: readonly ChangeView[];
  successors: readonly SuccessorSummary[];
  errors: readonly { code: string; message: string; target: string | null }[];
}

const CODE = "CertBindingsCurrent:CertBindingsCurrent";

/**
 * The state, and whether it is the desired one: in the desired state exactly when the dry run plans no change,
 * refuses nothing (no target refused by validation, no ambiguous or looping successor) and finds a successor for
 * every bound certificate that needs one. A certificate expiring within `days` (or expired, archived, gone) with no
 * successor is out of line although nothing can move: a report that said "in line" would hide it until it expired.
 */
export function bindingsCurrentState(desired: BindingsCurrentDesired, bindings: readonly BindingView[], scan: ScanResult): { state: BindingsCurrentState; inDesiredState: boolean } {
  // A target already on its successor (moved by an earlier run while another target of that certificate was
  // refused) is "unchanged": not something that would move.
  const changes = scan.changes.filter((c) => c.status !== "unchanged").map(changeState);
  const reasons: DscReason[] = [];
  const why = new Map(scan.successors.map((s) => [s.thumbprint, s]));
  for (const change of scan.changes) {
    if (change.status !== "planned" && change.status !== "refused") continue;
    const decision = why.get(change.from);
    const bound = `${change.kind} ${change.endpoint}${sitesText(change.sites)} is bound to ${change.from}${whyText(decision?.why, desired.days)}`;
    reasons.push(
      change.status === "planned"
        ? { code: `${CODE}:Pending`, phrase: `${bound}; it should move to its successor ${change.to}${decision ? `: ${decision.reason}` : "."}` }
        : { code: `${CODE}:${change.code ?? "Refused"}`, phrase: `${bound}, and cannot move to its successor ${change.to}: ${change.reason ?? "refused"}` },
    );
  }
  const refusedEndpoints = new Set(scan.changes.filter((c) => c.status === "refused").map((c) => c.endpoint));
  for (const error of scan.errors) {
    if (error.target !== null && refusedEndpoints.has(error.target)) continue;
    reasons.push({ code: `${CODE}:${error.code}`, phrase: error.message });
  }
  const refused = refusedCertificates(scan);
  const withoutSuccessor = scan.successors.filter((s) => s.successor === null && !refused.has(s.thumbprint)).map((s) => withoutSuccessorState(s, bindings));
  for (const w of withoutSuccessor) {
    reasons.push({
      code: `${CODE}:NoSuccessor`,
      phrase: `${w.endpoints.length ? w.endpoints.join(", ") : "A binding"} ${w.endpoints.length > 1 ? "are" : "is"} bound to ${w.thumbprint}${whyText(w.why, desired.days)}, and it has no successor: ${w.reason}`,
    });
  }
  const state: BindingsCurrentState = {
    ...(desired.name === null ? {} : { name: desired.name }),
    days: desired.days,
    bindings: bindings.map(bindingState),
    changes,
    withoutSuccessor,
    reasons,
  };
  return { state, inDesiredState: reasons.length === 0 };
}

/** The bound certificates the scan refused outright (ambiguous, looping): their error is already a reason. */
function refusedCertificates(scan: ScanResult): Set<string> {
  return new Set(scan.errors.flatMap((e) => (e.target === null ? [] : [e.target])));
}

function withoutSuccessorState(s: SuccessorSummary, bindings: readonly BindingView[]): WithoutSuccessorState {
  return {
    thumbprint: s.thumbprint,
    why: s.why,
    notAfter: s.certificate?.notAfter ?? null,
    endpoints: bindings.filter((b) => b.thumbprint === s.thumbprint).map((b) => `${b.kind} ${b.endpoint}${sitesText(b.sites)}`),
    reason: s.reason,
    nearMisses: (s.nearMisses ?? []).map((m) => ({ thumbprint: m.thumbprint, subject: m.subject, notAfter: m.notAfter, store: m.store, rejections: m.rejections.map((r) => ({ check: r.check, reason: r.reason })) })),
  };
}

function bindingState(b: BindingView): BindingState {
  return {
    kind: b.kind,
    endpoint: b.endpoint,
    sites: [...b.sites],
    thumbprint: b.thumbprint,
    subject: b.certificate?.subject ?? null,
    notAfter: b.certificate?.notAfter ?? null,
    state: b.certificate ? b.certificate.state : b.thumbprint ? "missing" : null,
  };
}

function changeState(c: ChangeView): ChangeState {
  return { kind: c.kind, endpoint: c.endpoint, sites: [...c.sites], from: c.from, to: c.to, status: c.status, code: c.code, reason: c.reason };
}

function sitesText(sites: readonly string[]): string {
  return sites.length ? ` (${sites.join(", ")})` : "";
}

function whyText(why: string | undefined, days: number): string {
  switch (why) {
    case "expired":
      return ", which has expired";
    case "expiring":
      return `, which expires within ${days} days`;
    case "archived":
      return ", which is archived";
    case "missing":
      return ", which is in no certificate store";
    default:
      return "";
  }
}
