/*
 * The command line, parsed by yargs (https://yargs.js.org) in strict mode, its messages in English whatever the
 * locale. What yargs does differently from docs/cli-contract.md is configured here:
 * - nothing is printed and the process is not ended: help, `--version` and `completion` come back as text to print;
 * - every usage error is CR2000 (exit 2), on one line and at most 300 characters, as it may quote what was given;
 * - an option other than an array given twice, or a text option negated (`--no-old`), is a usage error: yargs makes
 *   an array, or false, of them, and no command expects either.
 */
import yargs, { type Argv, type Options } from "yargs";
import { CertRebindError, usageError as usageErrorOf } from "../core/errors.js";
import type { CommandModule } from "./command.js";

const PROGRAM = "certrebind";

export type ParsedArgs = Record<string, unknown>;

export type CommandLine =
  /** Help, the version or the completion script: text for stdout, exit 0. */
  | { kind: "output"; text: string }
  | { kind: "run"; command: CommandModule<unknown>; args: ParsedArgs };

/** The options every command takes. */
const GLOBAL_OPTIONS: Record<string, Options> = {
  json: { type: "boolean", default: false, describe: "Print exactly one JSON envelope on stdout" },
  "host-root": { type: "string", requiresArg: true, describe: "Work on the snapshot host in this directory (or set CERTREBIND_HOST_ROOT)" },
};

/** CR2000, its message on one line and short: it may quote anything that was given (an event's value). */
const usageError = (message: string) => usageErrorOf(oneLine(message));

function oneLine(message: string): string {
  const line = message.replace(/[\u0000-\u001F\u007F-\u009F]+/g, " ");
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

const COMPLETIONS = "--get-yargs-completions";

const noCommand = () => usageError("Name a command: certrebind <command> --help lists them.");

/** Parses argv against the commands. Throws a usage error (CR2000). */
export async function parseCommandLine(argv: readonly string[], commands: readonly CommandModule<unknown>[], version: string): Promise<CommandLine> {
  // A command whose values come from elsewhere (on-task: an event's) takes none of the options that print instead of
  // running it: --help, -h, --version, completion's --get-yargs-completions.
  const prints = !argv.some((word) => commands.some((c) => c.help === false && c.name === word));
  // yargs answers its completion option whether or not .completion() was called.
  if (!prints && argv.includes(COMPLETIONS)) throw usageError(`Unknown argument: ${COMPLETIONS.slice(2)}`);
  let parser = yargs()
    .scriptName(PROGRAM)
    .detectLocale(false)
    .wrap(80)
    .options(GLOBAL_OPTIONS)
    .strict()
    .demandCommand(1, noCommand().message)
    .help(prints)
    .check(oneValueEach, true)
    .exitProcess(false)
    .fail((message, error) => {
      throw error instanceof CertRebindError || error instanceof Chosen ? error : usageError(message ?? error?.message ?? "invalid command line");
    });
  for (const command of commands) {
    const builder = (y: Argv) => command.builder(command.help === false ? y.help(false).version(false) : y);
    parser = parser.command(command.command, command.describe, builder, (args) => {
      throw new Chosen({ kind: "run", command, args: args as ParsedArgs });
    });
  }
  parser = prints ? parser.version(version).alias("help", "h") : parser.version(false);
  if (prints) parser = parser.completion("completion", "Print a bash or zsh completion script for certrebind (add it to ~/.bashrc or ~/.zshrc)");
  let output = "";
  try {
    await parser.parseAsync([...argv], {}, (_error, _args, text) => {
      output = text ?? "";
    });
  } catch (error) {
    if (error instanceof Chosen) return error.line;
    throw error;
  }
  return { kind: "output", text: `${output.trimEnd()}\n` };
}

/**
 * The command chosen, thrown by its handler to end the parse there: after a handler returns, yargs renders the whole
 * help text (cacheHelpMessage, for a handler that would show it), which was a third of yargs' start-up (bench/README.md,
 * `version`).
 */
class Chosen {
  constructor(readonly line: CommandLine) {}
}

interface OptionTypes {
  key: Record<string, unknown>;
  array: string[];
  boolean: string[];
}

/**
 * An option given twice (not an array) or a text option negated: yargs takes both, no command expects either.
 * yargs 18 hands a check its options by type (yargs.getOptions()), not the aliases @types/yargs 17 names.
 */
function oneValueEach(args: ParsedArgs, given: unknown): true {
  const options = given as OptionTypes;
  for (const name of Object.keys(options.key)) {
    const value = args[name];
    if (Array.isArray(value) && !options.array.includes(name)) throw usageError(`--${name} is given ${value.length} times: give it once.`);
    const negated = value === false || (Array.isArray(value) && value.includes(false));
    if (negated && !options.boolean.includes(name)) throw usageError(`--${name} takes a value: give it as --${name} VALUE.`);
  }
  return true;
}
