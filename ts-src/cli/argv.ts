/*
 * The command line, parsed here rather than by a library: loading and running yargs took 60–70 ms of every start of
 * the exe (a single executable that only parses one command with yargs starts in 0.175 s, one that prints a line in
 * 0.098 s, same run), against a start-up budget of about 20 ms over bare Node (issue 6). Seven commands and their
 * options need little: what yargs did that callers and tests see is kept.
 *
 * - `--name value` and `--name=value`; `--dryRun` for `--dry-run`; `--` ends the options.
 * - Booleans: `--flag`, `--flag=true|false`, `--flag true|false`, `--no-flag`.
 * - A value may start with '-' only as a negative number (`--days -1`); otherwise the option has none.
 * - Arrays take every value that follows (`--id 1001 1006`) and add up when repeated.
 * - Usage errors (CR2000) say what yargs said: "Unknown argument: x", "Not enough arguments following: x",
 *   "Missing required argument: x", "Invalid values: …", "Not enough non-option arguments: …"; on one line and at most
 *   300 characters, as they may quote what was given (anything an event carried).
 * - An option other than an array given twice, or a text option negated (`--no-old`), is a usage error: no command
 *   expects either (yargs made an array, or false, of them).
 * - `--help` (or the command `help`) prints the usage of the command named, or of all of them.
 */
import { usageError as usageErrorOf } from "../core/errors.js";

/** CR2000, its message on one line and short: it may quote anything that was given (an event's value). */
const usageError = (message: string) => usageErrorOf(oneLine(message));

function oneLine(message: string): string {
  const line = message.replace(/[\u0000-\u001F\u007F-\u009F]+/g, " ");
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

export interface OptionSpec {
  /** As typed, kebab-case: `dry-run`; the parsed arguments name it in camelCase: `dryRun`. */
  name: string;
  type: "string" | "boolean" | "number";
  describe: string;
  default?: string | number | boolean;
  /** A value must follow (string and number options): `--host-root` alone is a usage error. */
  requiresArg?: boolean;
  /** Every value that follows, and those of each repetition (strings). */
  array?: boolean;
  choices?: readonly string[];
  required?: boolean;
}

export interface PositionalSpec {
  name: string;
  describe: string;
  choices: readonly string[];
}

export interface CommandSpec {
  name: string;
  describe: string;
  /** Required, in this order, after the command's name. */
  positionals?: readonly PositionalSpec[];
  options: readonly OptionSpec[];
  /** false: no `--help` (it is an unknown argument), for a command whose values come from elsewhere (yargs' .help(false)). */
  help?: false;
}

export type ParsedArgs = Record<string, unknown>;

export type CommandLine =
  | { kind: "help"; text: string }
  | { kind: "run"; command: CommandSpec; args: ParsedArgs };

const HELP: OptionSpec = { name: "help", type: "boolean", describe: "Show help" };

/** Parses argv against the commands and the options every command takes. Throws a usage error (CR2000). */
export function parseCommandLine(argv: readonly string[], commands: readonly CommandSpec[], globals: readonly OptionSpec[], program: string): CommandLine {
  const common = [...globals, HELP];
  const at = commandIndex(argv, common);
  const name = at < 0 ? undefined : argv[at]!;
  const command = commands.find((c) => c.name === name);
  const rest = at < 0 ? [...argv] : [...argv.slice(0, at), ...argv.slice(at + 1)];
  const options = command ? [...(command.help === false ? globals : common), ...command.options] : common;
  const { values, positionals, unknown } = readTokens(rest, options);

  if (name === "help" || (values["help"] === true && !command)) return { kind: "help", text: programHelp(program, commands, common) };
  if (!command) {
    if (name === undefined) throw usageError(`Name a command: ${program} <command> --help lists them.`);
    unknown.unshift(name);
  }
  if (command && values["help"] === true) return { kind: "help", text: commandHelp(program, command, common) };
  const expected = command?.positionals ?? [];
  if (positionals.length < expected.length) {
    throw usageError(`Not enough non-option arguments: got ${positionals.length}, need at least ${expected.length}`);
  }
  unknown.push(...positionals.slice(expected.length));
  if (unknown.length > 0) throw usageError(`Unknown argument${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);

  const args: ParsedArgs = {};
  const invalid: string[] = [];
  expected.forEach((p, i) => {
    args[p.name] = positionals[i];
    if (!p.choices.includes(positionals[i]!)) invalid.push(invalidValue(p.name, positionals[i]!, p.choices));
  });
  for (const option of options) {
    const value = values[option.name] ?? option.default;
    if (value === undefined) {
      if (option.required) throw usageError(`Missing required argument: ${option.name}`);
      continue;
    }
    if (option.choices && typeof value === "string" && !option.choices.includes(value)) invalid.push(invalidValue(option.name, value, option.choices));
    args[camelCase(option.name)] = value;
  }
  if (invalid.length > 0) throw usageError(`Invalid values:\n${invalid.join("\n")}`);
  return { kind: "run", command: command!, args };
}

/** Where the command's name is: the first word that is not an option or the value of one of the common options. */
function commandIndex(argv: readonly string[], common: readonly OptionSpec[]): number {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") return i + 1 < argv.length ? i + 1 : -1;
    if (!isOption(token)) return i;
    if (!token.startsWith("--") || token.includes("=")) continue;
    const spec = findOption(common, token.slice(2));
    if (!spec) continue;
    if (spec.type === "boolean") {
      if (argv[i + 1] === "true" || argv[i + 1] === "false") i++;
    } else if (i + 1 < argv.length && !isOption(argv[i + 1]!)) {
      i++;
    }
  }
  return -1;
}

function readTokens(tokens: readonly string[], options: readonly OptionSpec[]) {
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const unknown: string[] = [];
  const times = new Map<string, number>();
  const given = (spec: OptionSpec) => {
    const count = (times.get(spec.name) ?? 0) + 1;
    times.set(spec.name, count);
    if (count > 1 && !spec.array) throw usageError(`--${spec.name} is given ${count} times: give it once.`);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "--") {
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    if (!isOption(token)) {
      positionals.push(token);
      continue;
    }
    if (!token.startsWith("--")) {
      unknown.push(...token.slice(1)); // short options: there are none
      continue;
    }
    const equals = token.indexOf("=");
    const key = equals < 0 ? token.slice(2) : token.slice(2, equals);
    const inline = equals < 0 ? undefined : token.slice(equals + 1);
    const next = tokens[i + 1];
    const nextIsValue = next !== undefined && !isOption(next);
    const spec = findOption(options, key);
    if (!spec && key.startsWith("no-")) {
      const negated = findOption(options, key.slice(3));
      if (negated && negated.type !== "boolean") throw usageError(`--${negated.name} takes a value: give it as --${negated.name} VALUE.`);
      if (negated && inline === undefined) {
        given(negated);
        values[negated.name] = false;
        continue;
      }
    }
    if (!spec) {
      unknown.push(key);
      if (inline === undefined && nextIsValue) i++; // the unknown option's value, as yargs takes it
      continue;
    }
    given(spec);
    if (spec.type === "boolean") {
      if (inline !== undefined) values[spec.name] = inline === "true";
      else if (next === "true" || next === "false") values[spec.name] = tokens[++i] === "true";
      else values[spec.name] = true;
      continue;
    }
    if (spec.array) {
      const list = (values[spec.name] as string[] | undefined) ?? [];
      if (inline !== undefined) list.push(inline);
      else for (; i + 1 < tokens.length && !isOption(tokens[i + 1]!); i++) list.push(tokens[i + 1]!);
      if (list.length === 0 && spec.requiresArg) throw usageError(`Not enough arguments following: ${spec.name}`);
      values[spec.name] = list;
      continue;
    }
    let text: string;
    if (inline !== undefined) text = inline;
    else if (nextIsValue) text = tokens[++i]!;
    else if (spec.requiresArg) throw usageError(`Not enough arguments following: ${spec.name}`);
    else text = "";
    values[spec.name] = spec.type === "number" ? (text.trim() === "" ? Number.NaN : Number(text)) : text;
  }
  return { values, positionals, unknown };
}

/** An option: `--x`, `-x`; a negative number (`-1`, `-0.5`) and `-` alone are values. */
function isOption(token: string): boolean {
  return token.length > 1 && token[0] === "-" && !/^-\.?\d/.test(token);
}

function findOption(options: readonly OptionSpec[], key: string): OptionSpec | undefined {
  return options.find((o) => o.name === key || camelCase(o.name) === key);
}

export const camelCase = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

function invalidValue(name: string, given: string, choices: readonly string[]): string {
  return `  Argument: ${name}, Given: ${JSON.stringify(given)}, Choices: ${quoted(choices)}`;
}

// Help, laid out as yargs laid it out: 80 columns, descriptions wrapped beside the names, tags at the right.

const WIDTH = 80;

function usageOf(program: string, command: CommandSpec): string {
  return [program, command.name, ...(command.positionals ?? []).map((p) => `<${p.name}>`)].join(" ");
}

function programHelp(program: string, commands: readonly CommandSpec[], common: readonly OptionSpec[]): string {
  return [
    `${program} <command>`,
    "",
    "Commands:",
    ...columns(commands.map((c) => [usageOf(program, c), c.describe, ""])),
    "",
    "Options:",
    ...columns(common.map(optionRow)),
  ].join("\n");
}

function commandHelp(program: string, command: CommandSpec, common: readonly OptionSpec[]): string {
  const lines = [usageOf(program, command), "", ...wrap(command.describe, WIDTH), ""];
  const positionals = command.positionals ?? [];
  if (positionals.length > 0) {
    lines.push("Positionals:", ...columns(positionals.map((p) => [p.name, p.describe, `[required] [choices: ${quoted(p.choices)}]`])), "");
  }
  lines.push("Options:", ...columns([...common, ...command.options].map(optionRow)));
  return lines.join("\n");
}

function optionRow(option: OptionSpec): [string, string, string] {
  const tags = [`[${option.array ? "array" : option.type}]`];
  if (option.required) tags.push("[required]");
  if (option.choices) tags.push(`[choices: ${quoted(option.choices)}]`);
  if (option.default !== undefined) tags.push(`[default: ${JSON.stringify(option.default)}]`);
  return [`--${option.name}`, option.describe, tags.join(" ")];
}

/** Rows of name, description and tags: the description wrapped in its column, the tags right-aligned after it. */
function columns(rows: readonly [string, string, string][]): string[] {
  const nameWidth = Math.max(...rows.map(([name]) => name.length)) + 2;
  const textWidth = WIDTH - 2 - nameWidth;
  const lines: string[] = [];
  for (const [name, describe, tags] of rows) {
    const text = wrap(describe, textWidth).map((line, i) => `  ${(i === 0 ? name : "").padEnd(nameWidth)}${line}`);
    const last = text[text.length - 1]!;
    if (tags && last.length + 1 + tags.length <= WIDTH) text[text.length - 1] = last.padEnd(WIDTH - tags.length) + tags;
    else if (tags) text.push(tags.padStart(WIDTH));
    lines.push(...text.map((line) => line.trimEnd()));
  }
  return lines;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}
