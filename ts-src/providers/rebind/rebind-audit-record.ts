import type { CertRebindError, EnvelopeError } from "../../core/errors.js";
import { ExitCode, withScope } from "../../core/errors.js";
import { auditRecord } from "../../platform/audit-record.js";
import type { PlannedRun, RebindOutcome } from "./rebind-outcome.js";

const UNEXPECTED_STOP: EnvelopeError = { code: "CR1000", message: "the run stopped on an unexpected error", target: null };

/** The audit record of a rebind run: its changes and errors, each with its scope, or what stopped it (CR1000 when nothing says). */
export function rebindAuditRecord(
  runId: string,
  options: { trigger: string; restartServices?: boolean },
  identity: { user: string; computer: string },
  run: PlannedRun,
  result: RebindOutcome | null,
  stoppedBy: CertRebindError | null,
) {
  const exitCode = result?.exitCode ?? stoppedBy?.exitCode ?? ExitCode.Failed;
  return auditRecord({ runId, command: "rebind", trigger: options.trigger, exitCode, identity }, {
    ...run.audit,
    ...(options.restartServices ? { restartServices: true } : {}),
    changes:
      result?.data.changes.map(({ kind, endpoint, from, to, status, code, metabase, service, restartRequired }) => ({
        kind, endpoint, from, to, status, code, ...(metabase.length > 0 ? { metabase } : {}),
        ...(service === undefined ? {} : { service }), ...(restartRequired === undefined ? {} : { restartRequired }),
      })) ?? [],
    errors: (result?.errors ?? [stoppedBy ? { code: stoppedBy.code, message: stoppedBy.message, target: stoppedBy.target } : UNEXPECTED_STOP]).map(withScope),
    backup: result?.data.backup ?? null,
  });
}
