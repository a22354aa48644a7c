import { join } from "node:path";
import { readHostBytes } from "../../platform/files/read-host-file.js";
import type { CapturePart, PartReport } from "../../providers/capture/capture-part.js";
import { redactBytes, redactText } from "../../providers/capture/redaction.js";
import { INSTANCES_FILE } from "./model.js";
import { windowsSqlPort } from "./windows-registry.js";

/**
 * `sqlserver/instances.json` (docs/snapshot-host.md, "SQL Server"): a snapshot host's file copied byte for byte;
 * on Windows the registry's instances written in that form (a failover cluster's name is not part of the form).
 * No instance list (SQL Server not installed): no file. A registry that cannot be read: no file, with a warning.
 */
export const sqlPart: CapturePart = {
  name: "sqlserver",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "sqlserver", count: 0, of: "files", files: [], warnings: [] };
    if (source.root !== null) {
      const bytes = await readHostBytes(join(source.root, ...INSTANCES_FILE.split("/")));
      if (bytes !== null) report.files.push(await out.write(INSTANCES_FILE, redactBytes(redaction, bytes, INSTANCES_FILE)));
    } else if (source.host.windows) {
      const read = await windowsSqlPort(source.host.windows.registry).read();
      report.warnings.push(...(read?.warnings ?? []));
      if (read !== null && (read.instances.length > 0 || read.warnings.length === 0)) {
        const instances = read.instances.map(({ name, id, certificate }) => ({ name, id, certificate }));
        report.files.push(await out.write(INSTANCES_FILE, redactText(redaction, `${JSON.stringify({ instances }, null, 2)}\n`)));
      }
    }
    report.count = report.files.length;
    return report;
  },
};
