import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { createHash } from "node:crypto";
import type { HttpSysRecord } from "../../core/model.js";
import type { Host, RunJournal } from "../../platform/ports.js";

export type JournalStep = "httpsys" | "config" | "verified";

/** The journal of one applying run, open from before its first change until its audit record is written. */
export interface OpenJournal {
  /** The folder of this run's backups. */
  readonly backupDir: string;
  markDone(step: JournalStep): Promise<void>;
  close(): Promise<void>;
}

export interface JournalStart {
  runId: string;
  command: string;
  trigger: string;
  /** Host files the run may change. */
  files: readonly string[];
  /** Every HTTP.sys record as read (backed up whole), and the endpoints the run changes. */
  records: readonly HttpSysRecord[];
  recordTargets: readonly string[];
  steps: readonly Exclude<JournalStep, "verified">[];
}

/**
 * Backs up the prior state of everything the run may change, then writes the journal that names those backups,
 * all flushed to disk before the first change (docs/snapshot-host.md, "The journal").
 */
export async function openJournal(host: Host, start: JournalStart): Promise<OpenJournal> {
  // A snapshot host's records are a file, backed up and restored byte for byte with the other files; on Windows
  // they are written back through the HTTP Server API from the settings backed up here, every field.
  const recordsBackup =
    host.httpSys.filePath || start.recordTargets.length === 0
      ? null
      : await host.state.writeBackup(start.runId, "httpsys-records.json", JSON.stringify(start.records));
  const files: RunJournal["files"] = [];
  for (const path of start.files) {
    const bytes = await readFile(path);
    files.push({ path, backup: await host.state.writeBackup(start.runId, basename(path), bytes), sha256: sha256(bytes) });
  }
  const firstBackup = recordsBackup ?? files[0]?.backup;
  if (firstBackup === undefined) throw new Error("a run with nothing to change has no journal");
  const journal: RunJournal = {
    journalVersion: 1,
    runId: start.runId,
    command: start.command,
    trigger: start.trigger,
    pid: process.pid,
    started: new Date().toISOString(),
    files,
    records: recordsBackup === null ? null : { backup: recordsBackup, endpoints: [...start.recordTargets] },
    steps: [...start.steps, "verified"].map((name) => ({ name, done: false })),
  };
  await host.state.writeJournal(journal);
  return {
    backupDir: dirname(firstBackup),
    async markDone(step) {
      journal.steps = journal.steps.map((s) => (s.name === step ? { ...s, done: true } : s));
      await host.state.writeJournal(journal);
    },
    close: () => host.state.removeJournal(),
  };
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
