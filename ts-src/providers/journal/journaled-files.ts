import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { HttpSysRecord } from "../../core/model.js";
import type { Host, JournaledFile, RunJournal } from "../../platform/ports.js";
import { sha256 } from "./run-journal.js";

/** A journaled host file as it is now, against what the journal says of it. */
export interface FileCheck {
  /** Its journal name (relative to the host). */
  name: string;
  /** Where it is on this host. */
  path: string;
  /** Its backup's journal name (relative to the state folder). */
  backup: string;
  prior: string;
  written: string[];
  /** SHA-256 of its bytes now; null when it is gone. */
  current: string | null;
  /** `prior`: as before the run; `written`: bytes the run wrote; `changed`: neither (someone else changed it). */
  state: "prior" | "written" | "changed";
}

/**
 * Reads each journaled file (only where its journal name may lead: CR1004 otherwise, before anything is read) and
 * says whose bytes it holds. Never writes.
 */
export async function checkJournaledFiles(host: Host, journal: RunJournal): Promise<FileCheck[]> {
  const checks: FileCheck[] = [];
  for (const file of journal.files) {
    const path = await host.state.journaledFile(file.path);
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    const current = bytes === null ? null : sha256(bytes);
    checks.push({ name: file.path, path, backup: file.backup, prior: file.sha256, written: file.written, current, state: stateOf(file, current) });
  }
  return checks;
}

function stateOf(file: JournaledFile, current: string | null): FileCheck["state"] {
  if (current === file.sha256) return "prior";
  if (current !== null && file.written.includes(current)) return "written";
  return "changed";
}

/** A journaled HTTP.sys record (Windows) as it is now, against what the journal says of it. */
export interface RecordCheck {
  endpoint: string;
  /** The record as backed up before the run (what a restore puts back). */
  prior: HttpSysRecord;
  /** The thumbprint the run moved it to. */
  written: string;
  /** Its thumbprint now; null when it is gone. */
  current: string | null;
  state: "prior" | "written" | "changed";
}

/**
 * The records a journal names (Windows: HTTP.sys is not a file), read now and compared by thumbprint with the backup
 * and with what the run wrote. Never writes.
 */
export async function checkJournaledRecords(host: Host, journal: RunJournal): Promise<RecordCheck[]> {
  if (journal.records === null) return [];
  const backup = JSON.parse((await host.state.readJournaledBackup(journal.records.backup, journal.runId)).toString("utf8")) as HttpSysRecord[];
  const now = new Map((await host.httpSys.readRecords()).map((r) => [r.endpoint, r.thumbprint]));
  const checks: RecordCheck[] = [];
  for (const endpoint of journal.records.endpoints) {
    const prior = backup.find((r) => r.endpoint === endpoint);
    if (prior === undefined) continue;
    const written = journal.records.written[endpoint] ?? "";
    const current = now.get(endpoint) ?? null;
    const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toUpperCase() === b.toUpperCase();
    const state = same(current, prior.thumbprint) ? "prior" : same(current, written) ? "written" : "changed";
    checks.push({ endpoint, prior, written, current, state });
  }
  return checks;
}

/** CR1004's message for files changed since the run: both versions, the backup, and what to do. */
export function conflictMessage(host: Host, journal: RunJournal, conflicts: readonly FileCheck[], records: readonly RecordCheck[] = []): string {
  const stateDir = dirname(host.state.journalPath);
  const each = conflicts.map((c) => {
    const now = c.current === null ? "it is gone" : `it now holds bytes with SHA-256 ${c.current}`;
    const wrote = c.written.length === 0 ? "the run had not written it yet" : `the run wrote SHA-256 ${c.written.join(" or ")}`;
    return `${c.path}: ${now}, neither its bytes before the run (SHA-256 ${c.prior}, backed up in ${join(stateDir, ...c.backup.split("/"))}) nor what the run wrote (${wrote})`;
  });
  for (const r of records) {
    const backup = journal.records ? join(stateDir, ...journal.records.backup.split("/")) : "";
    each.push(
      `the HTTP.sys record ${r.endpoint}: ${r.current === null ? "it is gone" : `it now has the certificate ${r.current}`}, neither ${r.prior.thumbprint} ` +
        `as before the run (backed up in ${backup}) nor ${r.written}, which the run set`,
    );
  }
  return (
    `The ${journal.command} run ${journal.runId} (started ${journal.started}) was interrupted, and since then someone changed ` +
    `what it may have changed: ${each.join("; ")}. It was left as it is and nothing was restored. Compare it with the ` +
    `backup, keep the version you want, then delete ${host.state.journalPath}.`
  );
}
