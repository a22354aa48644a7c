import { sameStore, type Certificate } from "../certificate.js";
import { uncoveredHosts } from "../hostname.js";
import { remedyField, type Remedy } from "../remedy.js";
import type { Thumbprint } from "../thumbprint.js";
import { checkNames, checkUsable, type Refusal } from "./validate.js";

/**
 * An IIS 6 metabase entry of applicationHost.config (`<customMetadata>` 5506 `SSLCertHash` or 5511 `SSLStoreName`)
 * that changes with an HTTP.sys record (docs/cli-contract.md, CR3010; kinds/httpsys-record/metabase.ts).
 */
export interface MetabaseChange {
  /** The `<customMetadata>` key path as written. */
  key: string;
  /** The site whose key it is (for the service key `LM/W3SVC`, never changed, there is none). */
  site: string;
  property: 5506 | 5511;
  /** 5506: thumbprints (40 hex); 5511: store names. */
  from: string;
  to: string;
}

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

/** One change of a plan: its view, and what its kind needs to make it (the kind's own type, ts-src/kinds/). */
export interface PlannedChange {
  view: ChangeView;
  target: unknown;
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

/** What every kind's plan is given for one old → new pair, besides its own state (ts-src/kinds/binding-kind.ts). Plain data. */
export interface PlanRequest {
  oldThumbprint: Thumbprint;
  /** Every copy of the new certificate, one per store that holds it (at least one). */
  newCertificates: readonly Certificate[];
  now: Date;
  /** `--allow-name-mismatch` (or `--force`): a name the new certificate does not cover is noted, not refused. */
  force: boolean;
}

/**
 * The view of one binding on the old certificate (or already on the new one, `unchanged`), checked as every kind
 * checks it: the new certificate usable (key, validity, server authentication) and covering `hostnames` unless
 * `force`; the store it moves to when the new certificate is in another one. Pure.
 */
export function baseView(
  kind: string,
  endpoint: string,
  sites: string[],
  hostnames: string[],
  storeName: string | null,
  input: PlanRequest,
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

export function refuse(view: ChangeView, refusal: Refusal): void {
  view.status = "refused";
  view.code = refusal.code;
  view.reason = refusal.reason;
  Object.assign(view, remedyField(refusal.reason));
}

/** The copy of the new certificate in the target's store if there is one, else the first. */
function certificateFor(storeName: string | null, copies: readonly Certificate[]): Certificate {
  return copies.find((c) => sameStore(storeName, c.store)) ?? copies[0]!;
}

