import { ownerOfAppId } from "../app-ids.js";
import { sameStore, type Certificate } from "../certificate.js";
import { ftpEndpoint, ftpHostnames, sitesInheritingFtpDefaults } from "../ftp-sites.js";
import { recordKeyId } from "../endpoints.js";
import { joinSitesToRecords } from "../inventory.js";
import type { HttpSysRecord, IisConfiguration, IisSite } from "../model.js";
import { tryNormalizeThumbprint, type Thumbprint } from "../thumbprint.js";
import { sniRecordsByPort } from "./shadowing.js";
import { checkNames, checkUsable, type Refusal } from "./validate.js";

export type ChangeStatus = "planned" | "applied" | "unchanged" | "refused" | "failed" | "rolled-back";

/** One change of a rebind as the contract shows it (docs/cli-contract.md, `rebind`). */
export interface ChangeView {
  kind: "ipport" | "hostnameport" | "ftp";
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
}

export type Target = { type: "record"; record: HttpSysRecord } | { type: "ftp"; site: string | null };

export interface PlannedChange {
  view: ChangeView;
  target: Target;
}

export interface InformationalTarget {
  kind: "ccs";
  endpoint: string;
  sites: string[];
  reason: string;
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
}

// Certificates of these services must be changed through the service, or its own configuration and HTTP.sys
// diverge (iis-httpsys-bindings.md §4.1, §4.3).
const OWNED_ELSEWHERE = new Set(["WinRM", "AD FS"]);
const SHADOWED_NAMED = 5;

/** Every target bound to the old certificate (and those already on the new one), validated. Pure. */
export function planRebind(input: PlanInput): RebindPlan {
  const newThumbprint = input.newCertificates[0]!.thumbprint;
  const users = joinSitesToRecords(input.records, input.config?.sites ?? []).users;
  const changes: PlannedChange[] = [];
  const shadowedBy = sniRecordsByPort(input.records);
  const kept = keptSettingTexts();
  for (const record of input.records) {
    if (record.kind === "ccs" || record.kind === "scopedccs" || (record.thumbprint !== input.oldThumbprint && record.thumbprint !== newThumbprint)) continue;
    const used = users.get(recordKeyId(record));
    const view = baseView(record.kind, record.endpoint, [...(used?.sites ?? [])], [...(used?.hostnames ?? [])], record.storeName, input, record.thumbprint!);
    view.kept = keptSettings(record, kept);
    const refusal = view.status === "planned" ? recordRefusal(record) : null;
    if (refusal) refuse(view, refusal);
    if (record.kind === "ipport") view.notes.push(...shadowNotes(record, shadowedBy(record)));
    changes.push({ view, target: { type: "record", record } });
  }
  changes.push(...planFtp(input));
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
    notes: storeChanges && !alreadyNew ? [`The certificate store changes from ${storeName ?? "MY"} to ${newCert.store}, where the new certificate is.`] : [],
  };
  if (alreadyNew) return view;
  const refusal = checkUsable(newCert, input.now) ?? (input.force ? null : checkNames(newCert, hostnames));
  if (refusal) refuse(view, refusal);
  else if (input.force && checkNames(newCert, hostnames)) view.notes.push(`--force: ${checkNames(newCert, hostnames)!.reason.replace(/ Use --force.*$/, "")}`);
  return view;
}

function refuse(view: ChangeView, refusal: Refusal): void {
  view.status = "refused";
  view.code = refusal.code;
  view.reason = refusal.reason;
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

/**
 * The record's settings other than the certificate: by their HTTP_SERVICE_CONFIG_SSL_PARAM names when the record
 * was read through the HTTP Server API, else with netsh's own (possibly translated) labels.
 */
export function keptSettings(record: HttpSysRecord, text = keptSettingTexts()): string[] {
  const kept = [text("Application ID", record.appId ?? "(none)")];
  for (const f of record.fields) if (f.value !== null && f.name !== "hash" && f.name !== "appId" && f.name !== "storeName") kept.push(text(f.label, f.value));
  const s = record.settings;
  if (s) {
    kept.push(
      text("DefaultCertCheckMode", `0x${s.certCheckMode.toString(16)}`),
      text("DefaultRevocationFreshnessTime", String(s.revocationFreshnessTime)),
      text("DefaultRevocationUrlRetrievalTimeout", String(s.revocationUrlRetrievalTimeout)),
      text("DefaultSslCtlIdentifier", s.sslCtlIdentifier ?? "(null)"),
      text("DefaultSslCtlStoreName", s.sslCtlStoreName ?? "(null)"),
      text("DefaultFlags", `0x${(s.flags >>> 0).toString(16)}`),
    );
    if (s.extended) for (const param of s.extended) kept.push(text("Extended parameter", `${param.type} (${param.name})`));
  }
  return kept;
}

/**
 * `label: value`, one string for each pair: the records of a host mostly share their settings, and a rebind of
 * 11,000 records otherwise made 220,000 strings that JSON.stringify then flattened one by one.
 */
function keptSettingTexts(): (label: string, value: string) => string {
  const byLabel = new Map<string, Map<string, string>>();
  return (label, value) => {
    let byValue = byLabel.get(label);
    if (byValue === undefined) byLabel.set(label, (byValue = new Map()));
    let text = byValue.get(value);
    if (text === undefined) byValue.set(value, (text = `${label}: ${value}`));
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

function informational(records: readonly HttpSysRecord[], users: Map<string, { sites: Set<string> }>): InformationalTarget[] {
  return records
    .filter((r) => r.kind === "ccs")
    .map((r) => ({
      kind: "ccs" as const,
      endpoint: r.endpoint,
      sites: [...(users.get(recordKeyId(r))?.sites ?? [])],
      reason: "Central Certificate Store: the certificate is the PFX file named after each host on the certificate share, not a thumbprint; replace those files to renew. Not changed.",
    }));
}
