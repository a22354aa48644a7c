import type { EnvelopeError } from "../core/errors.js";

export type { EnvelopeError };

/** The one JSON document `--json` prints (docs/cli-contract.md). */
export interface Envelope {
  schemaVersion: 1;
  command: string;
  ok: boolean;
  data: unknown;
  errors: EnvelopeError[];
  warnings: string[];
}


export function envelope(command: string, exitCode: number, data: unknown, errors: EnvelopeError[], warnings: string[]): Envelope {
  return { schemaVersion: 1, command, ok: exitCode === 0, data, errors, warnings };
}
