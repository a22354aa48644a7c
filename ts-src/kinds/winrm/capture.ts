import { join } from "node:path";
import { readHostBytes } from "../../platform/files/read-host-file.js";
import type { CapturePart, PartReport } from "../../providers/capture/capture-part.js";
import { redactBytes, redactText } from "../../providers/capture/redaction.js";
import { winrmAccess } from "./access.js";
import { LISTENERS_FILE } from "./listener-names.js";

/**
 * `winrm/listeners.json` (docs/snapshot-host.md, "WinRM listeners"): from a snapshot host a copy of its file; from
 * Windows the listeners as Get-WSManInstance gives them, written as ConvertTo-Json indents them. No WinRM: nothing.
 * Listeners that cannot be read (PowerShell blocked, the WinRM service stopped): nothing, with a warning.
 */
export const winrmPart: CapturePart = {
  name: "winrm",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "winrm", count: 0, of: "files", files: [], warnings: [] };
    if (source.root !== null) {
      const bytes = await readHostBytes(join(source.root, ...LISTENERS_FILE.split("/")));
      if (bytes !== null) report.files.push(await out.write(LISTENERS_FILE, redactBytes(redaction, bytes, LISTENERS_FILE)));
    } else {
      const read = await winrmAccess(source.host).read();
      if ("unreadable" in read) report.warnings.push(`WinRM's listeners could not be read (${read.unreadable}): the capture has no ${LISTENERS_FILE}.`);
      if ("listeners" in read) {
        report.warnings.push(...read.warnings);
        const objects = read.listeners.map((l) => ({
          Address: l.address,
          Transport: l.transport,
          Port: l.port,
          Hostname: l.hostname,
          Enabled: l.enabled,
          CertificateThumbprint: l.certificateThumbprint,
        }));
        report.files.push(await out.write(LISTENERS_FILE, `${redactText(redaction, JSON.stringify(objects, null, 4))}\n`));
      }
    }
    report.count = report.files.length;
    return report;
  },
};
