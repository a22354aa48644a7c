import type { PlannedChange } from "../../core/rebind/plan.js";
import { decodeMetabaseHash } from "../../core/rebind/metabase.js";
import { sameStore } from "../../core/certificate.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { IisConfiguration } from "../../core/model.js";

/**
 * The endpoints of planned FTP changes that are not in place in `config`, the configuration read again after the
 * edit. HTTP.sys records are read back by the adapter itself as part of rebindRecords.
 */
export function verifyFtpApplied(config: IisConfiguration | null, planned: readonly PlannedChange[]): string[] {
  const ftp = planned.filter((c) => c.target.type === "ftp");
  if (ftp.length === 0) return [];
  const sites = new Map(config?.sites.map((s) => [s.name, s]) ?? []);
  return ftp
    .filter(({ target, view }) => {
      const site = target.type === "ftp" ? target.site : null;
      const ssl = site === null ? config?.siteDefaultsFtpSsl : sites.get(site)?.ftpSsl;
      return tryNormalizeThumbprint(ssl?.serverCertHash) !== view.to;
    })
    .map((c) => c.view.endpoint);
}

/** The endpoints whose metabase entries (5506/5511) do not hold the new values in `config`, read again after the edit. */
export function verifyMetabaseApplied(config: IisConfiguration | null, planned: readonly PlannedChange[]): string[] {
  const withMetabase = planned.filter((c) => c.view.metabase.length > 0);
  if (withMetabase.length === 0) return [];
  const keys = new Map((config?.metabaseSsl ?? []).map((k) => [k.path, k]));
  const holds = (c: PlannedChange["view"]["metabase"][number]) => {
    const key = keys.get(c.key);
    const value = (c.property === 5506 ? key?.certHash : key?.storeName)?.value ?? null;
    if (value === null) return false;
    return c.property === 5506 ? decodeMetabaseHash(value) === c.to : sameStore(value, c.to);
  };
  return withMetabase.filter((c) => !c.view.metabase.every(holds)).map((c) => c.view.endpoint);
}
