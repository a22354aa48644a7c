/**
 * `rebind --plan`: the changes a user confirmed, held against the plan made under the lock (docs/cli-contract.md,
 * "The confirmed plan"). A run applies a change only when the user approved exactly that change (the target, the
 * certificate it leaves, the one it gets); what the user declined is left alone; anything else is refused (CR3011).
 */
import { CertRebindError, ExitCode, type EnvelopeError } from "../../core/errors.js";
import type { ChangeView, RebindPlan } from "../../core/rebind/plan.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { AnyBindingKind } from "../../kinds/binding-kind.js";
import { BINDING_KINDS } from "../../kinds/registry.js";

/** One change of the dry run as the user saw it. */
export interface ConfirmedTarget {
  kind: ChangeView["kind"];
  endpoint: string;
  /** The site that tells it apart from another change of the same kind and endpoint (an FTP site), or null. */
  site: string | null;
  from: string;
  to: string;
}

export interface ConfirmedPlan {
  approved: ConfirmedTarget[];
  declined: ConfirmedTarget[];
}

/** The `kind` values a plan's changes may have: every registered kind's, but those only ever reported. */
const changeKinds = (kinds: readonly AnyBindingKind[]) => kinds.flatMap((k) => k.viewKinds.filter((v) => !(k.reportedOnly ?? []).includes(v)));

/** CR2012: the plan document is not what `--plan` takes; nothing is read or changed. */
const badPlan = (source: string, detail: string) =>
  new CertRebindError("CR2012", `The plan ${source} cannot be used: ${detail}. Nothing was changed.`, ExitCode.BadInput, source);

/**
 * The document `--plan` reads: `{ "changes": [ { kind, endpoint, sites, from, to, approved? } ] }`, the `data` of a
 * dry run as it is, or reduced to the changes the user saw. Entries whose `status` is there and is not `planned`
 * are not changes of the plan and are ignored; `approved` is true when absent.
 */
export function parseConfirmedPlan(text: string, source: string, kinds: readonly AnyBindingKind[] = BINDING_KINDS): ConfirmedPlan {
  const KINDS = changeKinds(kinds);
  const siteOf = siteFinder(kinds);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw badPlan(source, `it is not JSON (${(error as Error).message})`);
  }
  const changes = (document as { changes?: unknown } | null)?.changes;
  if (typeof document !== "object" || document === null || Array.isArray(document) || !Array.isArray(changes)) {
    throw badPlan(source, 'it is not a JSON object with an array "changes"');
  }
  const plan: ConfirmedPlan = { approved: [], declined: [] };
  changes.forEach((entry: unknown, index) => {
    const at = `changes[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw badPlan(source, `${at} is not an object`);
    const e = entry as Record<string, unknown>;
    if (e["status"] !== undefined && e["status"] !== "planned") return;
    if (typeof e["kind"] !== "string" || !KINDS.includes(e["kind"])) throw badPlan(source, `${at}.kind is not one of ${KINDS.join(", ")}`);
    if (typeof e["endpoint"] !== "string" || e["endpoint"] === "") throw badPlan(source, `${at}.endpoint is not a text`);
    const from = typeof e["from"] === "string" ? tryNormalizeThumbprint(e["from"]) : null;
    const to = typeof e["to"] === "string" ? tryNormalizeThumbprint(e["to"]) : null;
    if (!from || !to) throw badPlan(source, `${at}.from and ${at}.to must each be a thumbprint (40 hexadecimal characters)`);
    if (e["approved"] !== undefined && typeof e["approved"] !== "boolean") throw badPlan(source, `${at}.approved is not true or false`);
    const sites = Array.isArray(e["sites"]) && typeof e["sites"][0] === "string" ? [e["sites"][0] as string] : [];
    const target: ConfirmedTarget = { kind: e["kind"], endpoint: e["endpoint"], site: siteOf({ kind: e["kind"], endpoint: e["endpoint"], sites }), from, to };
    (e["approved"] === false ? plan.declined : plan.approved).push(target);
  });
  return plan;
}

/** The site that tells a change apart, as its kind says (kinds/binding-kind.ts, siteOf). */
function siteFinder(kinds: readonly AnyBindingKind[]): (view: Pick<ChangeView, "kind" | "endpoint" | "sites">) => string | null {
  return (view) => kinds.find((k) => k.viewKinds.includes(view.kind))?.siteOf?.(view) ?? null;
}

const keyOf = (t: { kind: string; endpoint: string; site: string | null }) => `${t.kind}|${t.endpoint}|${t.site ?? ""}`;

/**
 * Keeps the plan made under the lock to what the user confirmed: a planned change the user approved as it is stays
 * planned; one the user declined is `skipped`; any other planned change (a target bound to the old certificate since,
 * or one whose certificates differ from what was confirmed) is refused with CR3011. An approved target the plan no
 * longer has (its certificate changed to a third one, or it is gone) is an error CR3011 of its own. Returns those.
 */
export function holdToConfirmedPlan(plan: RebindPlan, confirmed: ConfirmedPlan, kinds: readonly AnyBindingKind[] = BINDING_KINDS): EnvelopeError[] {
  const siteOf = siteFinder(kinds);
  const keyOfView = (v: ChangeView) => keyOf({ kind: v.kind, endpoint: v.endpoint, site: siteOf(v) });
  const approved = new Map(confirmed.approved.map((t) => [keyOf(t), t]));
  const declined = new Set(confirmed.declined.map(keyOf));
  const seen = new Set<string>();
  for (const { view } of plan.changes) {
    const key = keyOfView(view);
    seen.add(key);
    if (view.status !== "planned") continue;
    const wanted = approved.get(key);
    if (wanted && wanted.from === view.from && wanted.to === view.to) continue;
    if (!wanted && declined.has(key)) {
      Object.assign(view, { status: "skipped", code: null, reason: "Not approved: left as it is.", metabase: [] });
      continue;
    }
    Object.assign(view, {
      status: "refused",
      code: "CR3011",
      metabase: [],
      reason: wanted
        ? `Not as in the plan you confirmed: it was to move from ${wanted.from} to ${wanted.to}, and would now move from ${view.from} to ${view.to}. Left as it is; review the plan again.`
        : `Not in the plan you confirmed: it was bound to ${view.from} after the plan was made. Left as it is; review the plan again.`,
    });
  }
  // What must move together stays whole (a site whose target is left alone here keeps its metabase entry: its other
  // targets are refused, CR3010).
  const views = plan.changes.map((c) => c.view);
  for (const kind of kinds) kind.keepWhole?.(views, (v) => (v.status === "skipped" || v.code === "CR3011" ? `left alone (${v.code ?? "not approved"})` : null));
  return confirmed.approved
    .filter((t) => !seen.has(keyOf(t)))
    .map((t) => ({
      code: "CR3011",
      message: `${t.kind} ${t.endpoint} was in the plan you confirmed (from ${t.from} to ${t.to}), but it is no longer bound to ${t.from}: it was changed or removed since. Nothing was done to it; review the plan again.`,
      target: t.endpoint,
    }));
}
