import { parseJsonHostBytes } from "../../../platform/files/json-host-file.js";
import { win32Services } from "../../../platform/snapshot/service-control.js";
import type { CapturePart, PartReport } from "../capture-part.js";
import { redactText } from "../redaction.js";
import { toolFailure } from "../tool-failure.js";

/**
 * `services/services.json` (docs/snapshot-host.md, "Services"): every service as a Win32_Service object { Name,
 * StartName, State }, read from the source and checked, written as ConvertTo-Json indents it; a snapshot's
 * snapshot-only fields (FailsToStart) are not carried. A source with no services writes nothing. When PowerShell
 * fails or cannot be started, the capture has no services, with a warning.
 */
export const servicesPart: CapturePart = {
  name: "services",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "services", count: 0, of: "services", files: [], warnings: [] };
    let read: Awaited<ReturnType<typeof source.servicesJson>>;
    try {
      read = await source.servicesJson();
    } catch (error) {
      const why = toolFailure(error);
      if (why === null) throw error;
      report.warnings.push(`The services could not be read (${why}): the capture has no services/services.json.`);
      return report;
    }
    if (read === null) return report;
    const services = win32Services(parseJsonHostBytes(read.file, read.bytes));
    report.files.push(await out.write("services/services.json", `${redactText(redaction, JSON.stringify(services, null, 4))}\n`));
    report.count = services.length;
    return report;
  },
};
