import type { IisSite } from "../../core/model.js";
import { baseView, type ChangeView, type PlanRequest } from "../../core/rebind/plan.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import { ftpEndpoint, ftpHostnames, sitesInheritingFtpDefaults } from "./ftp-sites.js";
import type { FtpState, FtpTarget } from "./model.js";

/** Every FTP site (and siteDefaults) bound to the old certificate (or already on the new one), validated. Pure. */
export function planFtp(state: FtpState, input: PlanRequest): { view: ChangeView; target: FtpTarget }[] {
  const config = state.config;
  const changes: { view: ChangeView; target: FtpTarget }[] = [];
  const newThumbprint = input.newCertificates[0]!.thumbprint;
  const add = (site: IisSite | null, hash: string | null, store: string | null, sites: IisSite[]) => {
    const current = tryNormalizeThumbprint(hash);
    if (current !== input.oldThumbprint && current !== newThumbprint) return;
    const endpoint = site ? ftpEndpoint(site) : "siteDefaults";
    const view = baseView("ftp", endpoint, sites.map((s) => s.name), ftpHostnames(sites), store, input, current);
    view.kept = ["every other attribute, comment and byte of applicationHost.config"];
    changes.push({ view, target: { site: site?.name ?? null } });
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
