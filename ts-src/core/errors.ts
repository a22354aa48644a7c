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

/**
 * What an error concerns (docs/cli-contract.md, "The envelope"): `item`, one thumbprint or pair given as input, so
 * a caller that feeds several (a PowerShell pipeline) goes on with the others; `target`, one binding or certificate
 * refused while the others proceed; `run`, the command as a whole.
 */
export type ErrorScope = "item" | "target" | "run";

/** The codes of bad input about one given thumbprint or pair: malformed, new certificate in no store, old = new. */
const ITEM_CODES: ReadonlySet<string> = new Set(["CR2001", "CR2010", "CR2011"]);

/** The scope of an error code: the per-item codes, the refusals of one target (CR3xxx), the run for every other. */
export function errorScope(code: string): ErrorScope {
  if (ITEM_CODES.has(code)) return "item";
  return /^CR3\d{3}$/.test(code) ? "target" : "run";
}

/**
 * The error with its scope (errorScope), as every report of an error gives it: the envelope, the audit record, the DSC
 * trace line.
 */
export function withScope<T extends EnvelopeError>(error: T): T & { scope: ErrorScope } {
  const { code, message, target, ...rest } = error;
  return { code, message, target, scope: errorScope(code), ...rest } as T & { scope: ErrorScope };
}

/** An error as the envelope reports it (docs/cli-contract.md): a stable code, a sentence, what it is about. */
export interface EnvelopeError {
  code: string;
  message: string;
  target: string | null;
  /** Set when the envelope is made, from the code (errorScope). */
  scope?: ErrorScope;
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
