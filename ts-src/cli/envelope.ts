import type { EnvelopeError } from "../core/errors.js";
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
  return { schemaVersion: 1, command, ok: exitCode === 0, data, errors, warnings, ...(recovery ? { recovery } : {}), ...(pendingRun ? { pendingRun } : {}) };
}
