import type { PlannedChange } from "../../core/rebind/plan.js";
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
