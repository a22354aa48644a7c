import type { KindBinding, KindInventory } from "../binding-kind.js";
import type { IisSite } from "../../core/model.js";
import { describeReceived, tryNormalizeThumbprint, type Thumbprint } from "../../core/thumbprint.js";
import { ftpEndpoint, ftpHostnames, sitesInheritingFtpDefaults } from "./ftp-sites.js";
import type { FtpState } from "./model.js";

/**
 * FTP sites keep the thumbprint in the configuration itself, per site or inherited from siteDefaults
 * (https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/ftpserver/security/ssl). Pure.
 */
export function ftpInventory({ config }: FtpState): KindInventory {
  const bindings: KindBinding[] = [];
  const warnings: string[] = [];
  const thumbprintOf = (raw: string | null, where: string): Thumbprint | null => {
    if (!raw) return null;
    const thumbprint = tryNormalizeThumbprint(raw);
    if (!thumbprint) warnings.push(`${config.path}: serverCertHash '${describeReceived(raw)}' of ${where} is not a thumbprint; it is ignored.`);
    return thumbprint;
  };
  const view = (endpoint: string, thumbprint: Thumbprint, store: string | null, sites: IisSite[]): KindBinding => ({
    kind: "ftp",
    endpoint,
    thumbprint,
    storeName: store ?? "MY",
    appId: null,
    owner: "IIS FTP",
    sites: sites.map((s) => s.name),
    hostnames: ftpHostnames(sites),
    selection: "pinned",
  });
  for (const site of config.sites) {
    const thumbprint = thumbprintOf(site.ftpSsl?.serverCertHash ?? null, `site '${site.name}'`);
    if (!thumbprint) continue;
    bindings.push(view(ftpEndpoint(site), thumbprint, site.ftpSsl?.serverCertStoreName ?? null, [site]));
  }
  const defaults = config.siteDefaultsFtpSsl;
  const defaultThumbprint = thumbprintOf(defaults?.serverCertHash ?? null, "siteDefaults");
  if (defaultThumbprint) {
    bindings.push(view("siteDefaults", defaultThumbprint, defaults?.serverCertStoreName ?? null, sitesInheritingFtpDefaults(config.sites)));
  }
  return { bindings, warnings };
}
