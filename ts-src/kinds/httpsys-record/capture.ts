import type { HttpSysRecord } from "../../core/model.js";
import { printRecordsJson } from "../../platform/formats/httpsys-records-json.js";
import { netshTextOfRecords } from "../../platform/formats/netsh-sslcert-print.js";
import type { CapturePart, PartReport } from "../../providers/capture/capture-part.js";
import { redactBytes } from "../../providers/capture/redaction.js";
import { toolFailure } from "../../providers/capture/tool-failure.js";

/**
 * `httpsys/`: the records in the structured form (`records.json`, every field), and the netsh text for people to
 * read (`sslcert.txt`): the source's own text where it has one, else rendered from the records. A source whose
 * records come from netsh text alone (a snapshot without records.json) has no fields beyond the text's: its
 * sslcert.txt is copied and no records.json is written, so the capture reads exactly as the source does. When netsh
 * fails or cannot be started, the text is rendered from the records, with a warning: nothing reads netsh's text.
 */
export const httpsysPart: CapturePart = {
  name: "httpsys",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "httpsys", count: 0, of: "records", files: [], warnings: [], sslcertText: null };
    const records = (await source.records()).map((record) => redaction.record(record));
    report.count = records.length;
    const structured = records.every((record) => record.settings !== null);
    if (structured) report.files.push(await out.write("httpsys/records.json", printRecordsJson(records.map(asWritten))));
    const text = await source.sslcertText().catch((error: unknown) => {
      const why = toolFailure(error);
      if (why === null) throw error;
      report.warnings.push(`${why}: httpsys/sslcert.txt is not netsh's own text${structured && records.length > 0 ? " but rendered from the records (records.json holds every field)" : ""}.`);
      return null;
    });
    if (text !== null) {
      report.files.push(await out.write("httpsys/sslcert.txt", redactBytes(redaction, text.bytes, "httpsys/sslcert.txt")));
      report.sslcertText = text.origin;
    } else if (structured && records.length > 0) {
      report.files.push(await out.write("httpsys/sslcert.txt", netshTextOfRecords(records)));
      report.sslcertText = "rendered";
    }
    return report;
  },
};

/**
 * The record as records.json holds it: an extended parameter the tool does not carry is written as the format has
 * it (type, name, flags), without the count of its elements the Windows reader keeps to decide what it may write back.
 */
function asWritten(record: HttpSysRecord): HttpSysRecord {
  const settings = record.settings!;
  if (settings.extended === null) return record;
  const extended = settings.extended.map((param) => (param.name === "other" ? { type: param.type, name: param.name, flags: param.flags } : param));
  return { ...record, settings: { ...settings, extended } };
}
