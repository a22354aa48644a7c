import type { Host } from "../platform/ports.js";
import type { Argv } from "yargs";
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

/**
 * A command: a yargs command module (its usage, description and the builder of its positionals and options,
 * parse-command-line.ts parses them) and what it does with their values.
 */
export interface CommandModule<A> {
  /** The command's name, as the envelope's `command` says it. */
  name: string;
  /** Its usage for yargs: the name and its positionals, `task <action>`. */
  command: string;
  describe: string;
  builder(yargs: Argv): Argv;
  /** false: no `--help`, `-h`, `--version` nor completion (unknown arguments), for a command whose values come from elsewhere (`on-task`). */
  help?: false;
  run(args: A, context: CommandContext): Promise<CommandResult>;
  /**
   * Whether these arguments change the host. Such a command first recovers a run it finds interrupted; every other
   * one (absent: all) only reads, and a pending journal makes it warn instead (docs/cli-contract.md).
   */
  changesHost?(args: A): boolean;
}
