import { readHostBytes } from "../../../platform/files/read-host-file.js";
import type { CapturePart, PartReport } from "../capture-part.js";
import { redactBytes } from "../redaction.js";

/**
 * `inetsrv/`: applicationHost.config and redirection.config, their exact bytes; when redirection.config enables
 * shared configuration, the shared applicationHost.config as `inetsrv/shared/applicationHost.config`.
 */
export const inetsrvPart: CapturePart = {
  name: "inetsrv",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "inetsrv", count: 0, of: "files", files: [], warnings: [] };
    const files = await source.iisFiles();
    const copy = async (from: string, to: string) => {
      const bytes = await readHostBytes(from);
      if (bytes === null) return false;
      report.files.push(await out.write(to, redactBytes(redaction, bytes, from)));
      return true;
    };
    await copy(files.local, "inetsrv/applicationHost.config");
    await copy(files.redirection, "inetsrv/redirection.config");
    if (files.redirected) {
      // readText notes why the shared copy cannot be read (a share that is down); the capture then has
      // redirection.config without it, so a dry run on it says the same: IIS's sites are not known.
      const read = await source.host.iisConfig.readText().catch(() => null);
      const copied = read !== null && (await copy(files.config, "inetsrv/shared/applicationHost.config").catch(() => false));
      if (!copied) {
        report.warnings.push(`redirection.config enables shared configuration, but ${files.config} could not be read: the capture has no inetsrv/shared/applicationHost.config, and a dry run on it does not know IIS's sites either.`);
      }
    }
    report.count = report.files.length;
    return report;
  },
};
