import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import { ftpCertificateReplacements, ftpCertificateUndo, type FtpCertificateEdit } from "../../platform/formats/application-host-edit.js";
import type { KindChange, KindContext, SharedFileEdit } from "../binding-kind.js";
import { readIisConfiguration } from "../common/host-reads.js";
import { applicationHostConfig } from "../common/iis-config.js";
import type { FtpTarget } from "./model.js";

type FtpChange = KindChange<FtpTarget>;

/** The FTP certificates (`serverCertHash`, and `serverCertStoreName` when the store changes): one edit of applicationHost.config. */
export function ftpEdits(changes: readonly FtpChange[]): SharedFileEdit[] {
  if (changes.length === 0) return [];
  const edits: FtpCertificateEdit[] = changes.map((c) => ({
    site: c.target.site,
    thumbprint: c.view.to,
    ...(c.view.storeName.to !== c.view.storeName.from ? { storeName: c.view.storeName.to ?? "MY" } : {}),
  }));
  return [
    {
      file: applicationHostConfig,
      endpoints: changes.map((c) => c.view.endpoint),
      replacements: (text, path, positions) => ftpCertificateReplacements(text, path, edits, positions),
      undo: (before, text, path) => ftpCertificateReplacements(text, path, ftpCertificateUndo(before, path, edits), null),
    },
  ];
}

/** The endpoints of FTP changes that are not in place in the configuration read again after the edit. */
export async function readBackFtp(context: KindContext, changes: readonly FtpChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const config = await readIisConfiguration(context);
  const sites = new Map(config?.sites.map((s) => [s.name, s]) ?? []);
  return changes
    .filter(({ target, view }) => {
      const ssl = target.site === null ? config?.siteDefaultsFtpSsl : sites.get(target.site)?.ftpSsl;
      return tryNormalizeThumbprint(ssl?.serverCertHash) !== view.to;
    })
    .map((c) => c.view.endpoint);
}
