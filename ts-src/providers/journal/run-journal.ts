import { basename, dirname } from "node:path";
import { createHash } from "node:crypto";
import type { StateBackup } from "../../kinds/binding-kind.js";
import type { Host, JournaledFile, JournaledState, RunJournal } from "../../platform/ports.js";

/** A kind's step (`httpsys`), a shared file's (`config`), or the last one, `verified`. */
export type JournalStep = string;

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
  /**
   * The state of each kind that is not a host file (Windows: HTTP.sys, the registry, CIM): its backup and what the
   * run writes. A kind with a `legacyField` keeps its entry there, as journals of version 2 always did (`records`).
   */
  states: readonly { kind: string; legacyField: "records" | null; backup: StateBackup }[];
  /** The steps before `verified`, in order. */
  steps: readonly string[];
}

/**
 * Backs up the prior state of everything the run may change, then writes the journal that names those backups,
 * all flushed to disk before the first change (docs/snapshot-host.md, "The journal").
 */
export async function openJournal(host: Host, start: JournalStart): Promise<OpenJournal> {
  let records: RunJournal["records"] = null;
  const states: JournaledState[] = [];
  let firstBackup: string | undefined;
  for (const { kind, legacyField, backup } of start.states) {
    const path = await host.state.writeBackup(start.runId, backup.name, backup.content);
    firstBackup ??= path;
    const entry = { backup: host.state.backupName(path), endpoints: Object.keys(backup.written), written: { ...backup.written } };
    if (legacyField === "records") records = entry;
    else states.push({ kind, ...entry });
  }
  const files: JournaledFile[] = [];
  /** Each file by where it is on this host. */
  const journaled = new Map<string, JournaledFile>();
  // A file two kinds list (HTTP.sys's records: their own, and those WinRM's listeners move) is journaled once: its
  // backup and the hashes of every version the run writes are one entry, whichever kind writes it.
  const backupNames = new Set(start.states.map((s) => s.backup.name.toLowerCase()));
  for (const path of new Set(start.files)) {
    const { backup, sha256 } = await host.state.backUpFile(start.runId, uniqueBackupName(path, backupNames), path);
    firstBackup ??= backup;
    const file: JournaledFile = { path: await host.state.journalName(path), backup: host.state.backupName(backup), sha256, written: [] };
    files.push(file);
    journaled.set(path, file);
  }
  if (firstBackup === undefined) throw new Error("a run with nothing to change has no journal");
  const journal: RunJournal = {
    // Version 3 when a kind other than HTTP.sys journals state that is not a file: an earlier certrebind, which
    // would not restore it, refuses such a journal (CR1004) instead of recovering only part of the run.
    journalVersion: states.length > 0 ? 3 : 2,
    runId: start.runId,
    command: start.command,
    trigger: start.trigger,
    pid: process.pid,
    started: new Date().toISOString(),
    files,
    records,
    ...(states.length > 0 ? { states } : {}),
    steps: [...start.steps, "verified"].map((name) => ({ name, done: false })),
  };
  await host.state.writeJournal(journal);
  journalEachWrite(host, journal, journaled);
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

/**
 * From here on, every write of a host file is journaled before it begins: recovery then knows the bytes this run
 * wrote from anyone else's, and puts back only its own.
 */
function journalEachWrite(host: Host, journal: RunJournal, journaled: ReadonlyMap<string, JournaledFile>): void {
  host.state.announceWrites(async (path, bytes) => {
    const file = journaled.get(path);
    if (file === undefined) throw new Error(`${path} was not journaled before the run; it is not written`);
    const hash = sha256(bytes);
    if (hash === file.sha256 || file.written.includes(hash)) return;
    file.written.push(hash);
    await host.state.writeJournal(journal);
  });
}

/**
 * The file's name in the run's backup folder: its own name, or, when another file of the run has it
 * (`rdp/listeners.json`, `winrm/listeners.json`), its folder's name before it (`winrm-listeners.json`), then a number.
 */
function uniqueBackupName(path: string, taken: Set<string>): string {
  const candidates = [basename(path), `${basename(dirname(path))}-${basename(path)}`];
  let name = candidates.find((c) => !taken.has(c.toLowerCase()));
  for (let n = 2; name === undefined; n++) if (!taken.has(`${n}-${candidates[1]}`.toLowerCase())) name = `${n}-${candidates[1]}`;
  taken.add(name.toLowerCase());
  return name;
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
