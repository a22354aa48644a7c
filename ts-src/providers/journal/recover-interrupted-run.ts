import { CertRebindError, ExitCode, unrecoverableRun, withScope } from "../../core/errors.js";
import type { AnyBindingKind } from "../../kinds/binding-kind.js";
import { BINDING_KINDS } from "../../kinds/registry.js";
import type { Host, RunJournal } from "../../platform/ports.js";
import { auditIdentity } from "../../platform/audit-identity.js";
import { auditRecord } from "../../platform/audit-record.js";
import { checkJournaledFiles, checkJournaledStates, conflictMessage, restoreJournaledStates, type FileCheck, type StateCheckOf } from "./journaled-files.js";
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
 * Before a command that changes the host does its own work: when a run left its journal (it was killed, or the
 * machine stopped), takes the lock and finishes that run's business. When the lock is held, the run is alive and
 * nothing is done here. Commands that only read never call this (pending-run.ts describes the journal instead).
 */
export async function recoverBeforeCommand(host: Host, command: string, kinds: readonly AnyBindingKind[] = BINDING_KINDS): Promise<Recovery | null> {
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
    return await interrupts.defer(() => recoverInterruptedRun(host, command, kinds));
  } finally {
    await lock.release();
  }
}

/**
 * Under the lock: undoes an interrupted run, or closes its journal when every step was done; audits it. A file is
 * put back only when it still holds bytes the run wrote (one that holds its prior bytes needs nothing); a file
 * someone changed since is left as it is, and then nothing is restored: CR1004 naming both versions and the
 * backup, audited, and the journal stays. State that is not a file (Windows: HTTP.sys records, …) is put back by its
 * kind from its journaled backup, endpoint by endpoint, on the same rule.
 */
export async function recoverInterruptedRun(host: Host, command: string, kinds: readonly AnyBindingKind[] = BINDING_KINDS): Promise<Recovery | null> {
  const journal = await host.state.readJournal();
  if (journal === null) return null;
  const identity = auditIdentity();
  const finished = journal.steps.every((s) => s.done);
  const checks = await checkJournaledFiles(host, journal);
  const recordChecks = finished ? [] : await checkJournaledStates(host, journal, kinds);
  const conflicts = checks.filter((c) => c.state === "changed");
  const recordConflicts = recordChecks.filter((c) => c.state === "changed");
  if (!finished && conflicts.length + recordConflicts.length > 0) {
    const message = conflictMessage(host, journal, conflicts, recordConflicts);
    const target = conflicts[0]?.path ?? recordConflicts[0]!.endpoint;
    await host.state.appendAudit({
      ...recoveryAudit(journal, command, 1, identity),
      action: "refused",
      conflicts: [
        ...conflicts.map(({ name, backup, prior, written, current }) => ({ path: name, backup, sha256Before: prior, sha256Written: written, sha256Now: current })),
        ...recordConflicts.map(({ endpoint, prior, written, current }) => ({ endpoint, thumbprintBefore: prior, thumbprintWritten: written, thumbprintNow: current })),
      ],
      errors: [withScope({ code: "CR1004", message, target })],
    });
    throw new CertRebindError("CR1004", message, ExitCode.Failed, target);
  }
  let restored: string[] = [];
  const removed: string[] = [];
  try {
    if (!finished) restored = await restorePriorState(host, journal, checks, recordChecks);
    for (const file of checks) removed.push(...(await host.state.removeLeftovers(file.path)));
  } catch (error) {
    if (error instanceof CertRebindError && error.code === "CR1004") throw error;
    // Disk full, I/O error, permission: every file is whole (old or new) and the journal stays, so the next command
    // finishes the recovery once the cause is fixed; nothing needs restoring by hand.
    const environment = environmentError(error, host.state.journalPath, ` The interrupted run ${journal.runId} could not be undone yet; its journal stays, and the next command finishes undoing it.`);
    throw environment ?? unrecoverableRun(host.state.journalPath, (error as Error).message);
  }
  const action = finished ? "closed" : "restored";
  const { path } = await host.state.appendAudit({ ...recoveryAudit(journal, command, 0, identity), action, restored, steps: journal.steps });
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

function recoveryAudit(journal: RunJournal, command: string, exitCode: number, identity: ReturnType<typeof auditIdentity>) {
  return auditRecord({ runId: journal.runId, command: "recover", trigger: command, exitCode, identity }, {
    interrupted: { command: journal.command, trigger: journal.trigger, pid: journal.pid, started: journal.started },
  });
}

async function restorePriorState(host: Host, journal: RunJournal, checks: readonly FileCheck[], stateChecks: readonly StateCheckOf[]): Promise<string[]> {
  const restored: string[] = [];
  for (const file of [...checks].reverse()) {
    if (file.state !== "written") continue;
    const backup = await host.state.readJournaledBackup(file.backup, journal.runId);
    if (sha256(backup) !== file.prior) throw new Error(`the backup ${file.backup} is not the file it was (its SHA-256 differs)`);
    await host.state.restoreFile(file.path, backup);
    restored.push(file.path);
  }
  // State that is not a file (Windows: HTTP.sys records, …): only endpoints that still hold what the run set are put back.
  restored.push(...(await restoreJournaledStates(host, journal, stateChecks)));
  return restored;
}
