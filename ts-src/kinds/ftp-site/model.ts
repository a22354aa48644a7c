import type { IisConfiguration } from "../../core/model.js";

/** What the kind reads: IIS's configuration, where each FTP site (or siteDefaults) names its certificate. */
export interface FtpState {
  config: IisConfiguration;
}

/** One FTP certificate to change: a site's `ftpServer/security/ssl`, or siteDefaults' (`site` null). */
export interface FtpTarget {
  site: string | null;
}
