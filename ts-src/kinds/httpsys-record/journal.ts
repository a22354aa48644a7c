import type { HttpSysRecord } from "../../core/model.js";
import type { KindJournal, StateCheck } from "../binding-kind.js";
import type { RecordTarget } from "./model.js";
import { readHttpSysRecords } from "../common/host-reads.js";

/**
 * A snapshot host's records are a file (records.json or sslcert.txt), backed up, journaled and restored byte for byte
 * with the other host files. On Windows HTTP.sys is not a file: every record as read is backed up (its settings, every
 * field) and written back through the HTTP Server API; recovery puts back only the records that still hold the
 * certificate the run set.
 */
export const recordJournal: KindJournal<RecordTarget> = {
  step: "httpsys",
  legacyField: "records",
  async files(context) {
    return [...context.host.httpSys.recordFiles];
  },
  async backup(context, changes) {
    if (context.host.httpSys.recordFiles.length > 0) return null;
    return {
      name: "httpsys-records.json",
      content: JSON.stringify(await readHttpSysRecords(context)),
      written: Object.fromEntries(changes.map((c) => [c.view.endpoint, c.view.to])),
    };
  },
  async check(context, backup, written) {
    // The first record of each endpoint, found by it: a large server's run checks thousands of records against tens
    // of thousands backed up.
    const prior = new Map<string, HttpSysRecord>();
    for (const record of JSON.parse(backup) as HttpSysRecord[]) if (!prior.has(record.endpoint)) prior.set(record.endpoint, record);
    const now = new Map((await context.host.httpSys.readRecords()).map((r) => [r.endpoint, r.thumbprint]));
    const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toUpperCase() === b.toUpperCase();
    const checks: StateCheck[] = [];
    for (const [endpoint, wrote] of Object.entries(written)) {
      const before = prior.get(endpoint);
      if (before === undefined) continue;
      const current = now.get(endpoint) ?? null;
      const state = same(current, before.thumbprint) ? "prior" : same(current, wrote) ? "written" : "changed";
      checks.push({ endpoint, prior: before.thumbprint, written: wrote, current, state, what: `the HTTP.sys record ${endpoint}` });
    }
    return checks;
  },
  async restore(context, backup, endpoints) {
    const restored = new Set(endpoints);
    const records = (JSON.parse(backup) as HttpSysRecord[]).filter((r) => restored.has(r.endpoint));
    if (records.length > 0) await context.host.httpSys.restoreRecords(records);
    return records.map((r) => r.endpoint);
  },
};
