import { withScope, type EnvelopeError } from "../core/errors.js";
import { remedyField, remedyOf, type Remedy } from "../core/remedy.js";
import type { PendingRun } from "../providers/journal/pending-run.js";
import type { Recovery } from "../providers/journal/recover-interrupted-run.js";

export type { EnvelopeError };

/** The one JSON document `--json` prints (docs/cli-contract.md). */
export interface Envelope {
  schemaVersion: 1;
  command: string;
  ok: boolean;
  data: unknown;
  errors: EnvelopeError[];
  warnings: string[];
  /** Present only when a warning names an option or command: the remedy of each warning, by its index, or null. */
  warningRemedies?: (Remedy | null)[];
  /** Present only when the command first undid (or closed) a run it found interrupted. */
  recovery?: Recovery;
  /** Present only when a command that only reads found the journal of a run that has not closed it. */
  pendingRun?: PendingRun;
}

export function envelope(
  command: string,
  exitCode: number,
  data: unknown,
  errors: EnvelopeError[],
  warnings: string[],
  recovery: Recovery | null = null,
  pendingRun: PendingRun | null = null,
): Envelope {
  const warningRemedies = warnings.map(remedyOf);
  return {
    schemaVersion: 1,
    command,
    ok: exitCode === 0,
    data,
    errors: errors.map(withScopeAndRemedy),
    warnings,
    ...(warningRemedies.some((r) => r !== null) ? { warningRemedies } : {}),
    ...(recovery ? { recovery } : {}),
    ...(pendingRun ? { pendingRun } : {}),
  };
}

/** The error with its scope, and its remedy as data when its message ends with one. */
function withScopeAndRemedy(error: EnvelopeError): EnvelopeError {
  const { remedy, ...rest } = withScope(error);
  return { ...rest, ...(remedy ? { remedy } : remedyField(rest.message)) };
}
