import type { EnvelopeError } from "../../core/errors.js";
import { ExitCode } from "../../core/errors.js";
import { withRemedy } from "../../core/remedy.js";
import type { ChangeView, RebindPlan } from "../../core/rebind/plan.js";
import { environmentError } from "../../platform/files/environment-error.js";
import { InterruptedError } from "../../platform/interrupts.js";
import { isServiceRestartError } from "./apply-plan.js";

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

/** What a rebind run did: its data, its errors (a failure and what became of the rollback) and its exit code. */
export function outcome(
  runId: string,
  options: { dryRun: boolean; restartServices?: boolean },
  run: PlannedRun,
  backup: string | null,
  failure: { message: string; error: unknown; restored: boolean; restoreError: string | null } | null,
): RebindOutcome {
  const changes = run.plan.changes.map((c) => c.view);
  const errors: EnvelopeError[] = [
    ...run.errors,
    ...changes.filter((c) => c.status === "refused" || c.status === "failed").map((c) => ({ code: c.code!, message: c.reason!, target: c.endpoint })),
  ];
  const environment = failure?.restored ? environmentError(failure.error, null, " Everything the run had changed was restored.") : null;
  if (failure) {
    errors.push(
      !failure.restored
        ? { code: "CR1002", message: `The rebind failed and restoring failed too (${failure.restoreError}). Restore by hand from the backup in ${backup ?? "(no backup)"}.`, target: backup }
        : environment
          ? { code: environment.code, message: environment.message, target: environment.target }
          : failure.error instanceof InterruptedError
            ? { code: "CR1001", message: `The run was ${failure.message}; everything it had changed was restored.`, target: null }
            : isServiceRestartError(failure.error)
              ? {
                  code: "CR4013",
                  message: `${failure.message} Everything the run had changed was restored, and the service restarted again on the old certificate.`,
                  target: failure.error.target,
                }
            : { code: "CR1001", message: `The rebind failed and everything it had changed was restored: ${failure.message}.`, target: null },
    );
  }
  const exitCode =
    environment || (failure?.restored && isServiceRestartError(failure.error)) ? ExitCode.Environment : failure ? ExitCode.Failed : errors.length > 0 ? ExitCode.Partial : ExitCode.Ok;
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
    warnings: [...run.warnings, ...restartWarning(changes, options)],
  };
}

/** Without --restart-services, the services whose changes take effect only at their next start, to be restarted. */
function restartWarning(changes: readonly ChangeView[], options: { dryRun: boolean; restartServices?: boolean }): string[] {
  if (options.restartServices) return [];
  const pending = [...new Set(changes.flatMap((c) => ((c.status === "applied" || c.status === "planned") && c.restartRequired && c.service ? [c.service] : [])))];
  if (pending.length === 0) return [];
  const services = `${pending.length === 1 ? "the service" : "the services"} ${pending.join(", ")}`;
  const statement = options.dryRun
    ? `The planned changes take effect only when ${services} ${pending.length === 1 ? "starts" : "start"} again.`
    : `The new certificate takes effect only when ${services} ${pending.length === 1 ? "starts" : "start"} again; until then ${pending.length === 1 ? "it uses" : "they use"} the old one.`;
  return [withRemedy(statement, "restartServices")];
}
