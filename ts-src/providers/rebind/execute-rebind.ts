import type { EnvelopeError } from "../../core/errors.js";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { ChangeView, PlannedChange, RebindPlan } from "../../core/rebind/plan.js";
import type { Host } from "../../platform/ports.js";
import { openJournal, type OpenJournal } from "../journal/run-journal.js";
import { describeRecovery, recoverInterruptedRun } from "../journal/recover-interrupted-run.js";
import { applyPlan } from "./apply-plan.js";
import { readHost, type HostReading } from "../read-inventory.js";
import { auditIdentity, newRunId } from "../audit-identity.js";

export interface RunOptions {
  dryRun: boolean;
  waitMs: number;
  trigger: string;
  now: Date;
  /** A dry run may plan on what the caller has read already (a real run reads again, under the lock). */
  reading?: HostReading;
}

/** A plan of one kind of rebind (one pair, or the successor scan) and what it adds to the data and the audit. */
export interface PlannedRun {
  plan: RebindPlan;
  data: Record<string, unknown>;
  errors: EnvelopeError[];
  warnings: string[];
  audit: Record<string, unknown>;
}

export interface RebindOutcome {
  data: RebindData;
  exitCode: number;
  errors: EnvelopeError[];
  warnings: string[];
}

export type RebindData = Record<string, unknown> & {
  runId: string;
  dryRun: boolean;
  changes: ChangeView[];
  informational: RebindPlan["informational"];
  changed: number;
  backup: string | null;
  audit: string | null;
};

/**
 * The steps every rebind shares: a dry run reads and plans; a real run takes the lock, first undoes any run it
 * finds interrupted, reads and plans once under the lock, checks the files may change, journals the prior state,
 * applies, reads back, rolls back on failure, audits whatever happened from the journal on, and closes the journal.
 */
export async function executeRebind(host: Host, options: RunOptions, planRun: (reading: HostReading) => PlannedRun): Promise<RebindOutcome> {
  const runId = newRunId(options.now);
  if (options.dryRun) return outcome(runId, options, planRun(options.reading ?? (await readHost(host))), null, null);

  const lock = await host.state.acquireLock(options.waitMs);
  try {
    const recovery = await recoverInterruptedRun(host, "rebind");
    // Read and plan once, under the lock. Bad host files and read-only files stop the run here, before
    // anything changes: such a run is not audited, and leaves the host as it was.
    const reading = await readHost(host);
    const run = planRun(reading);
    if (recovery) run.warnings.unshift(describeRecovery(recovery));
    const planned = run.plan.changes.filter((c) => c.view.status === "planned");
    const files = filesToChange(host, planned, reading.config?.path ?? null);
    const notWritable = await host.state.checkWritable(files);
    if (notWritable) throw new CertRebindError("CR4004", notWritable, ExitCode.Environment, null);

    let result: RebindOutcome | null = null;
    let journal: OpenJournal | null = null;
    let restoreFailed = false;
    try {
      if (planned.length > 0) {
        journal = await openJournal(host, {
          runId,
          command: "rebind",
          trigger: options.trigger,
          files,
          records: reading.records,
          recordTargets: planned.filter((c) => c.target.type === "record").map((c) => c.view.endpoint),
          steps: [
            ...(planned.some((c) => c.target.type === "record") ? ["httpsys" as const] : []),
            ...(planned.some((c) => c.target.type === "ftp") ? ["config" as const] : []),
          ],
        });
      }
      const applied = await applyPlan(host, run.plan.changes, journal ?? { markDone: async () => {} });
      restoreFailed = applied.failure?.restoreError != null;
      result = outcome(runId, options, run, journal?.backupDir ?? null, applied.failure);
      if (recovery) result.data.recovery = recovery;
    } finally {
      const audit = await host.state.appendAudit(auditRecord(runId, options, run, result));
      if (result) {
        result.data.audit = audit.path;
        if (audit.warning) result.warnings.push(audit.warning);
      }
    }
    // A run whose rollback failed keeps its journal: the next command tries the restore again.
    if (journal && !restoreFailed) await journal.close();
    return result;
  } finally {
    await lock.release();
  }
}

/** The host files the planned changes rewrite: a snapshot's records file (records.json or sslcert.txt), and the configuration file it read. */
function filesToChange(host: Host, planned: readonly PlannedChange[], configPath: string | null): string[] {
  const files: string[] = [];
  if (host.httpSys.filePath && planned.some((c) => c.target.type === "record")) files.push(host.httpSys.filePath);
  if (configPath && planned.some((c) => c.target.type === "ftp")) files.push(configPath);
  return files;
}

function outcome(
  runId: string,
  options: RunOptions,
  run: PlannedRun,
  backup: string | null,
  failure: { message: string; restored: boolean; restoreError: string | null } | null,
): RebindOutcome {
  const changes = run.plan.changes.map((c) => c.view);
  const errors: EnvelopeError[] = [
    ...run.errors,
    ...changes.filter((c) => c.status === "refused" || c.status === "failed").map((c) => ({ code: c.code!, message: c.reason!, target: c.endpoint })),
  ];
  if (failure) {
    errors.push(
      failure.restored
        ? { code: "CR1001", message: `The rebind failed and everything it had changed was restored: ${failure.message}.`, target: null }
        : { code: "CR1002", message: `The rebind failed and restoring failed too (${failure.restoreError}). Restore by hand from the backup in ${backup ?? "(no backup)"}.`, target: backup },
    );
  }
  const exitCode = failure ? ExitCode.Failed : errors.length > 0 ? ExitCode.Partial : ExitCode.Ok;
  return {
    data: {
      runId,
      dryRun: options.dryRun,
      ...run.data,
      changes,
      informational: run.plan.informational,
      changed: changes.filter((c) => c.status === "applied").length,
      backup,
      audit: null,
    },
    exitCode,
    errors,
    warnings: [...run.warnings],
  };
}

function auditRecord(runId: string, options: RunOptions, run: PlannedRun, result: RebindOutcome | null) {
  return {
    time: new Date().toISOString(),
    runId,
    command: "rebind",
    trigger: options.trigger,
    ...auditIdentity(),
    exitCode: result?.exitCode ?? ExitCode.Failed,
    ...run.audit,
    changes: result?.data.changes.map(({ kind, endpoint, from, to, status, code }) => ({ kind, endpoint, from, to, status, code })) ?? [],
    errors: result?.errors ?? [{ code: "CR1000", message: "the run stopped on an unexpected error", target: null }],
    backup: result?.data.backup ?? null,
  };
}
