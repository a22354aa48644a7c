import { readFile } from "node:fs/promises";
import { CertRebindError, unrecoverableRun } from "../../core/errors.js";
import type { HttpSysRecord } from "../../core/model.js";
import type { Host, RunJournal } from "../../platform/ports.js";
import { auditIdentity } from "../audit-identity.js";
import { interrupts } from "../../platform/interrupts.js";
import { environmentError } from "../../platform/files/environment-error.js";
import { sha256 } from "./run-journal.js";

/** What a command did about a run it found interrupted; reported in its output and in an audit record. */
export interface Recovery {
  runId: string;
  command: string;
  started: string;
  /** `restored`: the prior state was put back; `closed`: every step had been done, so nothing was undone. */
  action: "restored" | "closed";
  /** The files and HTTP.sys endpoints put back. */
  restored: string[];
  /** Temporary files of writes the kill cut short, removed. */
  removed: string[];
  audit: string;
}

/**
 * Before a command does its own work: when a run left its journal (it was killed, or the machine stopped), takes
 * the lock and finishes that run's business. When the lock is held, the run is alive and nothing is done here.
 */
export async function recoverBeforeCommand(host: Host, command: string): Promise<Recovery | null> {
  if ((await host.state.readJournal()) === null) return null;
  let lock: { release(): Promise<void> };
  try {
    lock = await host.state.acquireLock(0);
  } catch (error) {
    if (error instanceof CertRebindError && error.code === "CR4003") return null;
    throw error;
  }
  try {
    // A signal now would leave the recovery half done: it is finished first.
    return await interrupts.defer(() => recoverInterruptedRun(host, command));
  } finally {
    await lock.release();
  }
}

/**
 * Under the lock: undoes an interrupted run (every file back to its journaled bytes, HTTP.sys records back to their
 * journaled settings), or closes its journal when every step was done; audits it. CR1004 when that fails: the
 * journal stays, and nothing else is done.
 */
export async function recoverInterruptedRun(host: Host, command: string): Promise<Recovery | null> {
  const journal = await host.state.readJournal();
  if (journal === null) return null;
  const identity = auditIdentity();
  const finished = journal.steps.every((s) => s.done);
  let restored: string[] = [];
  const removed: string[] = [];
  try {
    if (!finished) restored = await restorePriorState(host, journal);
    for (const file of journal.files) removed.push(...(await host.state.removeLeftovers(file.path)));
  } catch (error) {
    if (error instanceof CertRebindError && error.code === "CR1004") throw error;
    // Disk full, I/O error, permission: every file is whole (old or new) and the journal stays, so the next command
    // finishes the recovery once the cause is fixed; nothing needs restoring by hand.
    const environment = environmentError(error, host.state.journalPath, ` The interrupted run ${journal.runId} could not be undone yet; its journal stays, and the next command finishes undoing it.`);
    throw environment ?? unrecoverableRun(host.state.journalPath, (error as Error).message);
  }
  const action = finished ? "closed" : "restored";
  const { path } = await host.state.appendAudit({
    time: new Date().toISOString(),
    runId: journal.runId,
    command: "recover",
    trigger: command,
    ...identity,
    exitCode: 0,
    interrupted: { command: journal.command, trigger: journal.trigger, pid: journal.pid, started: journal.started },
    action,
    restored,
    steps: journal.steps,
  });
  await host.state.removeJournal();
  return { runId: journal.runId, command: journal.command, started: journal.started, action, restored, removed, audit: path };
}

/** One sentence for the command's warnings. */
export function describeRecovery(recovery: Recovery): string {
  const what =
    recovery.action === "restored"
      ? `restored what it had changed (${recovery.restored.length ? recovery.restored.join(", ") : "nothing had changed yet"})`
      : "every step of it had been done: its journal was closed";
  return `The ${recovery.command} run ${recovery.runId} (started ${recovery.started}) was interrupted; ${what}. See the audit record in ${recovery.audit}.`;
}

async function restorePriorState(host: Host, journal: RunJournal): Promise<string[]> {
  const restored: string[] = [];
  for (const file of [...journal.files].reverse()) {
    const current = await readFile(file.path).catch(() => null);
    if (current !== null && sha256(current) === file.sha256) continue;
    const backup = await readFile(file.backup);
    if (sha256(backup) !== file.sha256) throw new Error(`the backup ${file.backup} is not the file it was (its SHA-256 differs)`);
    await host.state.restoreFile(file.path, backup);
    restored.push(file.path);
  }
  if (journal.records) {
    const all = JSON.parse(await readFile(journal.records.backup, "utf8")) as HttpSysRecord[];
    const targets = new Set(journal.records.endpoints);
    const records = all.filter((r) => targets.has(r.endpoint));
    await host.httpSys.restoreRecords(records);
    restored.push(...records.map((r) => r.endpoint));
  }
  return restored;
}
