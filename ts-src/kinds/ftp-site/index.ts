import type { BindingKind } from "../binding-kind.js";
import { readIisConfiguration } from "../common/host-reads.js";
import { ftpEdits, readBackFtp } from "./apply.js";
import { ftpInventory } from "./inventory.js";
import type { FtpState, FtpTarget } from "./model.js";
import { planFtp } from "./plan.js";

/**
 * IIS FTP sites: `ftpServer/security/ssl` of each site and of siteDefaults in applicationHost.config, changed in
 * the one write of that file (kinds/common/iis-config.ts); IIS's own file is its snapshot form (the inetsrv part).
 */
export const ftpSiteKind: BindingKind<FtpState, FtpTarget> = {
  name: "ftp-site",
  viewKinds: ["ftp"],
  async read(context) {
    const config = await readIisConfiguration(context);
    return config === null ? null : { config };
  },
  storesNamed: ({ config }) =>
    [config.siteDefaultsFtpSsl, ...config.sites.map((site) => site.ftpSsl)].flatMap((ssl) => (ssl?.serverCertStoreName ? [ssl.serverCertStoreName] : [])),
  inventory: ftpInventory,
  plan: (state, request) => ({ changes: planFtp(state, request), informational: [] }),
  // Two FTP sites may share an endpoint (`*:21:`): a site's change is told apart by the site.
  siteOf: (view) => (view.endpoint !== "siteDefaults" ? (view.sites[0] ?? null) : null),
  sharedEdits: ftpEdits,
  readBack: readBackFtp,
};
