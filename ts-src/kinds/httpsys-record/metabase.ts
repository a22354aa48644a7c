import { sameStore } from "../../core/certificate.js";
import type { IisConfiguration, MetabaseProperty, MetabaseSslKey } from "../../core/model.js";
import type { ChangeView, MetabaseChange } from "../../core/rebind/plan.js";
import type { Refusal } from "../../core/rebind/validate.js";
import { describeReceived, type Thumbprint } from "../../core/thumbprint.js";

export type { MetabaseChange };

/**
 * IIS 6 metabase remnants: a `<customMetadata>` key `LM/W3SVC/<siteId>` holding 5506 `SSLCertHash` (or 5511
 * `SSLStoreName`) is re-applied to HTTP.sys whenever a component that uses the metabase compatibility layer (ABO
 * mapper) starts: IIS deletes the site's SSL record and adds one with that hash, so a rebind of HTTP.sys alone is
 * undone later (Microsoft, KB 2025598, https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-administration-management/https-connections-fail-ssl-bindings-deleted;
 * IIS support blog, https://techcommunity.microsoft.com/t5/iis-support-blog/ssl-certificate-occasionally-disappears-from-https-binding/ba-p/1094102).
 *
 * The value format of 5506 in applicationHost.config:
 * - VERIFIED: Microsoft's article shows `dataType="Binary" … value="oXiHOzFAMOF0YxIuI7soWvDFEzg="`, canonical base64
 *   of exactly 20 bytes, the length of a SHA-1 certificate hash; hex or any other text form cannot produce it.
 * - VERIFIED: the IIS 6 SDK gives SSLCertHash as BINARY "the SSL certificate hash" and sets it from the hash bytes in
 *   thumbprint order (`d0 23 f9 88 …`, https://learn.microsoft.com/previous-versions/iis/6.0-sdk/ms524780(v=vs.90)).
 * - INFERRED from both: the value is base64 of the 20 hash bytes in thumbprint order. It is therefore only changed
 *   when it decodes to the old certificate's thumbprint exactly (which confirms the format on that host); any other
 *   value is refused with CR3010.
 * 5511 is a plain string (`dataType="String" … value="MY"` in the blog post above).
 */

/** The views of HTTP.sys records: only they carry metabase entries and stand for their sites' https bindings. */
const RECORD_VIEW_KINDS: readonly string[] = ["ipport", "hostnameport"];

const REMOVE =
  "Remove the 5506 and 5511 properties of that key from <customMetadata> as Microsoft describes " +
  "(https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-administration-management/https-connections-fail-ssl-bindings-deleted: " +
  "a legacy IIS 6 setting no longer needed), back up applicationHost.config first, then run the rebind again.";

/** The thumbprint a 5506 value holds, or null when it is not canonical base64 of 20 bytes. */
export function decodeMetabaseHash(value: string): Thumbprint | null {
  if (!/^[A-Za-z0-9+/]{27}=$/.test(value)) return null;
  const bytes = Buffer.from(value, "base64");
  if (bytes.length !== 20 || bytes.toString("base64") !== value) return null;
  return bytes.toString("hex").toUpperCase() as Thumbprint;
}

export function encodeMetabaseHash(thumbprint: string): string {
  return Buffer.from(thumbprint, "hex").toString("base64");
}

/**
 * For one HTTP.sys target moving from `oldThumbprint` to `to` (and store `storeFrom` to `storeTo`) that serves
 * `siteNames`: the metabase entries to change with it, or why the target must be refused. Pure.
 */
export type MetabasePlanner = (
  siteNames: readonly string[],
  to: { thumbprint: string; storeFrom: string | null; storeTo: string | null },
) => { changes: MetabaseChange[]; refusal: Refusal | null };

export function metabasePlanner(config: IisConfiguration | null, oldThumbprint: Thumbprint): MetabasePlanner {
  const keys = config?.metabaseSsl ?? [];
  if (keys.length === 0) return () => ({ changes: [], refusal: null });
  const idByName = new Map(config!.sites.map((s) => [s.name, s.id === null ? null : String(Number(s.id))]));
  const bySiteId = new Map(keys.filter((k) => k.siteId !== null).map((k) => [k.siteId!, k]));
  const service = keys.find((k) => k.siteId === null) ?? null;
  const where = `applicationHost.config (${config!.path})`;
  return (siteNames, to) => {
    const changes: MetabaseChange[] = [];
    for (const name of siteNames) {
      const id = idByName.get(name);
      const site = id == null ? null : (bySiteId.get(id) ?? null);
      const hash = site?.certHash ? { key: site, property: site.certHash } : service?.certHash ? { key: service, property: service.certHash } : null;
      const store = site?.storeName ? { key: site, property: site.storeName } : service?.storeName ? { key: service, property: service.storeName } : null;
      const refuse = (key: MetabaseSslKey, why: string): { changes: MetabaseChange[]; refusal: Refusal } => ({
        changes: [],
        refusal: {
          code: "CR3010",
          reason:
            `Site '${name}' has the IIS 6 metabase entry ${key.path} in <customMetadata> of ${where}, ${why} ` +
            `IIS re-applies that entry to HTTP.sys whenever a component using the metabase compatibility layer starts, ` +
            `which would undo this rebind. ${REMOVE}`,
        },
      });
      const storeTo = to.storeTo ?? "MY";
      if (hash) {
        const held = checkHash(hash.property);
        if (typeof held !== "string" || (held !== oldThumbprint && held !== to.thumbprint)) {
          return refuse(hash.key, `whose SSLCertHash (5506) ${typeof held === "string" ? `holds ${held}, neither the old nor the new certificate.` : held.why}`);
        }
        if (held === oldThumbprint && hash.key === service) {
          return refuse(service, "whose SSLCertHash (5506) every site inherits: changing it for one site would change it for all.");
        }
        if (held === oldThumbprint) changes.push({ key: hash.key.path, site: name, property: 5506, from: held, to: to.thumbprint });
        // INFERRED: without 5511 the compatibility layer would re-add the record in its default store, not the new one.
        if (!store && !sameStore(storeTo, "MY")) {
          return refuse(hash.key, `which has SSLCertHash (5506) but no SSLStoreName (5511), while the new certificate is in store ${storeTo}.`);
        }
      }
      if (store && !sameStore(store.property.value, storeTo)) {
        if (store.key === service) return refuse(service, "whose SSLStoreName (5511) every site inherits: changing it for one site would change it for all.");
        if (store.property.dataType?.toLowerCase() !== "string" || store.property.value === null || !sameStore(store.property.value, to.storeFrom ?? "MY")) {
          return refuse(store.key, `whose SSLStoreName (5511) is '${describeReceived(store.property.value ?? "")}' (dataType ${store.property.dataType ?? "missing"}), not the store the record leaves.`);
        }
        changes.push({ key: store.key.path, site: name, property: 5511, from: store.property.value, to: storeTo });
      }
    }
    return { changes: dedupe(changes), refusal: null };
  };
}

function checkHash(property: MetabaseProperty): string | { why: string } {
  if (property.dataType?.toLowerCase() !== "binary") return { why: `has dataType ${property.dataType ?? "(missing)"}, not Binary.` };
  const held = property.value === null ? null : decodeMetabaseHash(property.value);
  if (held === null) {
    return { why: `holds '${describeReceived(property.value ?? "")}', which is not base64 of a 20-byte certificate hash, the only format this tool can establish from Microsoft's documentation.` };
  }
  return held;
}

function dedupe(changes: MetabaseChange[]): MetabaseChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => {
    const id = `${c.key.toLowerCase()} ${c.property}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * After every target is planned: a site's entry holds one hash for all its https bindings, so a target that would
 * move it while another target of the same site is refused is refused too (the site stays whole on the old
 * certificate); the others get a note saying what moves.
 */
export function settleMetabase(views: readonly ChangeView[]): void {
  const resolve = ` Resolve that refusal, or ${REMOVE.charAt(0).toLowerCase()}${REMOVE.slice(1)}`;
  for (const view of keepSitesWhole(views, (v) => (v.status === "refused" ? `refused (${v.code})` : null), resolve)) {
    for (const c of view.metabase) {
      const what = c.property === 5506 ? "SSLCertHash (5506) moves to the new certificate" : `SSLStoreName (5511) moves to ${c.to}`;
      view.notes.push(`The IIS 6 metabase entry ${c.key} of site '${c.site}' in <customMetadata> of applicationHost.config: ${what} in the same run, so IIS does not re-apply the old value to HTTP.sys.`);
    }
  }
}

/**
 * Refuses (CR3010) each planned target that would move a site's metabase entry while another target of that site is
 * left alone: `leftAlone` says how the reason names such a target ("refused (CR3005)"), or null for one that moves.
 * `then` ends the reason. Returns the targets it did not refuse.
 */
export function keepSitesWhole(views: readonly ChangeView[], leftAlone: (view: ChangeView) => string | null, then = ""): ChangeView[] {
  const bySite = new Map<string, { view: ChangeView; state: string }>();
  for (const view of views) {
    const state = RECORD_VIEW_KINDS.includes(view.kind) ? leftAlone(view) : null;
    if (state !== null) for (const site of view.sites) bySite.set(site, { view, state });
  }
  return views.filter((view) => {
    const blocked = view.status === "planned" ? view.metabase.find((m) => bySite.has(m.site)) : undefined;
    if (!blocked) return true;
    const other = bySite.get(blocked.site)!;
    Object.assign(view, {
      metabase: [],
      status: "refused",
      code: "CR3010",
      reason:
        `Site '${blocked.site}' has the IIS 6 metabase entry ${blocked.key} in <customMetadata> of applicationHost.config, one certificate ` +
        `for all its https bindings, and its target ${other.view.endpoint} is ${other.state}: moving this one would leave the site split.${then}`,
    });
    return false;
  });
}
