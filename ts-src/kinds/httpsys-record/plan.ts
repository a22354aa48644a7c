import { ownerOfAppId } from "../../core/app-ids.js";
import { describeFlags, namedSettings } from "../../core/httpsys-settings.js";
import type { HttpSysRecord } from "../../core/model.js";
import { metabasePlanner, settleMetabase, type MetabasePlanner } from "./metabase.js";
import { baseView, refuse, type ChangeView, type InformationalTarget, type PlanRequest } from "../../core/rebind/plan.js";
import type { Refusal } from "../../core/rebind/validate.js";
import { withRemedy } from "../../core/remedy.js";
import { joinOf, type RecordUsers } from "./join-sites.js";
import type { RecordState, RecordTarget } from "./model.js";
import { sniRecordsByPort } from "./shadowing.js";

// Certificates of these services must be changed through the service, or its own configuration and HTTP.sys
// diverge (INFERRED: both keep the thumbprint in their own configuration too; Posh-ACME.Deploy changes WinRM's with
// Set-WSManInstance: https://github.com/rmbolger/Posh-ACME.Deploy/blob/338f757/Posh-ACME.Deploy/Public/Set-WinRMCertificate.ps1).
// WinRM's listeners are a binding kind of their own, which claims their records.
const OWNED_ELSEWHERE = new Set(["WinRM", "AD FS"]);
const SHADOWED_NAMED = 5;

/** Every HTTP.sys record bound to the old certificate (and those already on the new one), validated. Pure. */
export function planRecords(state: RecordState, input: PlanRequest): { changes: { view: ChangeView; target: RecordTarget }[]; informational: InformationalTarget[] } {
  const newThumbprint = input.newCertificates[0]!.thumbprint;
  const { usersOf } = joinOf(state);
  const changes: { view: ChangeView; target: RecordTarget }[] = [];
  const shadowedBy = sniRecordsByPort(state.records);
  const kept = keptSettingTexts();
  const metabase = metabasePlanner(state.config, input.oldThumbprint);
  state.records.forEach((record, index) => {
    if (record.kind === "ccs" || record.kind === "scopedccs" || (record.thumbprint !== input.oldThumbprint && record.thumbprint !== newThumbprint)) return;
    const used = usersOf[index];
    const view = baseView(record.kind, record.endpoint, used ? [...used.sites] : [], used ? [...used.hostnames] : [], record.storeName, input, record.thumbprint!);
    view.kept = keptSettings(record, kept);
    const refusal = view.status === "planned" ? (uncheckedNames(record, state, input) ?? recordRefusal(record)) : null;
    if (refusal) refuse(view, refusal);
    else if (view.status === "planned") planMetabase(view, metabase);
    if (view.status === "planned" && input.force && state.sitesUnknown && ownerOfAppId(record.appId) === "IIS") {
      view.notes.push(`The host-name check was overridden: the host names of this IIS record were not checked: ${state.sitesUnknown}.`);
    }
    if (record.kind === "ipport") view.notes.push(...shadowNotes(record, shadowedBy(record)));
    changes.push({ view, target: { record } });
  });
  settleMetabase(changes.map((c) => c.view));
  return { changes, informational: informational(state.records, usersOf) };
}

/** Keeps the site's metabase entries consistent with the record, or refuses the record (CR3010). */
function planMetabase(view: ChangeView, planner: MetabasePlanner): void {
  const { changes, refusal } = planner(view.sites, { thumbprint: view.to, storeFrom: view.storeName.from, storeTo: view.storeName.to });
  if (refusal) return refuse(view, refusal);
  view.metabase = changes;
}

/** Fails closed: an IIS record whose sites cannot be read has host names that cannot be checked (CR3005). */
function uncheckedNames(record: HttpSysRecord, state: RecordState, input: PlanRequest): Refusal | null {
  if (!state.sitesUnknown || input.force || ownerOfAppId(record.appId) !== "IIS") return null;
  return {
    code: "CR3005",
    reason: withRemedy(`The host names this IIS record serves cannot be checked against the new certificate: ${state.sitesUnknown}.`, "readableConfigOrAllowNameMismatch"),
  };
}

/**
 * AD FS's records are always refused; WinRM's only reach here when no registered kind claims them (a kind that
 * does, leaves them informational, CR3017, after planning: providers/rebind/claimed-bindings.ts), that is when
 * WinRM's listeners could not be read.
 */
function recordRefusal(record: HttpSysRecord): Refusal | null {
  const owner = ownerOfAppId(record.appId);
  if (!OWNED_ELSEWHERE.has(owner)) return null;
  const how = OWNED_BY[owner as keyof typeof OWNED_BY];
  return { code: "CR3007", reason: `This record belongs to ${owner} (appid ${record.appId}); ${how}` };
}

const OWNED_BY = {
  "AD FS":
    "change its certificate through AD FS with Set-AdfsSslCertificate -Thumbprint (https://learn.microsoft.com/powershell/module/adfs/set-adfssslcertificate), not HTTP.sys, or the two disagree.",
  WinRM:
    "its certificate is a WinRM HTTPS listener's, and the WinRM listener could not be read (see the warnings; or no listener read has this record), so it is not changed behind WinRM's back. Make WinRM's listeners readable (the WinRM service running, PowerShell allowed) and run again, or change the listener's CertificateThumbprint with Set-WSManInstance.",
} as const;
/** What a rebind of the record keeps: its AppId and every setting, by their documented names (docs/cli-contract.md). */
export function keptSettings(record: HttpSysRecord, text = keptSettingTexts()): string[] {
  const kept = [text("AppId", record.appId ?? "(none)")];
  if (record.settings === null) {
    kept.push(text("Every other line of the record", "as read (settings read from netsh text are not interpreted)"));
    return kept;
  }
  for (const [name, value] of namedSettings(record.settings)) kept.push(text(name, value));
  return kept;
}

/**
 * `name: value`, one string for each pair: the records of a host mostly share their settings, and a rebind of
 * 11,000 records otherwise made 220,000 strings that JSON.stringify then flattened one by one.
 */
function keptSettingTexts(): (name: string, value: string | number) => string {
  const byName = new Map<string, Map<string | number, string>>();
  return (name, value) => {
    let byValue = byName.get(name);
    if (byValue === undefined) byName.set(name, (byValue = new Map()));
    let text = byValue.get(value);
    if (text === undefined) byValue.set(value, (text = `${name}: ${name === "DefaultFlags" ? describeFlags(Number(value)) : value}`));
    return text;
  };
}

function shadowNotes(record: HttpSysRecord, shadowed: readonly string[]): string[] {
  if (shadowed.length === 0) return [];
  const named = shadowed.length > SHADOWED_NAMED ? `${shadowed.slice(0, SHADOWED_NAMED).join(", ")} and ${shadowed.length - SHADOWED_NAMED} more` : shadowed.join(", ");
  return [
    `Clients that connect to ${record.endpoint} get this record's certificate even when they ask for ${named} by SNI: an IP-specific record takes precedence over the SNI records of its port.`,
  ];
}

const INFORMATIONAL_REASONS = {
  ccs: "Central Certificate Store: the certificate is the PFX file named after each host on the certificate share, not a thumbprint; replace those files to renew. Not changed.",
  scopedccs:
    "Scoped Central Certificate Store record for this host and port: its certificate is the host's PFX file on the certificate share, not a thumbprint; replace that file to renew. Not changed.",
} as const;

function informational(records: readonly HttpSysRecord[], usersOf: readonly (RecordUsers | null)[]): InformationalTarget[] {
  return records.flatMap((r, index) =>
    r.kind === "ccs" || r.kind === "scopedccs" ? [{ kind: r.kind, endpoint: r.endpoint, sites: [...(usersOf[index]?.sites ?? [])], reason: INFORMATIONAL_REASONS[r.kind] }] : [],
  );
}
