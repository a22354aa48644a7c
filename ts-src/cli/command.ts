import type { Host } from "../platform/ports.js";
import type { CommandSpec } from "./argv.js";
import type { EnvelopeError } from "./envelope.js";

/** What every command gets: the host (opened on demand: `version` needs none) and the clock. */
export interface CommandContext {
  openHost(): Promise<Host>;
  now: Date;
  /** Standard input, read to its end (`dsc` reads the desired state from it); "" when there is none. */
  stdin(): Promise<string>;
  /** Diagnostics a command writes itself (`dsc`: DSC trace lines); other commands return warnings and errors. */
  stderr(text: string): void;
  /** The arguments as received, before parsing (`on-task` checks their shape). */
  argv: readonly string[];
}

export interface CommandResult {
  data: unknown;
  exitCode: number;
  errors?: EnvelopeError[];
  warnings?: string[];
  /** The human-readable form of `data`, for output without --json. */
  text(): string;
}

/** A command: its name, positionals and options (argv.ts parses them) and what it does with their values. */
export interface CommandModule<A> extends CommandSpec {
  run(args: A, context: CommandContext): Promise<CommandResult>;
  /**
   * Whether these arguments change the host. Such a command first recovers a run it finds interrupted; every other
   * one (absent: all) only reads, and a pending journal makes it warn instead (docs/cli-contract.md).
   */
  changesHost?(args: A): boolean;
}
