import type { PlannedChange } from "../../core/rebind/plan.js";
import type { AnyBindingKind } from "../../kinds/binding-kind.js";
import { newKindContext } from "../../kinds/kind-context.js";
import { BINDING_KINDS } from "../../kinds/registry.js";
import { RebindWriteError, type Host } from "../../platform/ports.js";
import { CertRebindError } from "../../core/errors.js";
import type { ServiceControl } from "../../platform/service-ports.js";
import { restartAndWaitForRunning } from "../../platform/service-restart.js";
import type { OpenJournal } from "../journal/run-journal.js";
import { interrupts, InterruptedError } from "../../platform/interrupts.js";
import { byKind, sharedWrites } from "./kind-changes.js";

export interface ApplyResult {
  ok: boolean;
  /** What went wrong (`error`: the error itself), and whether everything applied was put back. */
  failure: { message: string; error: unknown; failedTargets: string[]; restored: boolean; restoreError: string | null } | null;
}

type Undo = { name: string; run: () => Promise<void> };

/** `--restart-services`: restart each service whose changes need it, once all is applied and read back. */
export interface ServiceRestart {
  services: ServiceControl;
  /** How long each service may take to run again. */
  timeoutMs: number;
}

/**
 * Applies the planned changes kind by kind (registry order: HTTP.sys records in one batch first), then each shared
 * file in one write with the edits of every kind (applicationHost.config: the FTP certificates and the metabase
 * entries that go with the records); reads everything back, marking each step done in the run's journal. On any
 * failure, undoes what was applied, newest first, whatever its kind. Sets each change's status.
 */
export async function applyPlan(
  host: Host,
  changes: PlannedChange[],
  journal: Pick<OpenJournal, "markDone">,
  kinds: readonly AnyBindingKind[] = BINDING_KINDS,
  restart: ServiceRestart | null = null,
): Promise<ApplyResult> {
  const planned = changes.filter((c) => c.view.status === "planned");
  const groups = byKind(kinds, planned);
  const context = newKindContext(host);
  const undo: Undo[] = [];
  const session = { onUndo: (name: string, run: () => Promise<void>) => void undo.push({ name, run }) };
  let step: PlannedChange[] = [];
  /** The services restarted (or being restarted): after a rollback each is restarted again, on the old certificate. */
  const restarted: string[] = [];
  try {
    for (const { kind, changes: kindChanges } of groups) {
      if (!kind.apply) continue;
      step = kindChanges;
      interrupts.checkpoint();
      await kind.apply(context, kindChanges, session);
      if (kind.journal) await journal.markDone(kind.journal.step);
    }
    for (const write of sharedWrites(groups)) {
      step = write.changes;
      interrupts.checkpoint();
      await write.file.write(context, write.edits, session);
      await journal.markDone(write.file.journalStep);
    }
    step = planned;
    // A new reading for the read back, shared by the kinds: applicationHost.config is parsed once (0.34 s in bench/README.md).
    const readBack = newKindContext(host);
    const mismatches: string[] = [];
    for (const { kind, changes: kindChanges } of groups) mismatches.push(...((await kind.readBack?.(readBack, kindChanges)) ?? []));
    if (mismatches.length > 0) throw new ReadBackError(mismatches);
    if (restart) {
      for (const service of servicesToRestart(planned)) {
        step = planned.filter((c) => c.view.service === service);
        interrupts.checkpoint();
        restarted.push(service);
        await restartAndWaitForRunning(restart.services, service, restart.timeoutMs);
        for (const change of step) change.view.restartRequired = false;
      }
    }
    // The last moment a signal undoes the run; after it, the run is complete and kept.
    interrupts.checkpoint();
    await journal.markDone("verified");
    for (const change of planned) change.view.status = "applied";
    return { ok: true, failure: null };
  } catch (error) {
    const failedTargets = error instanceof InterruptedError ? [] : failedIn(step, error);
    const restoreError = joinErrors([await undoAll(undo), restart ? await restartAgain(restart, restarted) : null]);
    markNotKept(planned, error, failedTargets, restoreError);
    return {
      ok: false,
      failure: { message: (error as Error).message, error, failedTargets, restored: restoreError === null, restoreError },
    };
  }
}

/** Each planned change after a failed run: failed (its own failure, or what could not be put back) or rolled back. */
function markNotKept(planned: readonly PlannedChange[], error: unknown, failedTargets: readonly string[], restoreError: string | null): void {
  for (const change of planned) {
    const failed = failedTargets.includes(change.view.endpoint);
    change.view.status = failed || restoreError ? "failed" : "rolled-back";
    // Put back: the service runs on the certificate it had (restarted again if this run restarted it).
    if (change.view.restartRequired && !restoreError) change.view.restartRequired = false;
    change.view.code = restoreError ? "CR1002" : failed && isServiceRestartError(error) ? "CR4013" : "CR1001";
    change.view.reason = failed
      ? `The change failed: ${(error as Error).message.replace(/\.$/, "")}.`
      : error instanceof InterruptedError
        ? `Not kept: the run was ${error.message}.`
        : "Not kept: another change of the run failed, and a run is all or nothing.";
  }
}

/** The services of the planned changes that take effect only at their service's next start, each once, in order. */
export function servicesToRestart(planned: readonly PlannedChange[]): string[] {
  return [...new Set(planned.flatMap((c) => (c.view.restartRequired && c.view.service ? [c.view.service] : [])))];
}

/** CR4013: a service restarted on the new certificate did not come back. */
export function isServiceRestartError(error: unknown): error is CertRebindError {
  return error instanceof CertRebindError && error.code === "CR4013";
}

/** After a rollback, each service this run restarted is restarted again, now on the old certificate. */
async function restartAgain(restart: ServiceRestart, services: readonly string[]): Promise<string | null> {
  const errors: string[] = [];
  for (const service of services) {
    try {
      await restartAndWaitForRunning(restart.services, service, restart.timeoutMs);
    } catch (error) {
      errors.push(`the service ${service} did not come back on the old certificate either: ${(error as Error).message}`);
    }
  }
  return errors.length ? errors.join("; ") : null;
}

function joinErrors(errors: readonly (string | null)[]): string | null {
  const present = errors.filter((e): e is string => e !== null);
  return present.length ? present.join("; ") : null;
}

class ReadBackError extends Error {
  constructor(readonly targets: string[]) {
    super(`reading back after the change, ${targets.join(", ")} ${targets.length === 1 ? "was" : "were"} not as planned`);
  }
}

/** The targets of the step that failed: those the error names, or all of the step. */
function failedIn(step: PlannedChange[], error: unknown): string[] {
  const endpoints = step.map((c) => c.view.endpoint);
  const named = error instanceof ReadBackError ? error.targets : error instanceof RebindWriteError ? error.failed : [];
  const matching = endpoints.filter((e) => named.includes(e));
  return matching.length > 0 ? matching : endpoints;
}

async function undoAll(undo: Undo[]): Promise<string | null> {
  const errors: string[] = [];
  for (const step of [...undo].reverse()) {
    try {
      await step.run();
    } catch (error) {
      errors.push(`${step.name}: ${(error as Error).message}`);
    }
  }
  return errors.length ? errors.join("; ") : null;
}
