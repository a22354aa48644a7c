import { ownerOfAppId } from "../app-ids.js";
import { sameStore, type Certificate } from "../certificate.js";
import { ftpEndpoint, ftpHostnames, sitesInheritingFtpDefaults } from "../ftp-sites.js";
import { recordKeyId } from "../endpoints.js";
import { describeFlags, namedSettings } from "../httpsys-settings.js";
import { joinSitesToRecords } from "../inventory.js";
import type { HttpSysRecord, IisConfiguration, IisSite } from "../model.js";
import { uncoveredHosts } from "../hostname.js";
import { remedyField, withRemedy, type Remedy } from "../remedy.js";
import { tryNormalizeThumbprint, type Thumbprint } from "../thumbprint.js";
import { metabasePlanner, settleMetabase, type MetabaseChange, type MetabasePlanner } from "./metabase.js";
import { sniRecordsByPort } from "./shadowing.js";
import { checkNames, checkUsable, type Refusal } from "./validate.js";

export type ChangeStatus = "planned" | "applied" | "unchanged" | "refused" | "failed" | "rolled-back" | "skipped";

/** One change of a rebind as the contract shows it (docs/cli-contract.md, `rebind`). */
export interface ChangeView {
  /** `ipport`, `hostnameport`, `ftp`, or another registered kind's (ts-src/kinds/). */
  kind: string;
  endpoint: string;
  sites: string[];
  hostnames: string[];
  from: string;
  to: string;
  storeName: { from: string | null; to: string | null };
  status: ChangeStatus;
  code: string | null;
  reason: string | null;
  kept: string[];
  notes: string[];
  /** The IIS 6 metabase entries (`<customMetadata>` 5506/5511) that change with this target. */
  metabase: MetabaseChange[];
  /** A refusal's remedy as data (docs/cli-contract.md, "Remedies"); absent when it names no option. */
  remedy?: Remedy;
  /** The service that reads the binding (`MSSQLSERVER`, `TSGateway`, `WinRM`); absent for HTTP.sys and FTP. */
  service?: string;
  /** True when the change takes effect only at the service's next start and the service was not restarted (yet). */
  restartRequired?: boolean;
  /** Who must be able to read the new certificate's private key, and whether they can. */
  keyAccess?: KeyAccessView[];
}

/** One account that must read the new certificate's key: it `has` access, needs a `grant`, was `granted`, or was `refused` (CR3013). */
export interface KeyAccessView {
  account: string;
  status: "has" | "grant" | "granted" | "refused";
}

export type Target = { type: "record"; record: HttpSysRecord } | { type: "ftp"; site: string | null };

export interface PlannedChange {
  view: ChangeView;
  target: Target;
}

/** A binding on the old certificate that is reported and left alone by design (a ccs record; a self-selecting binding, CR3012). */
export interface InformationalTarget {
  kind: string;
  endpoint: string;
  sites: string[];
  reason: string;
  /** CR3012 for a binding that selects its certificate itself; absent for ccs and scopedccs records. */
  code?: string;
}

export interface RebindPlan {
  changes: PlannedChange[];
  informational: InformationalTarget[];
}

export interface PlanInput {
  records: readonly HttpSysRecord[];
  config: IisConfiguration | null;
  /** Every copy of the new certificate, one per store that holds it (at least one). */
  newCertificates: readonly Certificate[];
  oldThumbprint: Thumbprint;
  force: boolean;
  now: Date;
  /** Why IIS's sites, so the host names behind IIS's records, cannot be known (HostReading.sitesUnknown), or null. */
  sitesUnknown?: string | null;
}

// Certificates of these services must be changed through the service, or its own configuration and HTTP.sys
// diverge (INFERRED: both keep the thumbprint in their own configuration too; Posh-ACME.Deploy changes WinRM's with
// Set-WSManInstance: https://github.com/rmbolger/Posh-ACME.Deploy/blob/338f757/Posh-ACME.Deploy/Public/Set-WinRMCertificate.ps1).
const OWNED_ELSEWHERE = new Set(["WinRM", "AD FS"]);
const SHADOWED_NAMED = 5;

/** Every target bound to the old certificate (and those already on the new one), validated. Pure. */
export function planRebind(input: PlanInput): RebindPlan {
  const newThumbprint = input.newCertificates[0]!.thumbprint;
  const users = joinSitesToRecords(input.records, input.config?.sites ?? []).users;
  const changes: PlannedChange[] = [];
  const shadowedBy = sniRecordsByPort(input.records);
  const kept = keptSettingTexts();
  const metabase = metabasePlanner(input.config, input.oldThumbprint);
  for (const record of input.records) {
    if (record.kind === "ccs" || record.kind === "scopedccs" || (record.thumbprint !== input.oldThumbprint && record.thumbprint !== newThumbprint)) continue;
    const used = users.get(recordKeyId(record));
    const view = baseView(record.kind, record.endpoint, [...(used?.sites ?? [])], [...(used?.hostnames ?? [])], record.storeName, input, record.thumbprint!);
    view.kept = keptSettings(record, kept);
    const refusal = view.status === "planned" ? (uncheckedNames(record, input) ?? recordRefusal(record)) : null;
    if (refusal) refuse(view, refusal);
    else if (view.status === "planned") planMetabase(view, metabase);
    if (view.status === "planned" && input.force && input.sitesUnknown && ownerOfAppId(record.appId) === "IIS") {
      view.notes.push(`The host-name check was overridden: the host names of this IIS record were not checked: ${input.sitesUnknown}.`);
    }
    if (record.kind === "ipport") view.notes.push(...shadowNotes(record, shadowedBy(record)));
    changes.push({ view, target: { type: "record", record } });
  }
  changes.push(...planFtp(input));
  settleMetabase(changes.map((c) => c.view));
  return { changes, informational: informational(input.records, users) };
}

function baseView(
  kind: ChangeView["kind"],
  endpoint: string,
  sites: string[],
  hostnames: string[],
  storeName: string | null,
  input: PlanInput,
  current: string,
): ChangeView {
  const newCert = certificateFor(storeName, input.newCertificates);
  const alreadyNew = current === newCert.thumbprint;
  const storeChanges = !sameStore(storeName, newCert.store);
  const view: ChangeView = {
    kind,
    endpoint,
    sites,
    hostnames,
    from: alreadyNew ? newCert.thumbprint : input.oldThumbprint,
    to: newCert.thumbprint,
    storeName: { from: storeName, to: storeChanges ? newCert.store : storeName },
    status: alreadyNew ? "unchanged" : "planned",
    code: null,
    reason: alreadyNew ? "Already on the new certificate." : null,
    kept: [],
    metabase: [],
    notes: storeChanges && !alreadyNew ? [`The certificate store changes from ${storeName ?? "MY"} to ${newCert.store}, where the new certificate is.`] : [],
  };
  if (alreadyNew) return view;
  const refusal = checkUsable(newCert, input.now) ?? (input.force ? null : checkNames(newCert, hostnames));
  const overridden = refusal || !input.force ? null : uncoveredHosts(newCert.dnsNames, hostnames);
  if (refusal) refuse(view, refusal);
  else if (overridden?.length) view.notes.push(`The host-name check was overridden: the new certificate does not cover ${overridden.join(", ")}; clients of those hosts get a name mismatch.`);
  return view;
}

function refuse(view: ChangeView, refusal: Refusal): void {
  view.status = "refused";
  view.code = refusal.code;
  view.reason = refusal.reason;
  Object.assign(view, remedyField(refusal.reason));
}

/** Keeps the site's metabase entries consistent with the record, or refuses the record (CR3010). */
function planMetabase(view: ChangeView, planner: MetabasePlanner): void {
  const { changes, refusal } = planner(view.sites, { thumbprint: view.to, storeFrom: view.storeName.from, storeTo: view.storeName.to });
  if (refusal) return refuse(view, refusal);
  view.metabase = changes;
}

/** Fails closed: an IIS record whose sites cannot be read has host names that cannot be checked (CR3005). */
function uncheckedNames(record: HttpSysRecord, input: PlanInput): Refusal | null {
  if (!input.sitesUnknown || input.force || ownerOfAppId(record.appId) !== "IIS") return null;
  return {
    code: "CR3005",
    reason: withRemedy(`The host names this IIS record serves cannot be checked against the new certificate: ${input.sitesUnknown}.`, "readableConfigOrAllowNameMismatch"),
  };
}

function recordRefusal(record: HttpSysRecord): Refusal | null {
  const owner = ownerOfAppId(record.appId);
  if (OWNED_ELSEWHERE.has(owner)) {
    return { code: "CR3007", reason: `This record belongs to ${owner} (appid ${record.appId}); change its certificate through ${owner}, not HTTP.sys, or the two disagree.` };
  }
  return null;
}

/** The copy of the new certificate in the target's store if there is one, else the first. */
function certificateFor(storeName: string | null, copies: readonly Certificate[]): Certificate {
  return copies.find((c) => sameStore(storeName, c.store)) ?? copies[0]!;
}

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

function planFtp(input: PlanInput): PlannedChange[] {
  const config = input.config;
  if (!config) return [];
  const changes: PlannedChange[] = [];
  const newThumbprint = input.newCertificates[0]!.thumbprint;
  const add = (site: IisSite | null, hash: string | null, store: string | null, sites: IisSite[]) => {
    const current = tryNormalizeThumbprint(hash);
    if (current !== input.oldThumbprint && current !== newThumbprint) return;
    const endpoint = site ? ftpEndpoint(site) : "siteDefaults";
    const view = baseView("ftp", endpoint, sites.map((s) => s.name), ftpHostnames(sites), store, input, current);
    view.kept = ["every other attribute, comment and byte of applicationHost.config"];
    changes.push({ view, target: { type: "ftp", site: site?.name ?? null } });
  };
  for (const site of config.sites) {
    if (site.ftpSsl?.serverCertHash) add(site, site.ftpSsl.serverCertHash, site.ftpSsl.serverCertStoreName ?? "MY", [site]);
  }
  const defaults = config.siteDefaultsFtpSsl;
  if (defaults?.serverCertHash) {
    add(null, defaults.serverCertHash, defaults.serverCertStoreName ?? "MY", sitesInheritingFtpDefaults(config.sites));
  }
  return changes;
}

const INFORMATIONAL_REASONS = {
  ccs: "Central Certificate Store: the certificate is the PFX file named after each host on the certificate share, not a thumbprint; replace those files to renew. Not changed.",
  scopedccs:
    "Scoped Central Certificate Store record for this host and port: its certificate is the host's PFX file on the certificate share, not a thumbprint; replace that file to renew. Not changed.",
} as const;

function informational(records: readonly HttpSysRecord[], users: Map<string, { sites: Set<string> }>): InformationalTarget[] {
  return records
    .filter((r): r is HttpSysRecord & { kind: "ccs" | "scopedccs" } => r.kind === "ccs" || r.kind === "scopedccs")
    .map((r) => ({
      kind: r.kind,
      endpoint: r.endpoint,
      sites: [...(users.get(recordKeyId(r))?.sites ?? [])],
      reason: INFORMATIONAL_REASONS[r.kind],
    }));
}
