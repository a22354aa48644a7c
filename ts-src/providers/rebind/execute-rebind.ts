import { CertRebindError, ExitCode } from "../../core/errors.js";
import { holdToConfirmedPlan, type ConfirmedPlan } from "./confirmed-plan.js";
import type { AnyBindingKind } from "../../kinds/binding-kind.js";
import type { Host } from "../../platform/ports.js";
import { openJournal, type OpenJournal } from "../journal/run-journal.js";
import { describeRecovery, recoverInterruptedRun } from "../journal/recover-interrupted-run.js";
import { applyPlan, servicesToRestart } from "./apply-plan.js";
import { byKind, sharedWrites, type KindChanges } from "./kind-changes.js";
import { kindInventory, readHost, type HostReading } from "../read-inventory.js";
import { auditIdentity, newRunId } from "../../platform/audit-identity.js";
import { DEFAULT_KEEP_BACKUPS } from "./keep-backups.js";
import { environmentError } from "../../platform/files/environment-error.js";
import { interrupts, InterruptedError } from "../../platform/interrupts.js";
import { outcome, type PlannedRun, type RebindOutcome } from "./rebind-outcome.js";
import { rebindAuditRecord } from "./rebind-audit-record.js";

/**
 * How long `--restart-services` waits for each service to run again (docs/cli-contract.md). SQL Server recovers its
 * databases before it reports running, which takes a while on a large instance.
 */
export const SERVICE_RESTART_TIMEOUT_MS = 120_000;

export interface RunOptions {
  dryRun: boolean;
  waitMs: number;
  trigger: string;
  now: Date;
  /** A dry run may plan on what the caller has read already (a real run reads again, under the lock). */
  reading?: HostReading;
  /** The backups of how many runs to keep, this one's included (default DEFAULT_KEEP_BACKUPS). */
  keepBackups?: number;
  /** `--plan`: the changes the user confirmed; the run applies those only (core/rebind/confirmed-plan.ts). */
  confirmed?: ConfirmedPlan;
  /**
   * `--restart-services`: after everything applied and read back, restart each service whose changes need it
   * (`restartRequired`) and wait for it to run (SERVICE_RESTART_TIMEOUT_MS); one that does not fails the run (CR4013).
   */
  restartServices?: boolean;
  /** The binding kinds to read and change (default: every registered kind, kinds/registry.ts). */
  kinds?: readonly AnyBindingKind[];
}


/**
 * The steps every rebind shares: a dry run reads and plans; a real run takes the lock, first undoes any run it
 * finds interrupted, reads and plans once under the lock, checks the files may change, journals the prior state,
 * applies, reads back, rolls back on failure, audits whatever happened from the journal on, and closes the journal.
 */
export async function executeRebind(host: Host, options: RunOptions, planOnly: (reading: HostReading) => PlannedRun): Promise<RebindOutcome> {
  const runId = newRunId(options.now);
  const planRun = options.confirmed ? heldTo(options.confirmed, planOnly) : planOnly;
  if (options.dryRun) {
    const reading = options.reading ?? (await readHost(host, options.kinds));
    return outcome(runId, options, await assessed(reading, planRun(reading)), null, null);
  }
  // From here a signal stops the run at its next checkpoint, never between a change and its undoing.
  return interrupts.defer(() => executeUnderLock(host, options, planRun, runId));
}

async function executeUnderLock(host: Host, options: RunOptions, planRun: (reading: HostReading) => PlannedRun, runId: string): Promise<RebindOutcome> {
  // Who runs is known before the lock: a user the audit cannot name stops the run before anything changes.
  const identity = auditIdentity();
  const lock = await host.state.acquireLock(options.waitMs, runId);
  try {
    const recovery = await recoverInterruptedRun(host, "rebind", options.kinds);
    // Read and plan once, under the lock. Bad host files and read-only files stop the run here, before
    // anything changes: such a run is not audited, and leaves the host as it was.
    const reading = await readHost(host, options.kinds);
    const run = await assessed(reading, planRun(reading));
    if (recovery) run.warnings.unshift(describeRecovery(recovery));
    const planned = run.plan.changes.filter((c) => c.view.status === "planned");
    const groups = byKind(reading.kinds.map((k) => k.kind), planned);
    const files = await filesToChange(reading, groups);
    if (options.restartServices && servicesToRestart(planned).length > 0) files.push(...host.services.restartWrites);
    const notWritable = await host.state.checkWritable(files);
    if (notWritable) throw new CertRebindError("CR4004", notWritable, ExitCode.Environment, null);

    let result: RebindOutcome | null = null;
    let stoppedBy: CertRebindError | null = null;
    let journal: OpenJournal | null = null;
    let restoreFailed = false;
    try {
      interrupts.checkpoint();
      if (planned.length > 0) journal = await openJournalBeforeChanges(host, runId, options, reading, groups, files);
      const restart = options.restartServices ? { services: host.services, timeoutMs: SERVICE_RESTART_TIMEOUT_MS } : null;
      const applied = await applyPlan(host, run.plan.changes, journal ?? { markDone: async () => {} }, reading.kinds.map((k) => k.kind), restart).finally(() =>
        journal?.stopAnnouncing(),
      );
      restoreFailed = applied.failure?.restoreError != null;
      result = outcome(runId, options, run, journal?.backupDir ?? null, applied.failure);
      if (recovery) result.data.recovery = recovery;
    } catch (error) {
      // Before the first change (the journal could not be written, or a signal came): nothing to undo.
      if (error instanceof InterruptedError) {
        result = outcome(runId, options, run, null, { message: error.message, error, restored: true, restoreError: null });
        for (const change of planned) Object.assign(change.view, { status: "rolled-back", code: "CR1001", reason: `Not made: the run was ${error.message} before its first change.` });
      } else {
        stoppedBy = environmentError(error, host.state.journalPath, " Nothing was changed.") ?? (error instanceof CertRebindError ? error : null);
        throw stoppedBy ?? error;
      }
    } finally {
      const audit = await host.state.appendAudit(rebindAuditRecord(runId, options, identity, run, result, stoppedBy));
      if (result) {
        result.data.audit = audit.written === false ? null : audit.path;
        if (audit.warning) result.warnings.push(audit.warning);
      }
    }
    // A run whose rollback failed keeps its journal: the next command tries the restore again.
    if (journal && !restoreFailed) await closeFinishedRun(host, journal, result, options, runId);
    sayHowInterruptedRunEnded(result);
    return result;
  } finally {
    await lock.release().catch(() => undefined);
  }
}
/** The journal of a finished run removed, and the backups of older runs pruned; what fails is a warning. */
async function closeFinishedRun(host: Host, journal: OpenJournal, result: RebindOutcome, options: RunOptions, runId: string): Promise<void> {
  await journal.close().catch((error: unknown) => {
    result.warnings.push(`The journal ${host.state.journalPath} of the finished run could not be removed (${(error as Error).message}); the next command closes it.`);
  });
  result.data.prunedBackups = await host.state.pruneBackups(options.keepBackups ?? DEFAULT_KEEP_BACKUPS, runId).catch((error: Error) => {
    result.warnings.push(`Older backups could not be removed: ${error.message}`);
    return [];
  });
}

/**
 * The plan, with what each kind must ask the host about its planned changes (key access, …), in dry runs too; and
 * what a kind could not read (RDP listeners PowerShell could not read, an entry it left out), as `bindings` says it:
 * a binding the run cannot see is one it does not move, and the run must say so rather than report all moved.
 */
async function assessed(reading: HostReading, run: PlannedRun): Promise<PlannedRun> {
  const planned = run.plan.changes.filter((c) => c.view.status === "planned");
  for (const { kind, changes } of byKind(reading.kinds.map((k) => k.kind), planned)) await kind.assess?.(reading.context, changes);
  const unread = reading.kinds.flatMap((kind) => kindInventory(kind).warnings);
  run.warnings.unshift(...unread.filter((w) => !run.warnings.includes(w)));
  return run;
}

/** The plan, kept to the changes the user confirmed: the others are skipped or refused (CR3011). */
function heldTo(confirmed: ConfirmedPlan, planOnly: (reading: HostReading) => PlannedRun): (reading: HostReading) => PlannedRun {
  return (reading) => {
    const run = planOnly(reading);
    run.errors.push(...holdToConfirmedPlan(run.plan, confirmed));
    run.audit["confirmedPlan"] = { approved: confirmed.approved.length, declined: confirmed.declined.length };
    return run;
  };
}

/**
 * Opens the journal: the host files the changes may rewrite, the backup of each kind's state that is not a file, and
 * the steps (each kind's, then each shared file's). When that fails nothing has changed yet, and a journal half
 * written is removed.
 */
async function openJournalBeforeChanges(
  host: Host,
  runId: string,
  options: RunOptions,
  reading: HostReading,
  groups: readonly KindChanges[],
  files: string[],
): Promise<OpenJournal> {
  try {
    const states = [];
    for (const { kind, changes } of groups) {
      const backup = await kind.journal?.backup(reading.context, changes);
      if (backup) states.push({ kind: kind.name, legacyField: kind.journal!.legacyField ?? null, backup });
    }
    return await openJournal(host, {
      runId,
      command: "rebind",
      trigger: options.trigger,
      files,
      states,
      steps: [...groups.flatMap(({ kind }) => (kind.journal ? [kind.journal.step] : [])), ...sharedWrites(groups).map((w) => w.file.journalStep)],
    });
  } catch (error) {
    await host.state.removeJournal().catch(() => undefined);
    throw error;
  }
}

/** On stderr, what became of a run a signal came to: undone, or complete and kept. */
function sayHowInterruptedRunEnded(result: RebindOutcome): void {
  const signal = interrupts.received;
  if (signal === null) return;
  const undone = result.errors.some((e) => e.code === "CR1001" || e.code === "CR4009");
  interrupts.report(
    undone
      ? `${signal}: the run stopped and everything it had changed was restored (exit code ${result.exitCode}); see the audit record of run ${result.data.runId}.`
      : `${signal} came after the change was complete and verified: it was kept (exit code ${result.exitCode}); see the audit record of run ${result.data.runId}.`,
  );
}

/** The host files the planned changes rewrite: each kind's own (a snapshot's records file), then the shared files they edit. */
async function filesToChange(reading: HostReading, groups: readonly KindChanges[]): Promise<string[]> {
  const files: string[] = [];
  for (const { kind, changes } of groups) files.push(...((await kind.journal?.files(reading.context, changes)) ?? []));
  for (const write of sharedWrites(groups)) {
    const path = await write.file.path(reading.context);
    if (path !== null) files.push(path);
  }
  return files;
}
