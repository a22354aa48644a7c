import type { IisSite } from "../../core/model.js";

/** The first ftp binding of a site, as written (`*:21:`), or "" when it has none. */
export function ftpEndpoint(site: IisSite): string {
  return site.bindings.find((b) => b.protocol === "ftp")?.bindingInformation ?? "";
}

/** The host names of the ftp bindings of these sites (FTP virtual host names), lower-case, once each. */
export function ftpHostnames(sites: readonly IisSite[]): string[] {
  return [...new Set(sites.flatMap((s) => s.bindings.filter((b) => b.protocol === "ftp" && b.endpoint.host).map((b) => b.endpoint.host.toLowerCase())))];
}

/** FTP sites without a serverCertHash of their own: they use the one of siteDefaults. */
export function sitesInheritingFtpDefaults(sites: readonly IisSite[]): IisSite[] {
  return sites.filter((s) => s.bindings.some((b) => b.protocol === "ftp") && !s.ftpSsl?.serverCertHash);
}
