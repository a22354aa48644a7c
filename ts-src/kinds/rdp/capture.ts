import type { CapturePart, PartReport } from "../../providers/capture/capture-part.js";
import { redactBytes } from "../../providers/capture/redaction.js";
import { toolFailure } from "../../providers/capture/tool-failure.js";
import { listenersOn } from "./read.js";
import { LISTENERS_FILE } from "./snapshot.js";

/**
 * `rdp/listeners.json`: on Windows what the CIM read prints (scripts.ts), on a snapshot host its file byte for byte
 * (redacted like every file with `--redact`). A host without listeners writes nothing; a read that fails (PowerShell
 * blocked or failing) is a warning, and the rest of the capture is written.
 */
export const rdpPart: CapturePart = {
  name: "rdp",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "rdp", count: 0, of: "files", files: [], warnings: [] };
    const listeners = listenersOn(source.host);
    if (listeners === null) return report;
    const bytes = await listeners.snapshotBytes().catch((error: unknown) => {
      const why = toolFailure(error);
      if (why === null) throw error;
      report.warnings.push(`${why}: ${LISTENERS_FILE} was not written, and a rebind on the capture does not see the RDP listeners.`);
      return null;
    });
    if (bytes === null) return report;
    report.files.push(await out.write(LISTENERS_FILE, redactBytes(redaction, bytes, LISTENERS_FILE)));
    report.count = report.files.length;
    return report;
  },
};
