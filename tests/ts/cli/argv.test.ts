import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCommandLine, type CommandSpec, type OptionSpec } from "../../../ts-src/cli/argv.js";
import { CertRebindError } from "../../../ts-src/core/errors.js";

const GLOBALS: OptionSpec[] = [
  { name: "json", type: "boolean", default: false, describe: "One envelope" },
  { name: "host-root", type: "string", requiresArg: true, describe: "The host" },
];
const COMMANDS: CommandSpec[] = [
  {
    name: "go",
    describe: "Goes",
    options: [
      { name: "old", type: "string", describe: "No value needed" },
      { name: "days", type: "number", default: 30, requiresArg: true, describe: "Days" },
      { name: "dry-run", type: "boolean", default: false, describe: "Dry" },
      { name: "id", type: "string", array: true, requiresArg: true, describe: "Ids" },
      { name: "channel", type: "string", default: "All", requiresArg: true, describe: "Channel" },
    ],
  },
  {
    name: "dsc",
    describe: "DSC",
    positionals: [{ name: "operation", choices: ["get", "set"], describe: "What" }],
    options: [{ name: "resource", type: "string", choices: ["A", "B"], required: true, requiresArg: true, describe: "Which" }],
  },
];

const parse = (argv: string[]) => parseCommandLine(argv, COMMANDS, GLOBALS, "prog");
const args = (argv: string[]) => {
  const line = parse(argv);
  assert.equal(line.kind, "run");
  return line.kind === "run" ? line.args : {};
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
  test(`argv: ${name}`, () => {
    const parsed = args(argv);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(parsed[key], value, key);
  });
}

const errors: [string, string[], RegExp][] = [
  ["no command", ["--json"], /^Name a command: prog <command> --help lists them\.$/],
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
  ["a flag given twice", ["go", "--json", "--json"], /^--json is given 2 times: give it once\.$/],
  ["a text option negated", ["go", "--no-channel"], /^--channel takes a value: give it as --channel VALUE\.$/],
  ["a control character in what was given", ["go", "--bo\ngus"], /^Unknown argument: bo gus$/],
  ["a value not among the choices", ["dsc", "put", "--resource", "C"], /^Invalid values: {3}Argument: operation, Given: "put", Choices: "get", "set" {3}Argument: resource, Given: "C", Choices: "A", "B"$/],
];
for (const [name, argv, message] of errors) {
  test(`argv: ${name} is a usage error`, () => {
    assert.throws(() => parse(argv), (error: unknown) => {
      assert.ok(error instanceof CertRebindError);
      assert.equal(error.code, "CR2000");
      assert.match(error.message, message);
      return true;
    });
  });
}

test("argv: --help and help print the usage, of one command or of all", () => {
  const all = parse(["--help"]);
  assert.equal(all.kind, "help");
  assert.deepEqual(parse(["help"]), all);
  assert.match(all.kind === "help" ? all.text : "", /^prog <command>\n\nCommands:\n {2}prog go +Goes\n {2}prog dsc <operation> +DSC\n/);
  const one = parse(["dsc", "--help"]);
  assert.equal(one.kind, "help");
  const text = one.kind === "help" ? one.text : "";
  assert.match(text, /^prog dsc <operation>\n\nDSC\n\nPositionals:\n {2}operation +What +\[required\] \[choices: "get", "set"\]\n/);
  assert.match(text, /\n {2}--resource +Which +\[string\] \[required\] \[choices: "A", "B"\]$/);
  for (const line of text.split("\n")) assert.ok(line.length <= 80, line);
});

test("argv: a command with help: false takes --help for an unknown argument", () => {
  const commands: CommandSpec[] = [{ name: "task-run", describe: "Run by a task", help: false, options: [{ name: "old", type: "string", describe: "A value" }] }];
  assert.throws(() => parseCommandLine(["task-run", "--help"], commands, GLOBALS, "prog"), /Unknown argument: help/);
  const line = parseCommandLine(["task-run", "--old", "x"], commands, GLOBALS, "prog");
  assert.equal(line.kind === "run" && line.args["old"], "x");
});
