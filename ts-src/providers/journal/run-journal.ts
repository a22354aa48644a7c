import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { createHash } from "node:crypto";
import type { HttpSysRecord } from "../../core/model.js";
import type { Host, JournaledFile, RunJournal } from "../../platform/ports.js";

export type JournalStep = "httpsys" | "config" | "verified";

/** The journal of one applying run, open from before its first change until its audit record is written. */
export interface OpenJournal {
  /** The folder of this run's backups. */
  readonly backupDir: string;
  markDone(step: JournalStep): Promise<void>;
  close(): Promise<void>;
  /** Stops journaling host writes, leaving the journal open (a run whose rollback failed keeps it). */
  stopAnnouncing(): void;
}

export interface JournalStart {
  runId: string;
  command: string;
  trigger: string;
  /** Host files the run may change. */
  files: readonly string[];
  /** Every HTTP.sys record as read (backed up whole), and the endpoints the run changes. */
  records: readonly HttpSysRecord[];
  /** The endpoints the run changes, each with the thumbprint it moves it to. */
  recordTargets: readonly { endpoint: string; thumbprint: string }[];
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
  const files: JournaledFile[] = [];
  /** Each file by where it is on this host. */
  const journaled = new Map<string, JournaledFile>();
  let firstBackup = recordsBackup ?? undefined;
  for (const path of start.files) {
    const bytes = await readFile(path);
    const backup = await host.state.writeBackup(start.runId, basename(path), bytes);
    firstBackup ??= backup;
    const file: JournaledFile = { path: await host.state.journalName(path), backup: host.state.backupName(backup), sha256: sha256(bytes), written: [] };
    files.push(file);
    journaled.set(path, file);
  }
  if (firstBackup === undefined) throw new Error("a run with nothing to change has no journal");
  const journal: RunJournal = {
    journalVersion: 2,
    runId: start.runId,
    command: start.command,
    trigger: start.trigger,
    pid: process.pid,
    started: new Date().toISOString(),
    files,
    records:
      recordsBackup === null
        ? null
        : {
            backup: host.state.backupName(recordsBackup),
            endpoints: start.recordTargets.map((t) => t.endpoint),
            written: Object.fromEntries(start.recordTargets.map((t) => [t.endpoint, t.thumbprint])),
          },
    steps: [...start.steps, "verified"].map((name) => ({ name, done: false })),
  };
  await host.state.writeJournal(journal);
  // From here on, every write of a host file is journaled before it begins: recovery then knows the bytes this run
  // wrote from anyone else's, and puts back only its own.
  host.state.announceWrites(async (path, bytes) => {
    const file = journaled.get(path);
    if (file === undefined) throw new Error(`${path} was not journaled before the run; it is not written`);
    const hash = sha256(bytes);
    if (hash === file.sha256 || file.written.includes(hash)) return;
    file.written.push(hash);
    await host.state.writeJournal(journal);
  });
  return {
    backupDir: dirname(firstBackup),
    async markDone(step) {
      journal.steps = journal.steps.map((s) => (s.name === step ? { ...s, done: true } : s));
      await host.state.writeJournal(journal);
    },
    async close() {
      host.state.announceWrites(null);
      await host.state.removeJournal();
    },
    stopAnnouncing: () => host.state.announceWrites(null),
  };
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
