import type { PlannedChange } from "../../core/rebind/plan.js";
import { decodeMetabaseHash } from "../../core/rebind/metabase.js";
import { sameStore } from "../../core/certificate.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { Host } from "../../platform/ports.js";

/**
 * Reads the configuration again; returns the endpoints of planned FTP changes that are not in place.
 * HTTP.sys records are read back by the adapter itself as part of rebindRecords.
 */
export async function verifyFtpApplied(host: Host, planned: readonly PlannedChange[]): Promise<string[]> {
  const ftp = planned.filter((c) => c.target.type === "ftp");
  if (ftp.length === 0) return [];
  const config = await host.iisConfig.read();
  const sites = new Map(config?.sites.map((s) => [s.name, s]) ?? []);
  return ftp
    .filter(({ target, view }) => {
      const site = target.type === "ftp" ? target.site : null;
      const ssl = site === null ? config?.siteDefaultsFtpSsl : sites.get(site)?.ftpSsl;
      return tryNormalizeThumbprint(ssl?.serverCertHash) !== view.to;
    })
    .map((c) => c.view.endpoint);
}

/** Reads the configuration again; returns the endpoints whose metabase entries (5506/5511) do not hold the new values. */
export async function verifyMetabaseApplied(host: Host, planned: readonly PlannedChange[]): Promise<string[]> {
  const withMetabase = planned.filter((c) => c.view.metabase.length > 0);
  if (withMetabase.length === 0) return [];
  const keys = new Map(((await host.iisConfig.read())?.metabaseSsl ?? []).map((k) => [k.path, k]));
  const holds = (c: PlannedChange["view"]["metabase"][number]) => {
    const key = keys.get(c.key);
    const value = (c.property === 5506 ? key?.certHash : key?.storeName)?.value ?? null;
    if (value === null) return false;
    return c.property === 5506 ? decodeMetabaseHash(value) === c.to : sameStore(value, c.to);
  };
  return withMetabase.filter((c) => !c.view.metabase.every(holds)).map((c) => c.view.endpoint);
}
