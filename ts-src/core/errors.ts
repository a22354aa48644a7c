/** The exit codes of the contract (docs/cli-contract.md). */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  BadInput: 2,
  Partial: 3,
  Environment: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

import type { Remedy } from "./remedy.js";

/** An error as the envelope reports it (docs/cli-contract.md): a stable code, a sentence, what it is about. */
export interface EnvelopeError {
  code: string;
  message: string;
  target: string | null;
  /** What to do, as data, when the message ends by naming an option or command (docs/cli-contract.md, "Remedies"). */
  remedy?: Remedy;
}

/** An error the user can act on: a stable code, a sentence, what it is about, and the exit code it leads to. */
export class CertRebindError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    readonly target: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CertRebindError";
  }
}

export const usageError = (message: string) => new CertRebindError("CR2000", message, ExitCode.BadInput);

export const malformedHostFile = (file: string, line: number | null, detail: string) =>
  new CertRebindError(
    "CR2003",
    `${file}${line === null ? "" : `, line ${line}`}: ${detail}`,
    ExitCode.BadInput,
    file,
  );

export const unreadableHostFile = (file: string, cause: unknown) =>
  new CertRebindError(
    "CR2004",
    `${file} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`,
    ExitCode.BadInput,
    file,
    { cause },
  );

export const toolFailed = (tool: string, exitCode: number, detail: string) =>
  new CertRebindError(
    "CR4002",
    `${tool} failed with exit code ${exitCode}${detail ? `: ${detail}` : ""}`,
    ExitCode.Environment,
    tool,
  );

/** An unfinished journal that cannot be read or whose prior state cannot be put back: nothing more is done. */
export const unrecoverableRun = (journal: string, detail: string) =>
  new CertRebindError(
    "CR1004",
    `An earlier run was interrupted and its changes could not be undone: ${detail}. Nothing else was changed. ` +
      `Restore the files named in ${journal} from their backups by hand, then delete it.`,
    ExitCode.Failed,
    journal,
  );
