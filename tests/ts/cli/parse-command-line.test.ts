import { test } from "node:test";
import assert from "node:assert/strict";
import type { CommandModule } from "../../../ts-src/cli/command.js";
import { parseCommandLine, type ParsedArgs } from "../../../ts-src/cli/parse-command-line.js";
import { CertRebindError } from "../../../ts-src/core/errors.js";

const command = (fields: Pick<CommandModule<unknown>, "name" | "command" | "builder"> & Partial<CommandModule<unknown>>): CommandModule<unknown> => ({
  describe: `Does ${fields.name}`,
  run: () => Promise.reject(new Error("not run by the parser")),
  ...fields,
});

const COMMANDS: CommandModule<unknown>[] = [
  command({
    name: "go",
    command: "go",
    builder: (y) =>
      y
        .option("old", { type: "string", describe: "No value needed" })
        .option("days", { type: "number", default: 30, requiresArg: true, describe: "Days" })
        .option("dry-run", { type: "boolean", default: false, describe: "Dry" })
        .option("id", { type: "string", array: true, requiresArg: true, describe: "Ids" })
        .option("channel", { type: "string", default: "All", requiresArg: true, describe: "Channel" }),
  }),
  command({
    name: "dsc",
    command: "dsc <operation>",
    builder: (y) =>
      y
        .positional("operation", { type: "string", choices: ["get", "set"], describe: "What" })
        .option("resource", { type: "string", choices: ["A", "B"], required: true, requiresArg: true, describe: "Which" }),
  }),
  command({ name: "task-run", command: "task-run", help: false, builder: (y) => y.option("old", { type: "string", describe: "A value" }) }),
];

const parse = (argv: string[]) => parseCommandLine(argv, COMMANDS, "9.8.7");
const args = async (argv: string[]): Promise<ParsedArgs> => {
  const line = await parse(argv);
  assert.equal(line.kind, "run");
  return line.kind === "run" ? line.args : {};
};
const output = async (argv: string[]): Promise<string> => {
  const line = await parse(argv);
  assert.equal(line.kind, "output");
  return line.kind === "output" ? line.text : "";
};

const values: [string, string[], Record<string, unknown>][] = [
  ["defaults", ["go"], { json: false, days: 30, dryRun: false, channel: "All" }],
  ["global options before and after the command", ["--host-root", "/h", "go", "--json"], { json: true, hostRoot: "/h", days: 30, dryRun: false, channel: "All" }],
  ["--name=value", ["go", "--days=5", "--channel=User"], { days: 5, channel: "User" }],
  ["a negative number is a value", ["go", "--days", "-1"], { days: -1 }],
  ["a number that is not one", ["go", "--days", "abc"], { days: Number.NaN }],
  ["a boolean with its value", ["go", "--dry-run", "false", "--json=true"], { dryRun: false, json: true }],
  ["--no-flag", ["go", "--no-dry-run"], { dryRun: false }],
  ["camelCase spelling", ["go", "--dryRun"], { dryRun: true }],
  ["an array takes the values that follow and adds up", ["go", "--id", "1001", "1006", "--json", "--id=7"], { id: ["1001", "1006", "7"], json: true }],
  ["a string option without requiresArg and no value is empty", ["go", "--old", "--json"], { old: "", json: true }],
  ["an empty value", ["go", "--old", ""], { old: "" }],
  ["positionals and choices", ["dsc", "set", "--resource", "B"], { operation: "set", resource: "B" }],
];
for (const [name, argv, expected] of values) {
  test(`command line: ${name}`, async () => {
    const parsed = await args(argv);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(parsed[key], value, key);
  });
}

test("command line: the command chosen is the module whose name was given", async () => {
  const line = await parse(["dsc", "get", "--resource", "A"]);
  assert.equal(line.kind === "run" && line.command.name, "dsc");
});

const errors: [string, string[], RegExp][] = [
  ["no command", ["--json"], /^Name a command: certrebind <command> --help lists them\.$/],
  ["an unknown command", ["frob", "--json"], /^Unknown argument: frob$/],
  ["an unknown option", ["go", "--bogus", "x"], /^Unknown argument: bogus$/],
  ["a short option", ["go", "-x"], /^Unknown argument: x$/],
  ["extra words", ["go", "a", "b"], /^Unknown arguments: a, b$/],
  ["a value that is missing", ["go", "--days"], /^Not enough arguments following: days$/],
  ["a value that is another option", ["go", "--host-root", "--json"], /^Not enough arguments following: host-root$/],
  ["an array without values", ["go", "--id", "--json"], /^Not enough arguments following: id$/],
  ["a positional missing", ["dsc", "--resource", "A"], /^Not enough non-option arguments: got 0, need at least 1$/],
  ["a required option missing", ["dsc", "get"], /^Missing required argument: resource$/],
  ["an option given twice", ["go", "--days", "1", "--days=2"], /^--days is given 2 times: give it once\.$/],
  ["a text option negated", ["go", "--no-channel"], /^--channel takes a value: give it as --channel VALUE\.$/],
  ["a control character in what was given", ["go", "a\r\nb"], /^Unknown argument: a b$/],
  ["a value not among the choices", ["dsc", "put", "--resource", "C"], /^Invalid values: {3}Argument: resource, Given: "C", Choices: "A", "B" {3}Argument: operation, Given: "put", Choices: "get", "set"$/],
  ["--help of a command without help", ["task-run", "--help"], /^Unknown argument: help$/],
  ["-h of a command without help", ["task-run", "-h"], /^Unknown argument: h$/],
  ["--version of a command without help", ["task-run", "--old", "--version"], /^Unknown argument: version$/],
  // An unknown option takes the next word for its value: the command's name.
  ["--version before a command without help", ["--version", "task-run"], /^Name a command: /],
  ["completion's option with a command without help", ["task-run", "--old", "--get-yargs-completions"], /^Unknown argument: get-yargs-completions$/],
  ["--help before a command without help", ["--help", "task-run", "--old", "x"], /^Name a command: /],
  ["-h after a command without help", ["task-run", "--old", "x", "-h"], /^Unknown argument: h$/],
];
for (const [name, argv, message] of errors) {
  test(`command line: ${name} is a usage error`, async () => {
    await assert.rejects(parse(argv), (error: unknown) => {
      assert.ok(error instanceof CertRebindError);
      assert.equal(error.code, "CR2000");
      assert.equal(error.exitCode, 2);
      assert.match(error.message, message);
      return true;
    });
  });
}

test("command line: a usage error quoting a long value is cut to 300 characters", async () => {
  await assert.rejects(parse(["go", "x".repeat(1000)]), (error: unknown) => {
    assert.ok(error instanceof CertRebindError);
    assert.equal(error.message.length, 300);
    assert.match(error.message, /^Unknown argument: x+\.\.\.$/);
    return true;
  });
});

test("command line: --help, -h and help print the usage of all commands, in 80 columns", async () => {
  const all = await output(["--help"]);
  assert.equal(await output(["-h"]), all);
  assert.equal(await output(["help"]), all);
  assert.match(all, /^certrebind <command>\n\nCommands:\n {2}certrebind go +Does go\n {2}certrebind dsc <operation> +Does dsc\n/);
  assert.match(all, /\n {2}certrebind completion +Print a bash or zsh completion script/);
  assert.match(all, /\n {2}-h, --help +Show help +\[boolean\]\n/);
  for (const line of all.split("\n")) assert.ok(line.length <= 80, line);
});

test("command line: --help of a command prints its positionals and options", async () => {
  const text = await output(["dsc", "--help"]);
  assert.match(text, /^certrebind dsc <operation>\n\nDoes dsc\n\nPositionals:\n {2}operation +What +\[string\] \[required\] \[choices: "get", "set"\]\n/);
  assert.match(text, /\n {6}--resource +Which +\[string\] \[required\] \[choices: "A", "B"\]\n/);
});

test("command line: --version prints the version", async () => {
  assert.equal(await output(["--version"]), "9.8.7\n");
});

test("command line: completion prints a bash completion script for certrebind", async () => {
  const script = await output(["completion"]);
  assert.match(script, /^###-begin-certrebind-completions-###\n/);
  assert.match(script, /certrebind --get-yargs-completions/);
  assert.match(script, /\ncomplete -o bashdefault -o default -F _certrebind_yargs_completions certrebind\n/);
});

test("command line: completion completes the commands and a command's options", async () => {
  const commands = (await output(["--get-yargs-completions", "certrebind", ""])).split("\n");
  assert.ok(["go", "dsc", "completion"].every((c) => commands.includes(c)), commands.join(" "));
  const options = (await output(["--get-yargs-completions", "certrebind", "go", "--"])).split("\n");
  assert.ok(["--days", "--dry-run", "--json"].every((o) => options.includes(o)), options.join(" "));
});

test("command line: an array option negated is a usage error, alone or after values", async () => {
  for (const argv of [["go", "--no-id"], ["go", "--id", "1", "--no-id"]]) {
    await assert.rejects(parse(argv), /^CertRebindError: --id takes a value: give it as --id VALUE\.$|--id takes a value/);
  }
});
