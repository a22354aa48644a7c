/*
 * Messages in the caller's words (docs/cli-contract.md, "Remedies"): every text of the exe that names one of its options
 * or commands is either a remedy of the catalogue (ts-src/core/remedy.ts), which the envelope carries as data and the
 * PowerShell module says with its own cmdlets and parameters, or a usage error (CR2000) about an option that no cmdlet
 * lets through (tests/pester/fixtures/exe-usage-options.json, walked by tests/pester/Unit/ExeMessages.Tests.ps1), or
 * one of the few texts below that never reach a cmdlet. A new message that names an option fails here until it is one
 * of those.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { REMEDY_KINDS, remedyOf, withRemedy } from "../../../ts-src/core/remedy.js";
import { repoRoot } from "../support/snapshot.js";

const SOURCE = join(repoRoot, "ts-src");
const OPTION = /(?<![\w-])--[a-z][a-z-]*/g;
const COMMAND = /certrebind (?:task|rebind|bindings|events|dsc|on-task|version)\b/;

/** Texts that name an option or a command and never reach a cmdlet, by file and a piece of the text, with why. */
const NOT_MESSAGES: { file: string; text: string; why: string }[] = [
  { file: "task/auto-rebind-task.ts", text: "on-task --old", why: "the command line the scheduled task runs" },
  { file: "task/auto-rebind-task.ts", text: "Managed by 'certrebind task", why: "the task's description in Task Scheduler" },
  { file: "task/task-arguments.ts", text: "--old", why: "the shape of on-task's own command line" },
  { file: "task/task-arguments.ts", text: "--new", why: "the shape of on-task's own command line" },
  { file: "cli/run-cli.ts", text: "--json", why: "the command line, before it is parsed" },
  { file: "cli/parse-command-line.ts", text: "--get-yargs-completions", why: "the command line, before it is parsed" },
  { file: "cli/commands/task.ts", text: "certrebind task enable, dry run", why: "text output without --json; cmdlets read the envelope" },
  { file: "cli/commands/events.ts", text: "(--max ", why: "text output without --json; cmdlets read the envelope" },
  { file: "cli/commands/events.ts", text: "--after", why: "an option name handed to parseTime, which names it in a usage error" },
  { file: "cli/commands/events.ts", text: "--before", why: "an option name handed to parseTime, which names it in a usage error" },
];

interface Found {
  file: string;
  text: string;
  options: string[];
  usage: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
}

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => `\${}${s.literal.text}`)].join("");
  return null;
}

/** Inside a usage error: usageError(…) or new CertRebindError("CR2000", …). */
function inUsageError(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isCallExpression(at) && ts.isIdentifier(at.expression) && /^usageError(Of)?$/.test(at.expression.text)) return true;
    if (ts.isNewExpression(at) && at.expression.getText() === "CertRebindError" && at.arguments?.[0]?.getText() === '"CR2000"') return true;
  }
  return false;
}

/** The `describe` of an option or command: the text of `--help`. */
function inHelpText(node: ts.Node): boolean {
  return ts.isPropertyAssignment(node.parent) && node.parent.name.getText() === "describe";
}

function textsNamingOptions(): Found[] {
  const found: Found[] = [];
  for (const path of sourceFiles(SOURCE)) {
    const file = relative(SOURCE, path).replaceAll("\\", "/");
    if (file === "core/remedy.ts") continue;
    const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const text = literalText(node);
      if (text !== null && !inHelpText(node)) {
        const options = [...text.matchAll(OPTION)].map((m) => m[0]);
        if (options.length > 0 || COMMAND.test(text)) found.push({ file, text, options, usage: inUsageError(node) });
        if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const usageOptionsFile = join(repoRoot, "tests/pester/fixtures/exe-usage-options.json");
const moduleStrings = readFileSync(join(repoRoot, "module/en-US/CertRebind.strings.psd1"), "utf8");
const stringOf = (key: string) => new RegExp(`^${key} = (.*)$`, "m").exec(moduleStrings)?.[1];

test("every text of the exe that names an option or command is a remedy, a usage error the module keeps out, or no message", () => {
  const found = textsNamingOptions();
  assert.ok(found.length > 20, "the walk finds the usage errors at least");
  const stray = found.filter((f) => !f.usage && !NOT_MESSAGES.some((n) => n.file === f.file && f.text.includes(n.text)));
  assert.deepEqual(stray, [], "name the option through withRemedy (ts-src/core/remedy.ts), or say why the text never reaches a cmdlet");
  const unused = NOT_MESSAGES.filter((n) => !found.some((f) => f.file === n.file && f.text.includes(n.text)));
  assert.deepEqual(unused, [], "an exception that no longer matches anything");

  const usageOptions = new Set(found.filter((f) => f.usage).flatMap((f) => f.options));
  usageOptions.add("--after").add("--before");
  const guarded = JSON.parse(readFileSync(usageOptionsFile, "utf8")) as Record<string, unknown>;
  const unguarded = [...usageOptions].filter((o) => !(o in guarded)).sort();
  assert.deepEqual(unguarded, [], "a usage error names an option that tests/pester/fixtures/exe-usage-options.json does not say how the module keeps out");
});

test("every remedy has the module's own sentence, naming its cmdlets and parameters and none of the exe's options", () => {
  const POWERSHELL_NAMES: Record<string, string[]> = {
    "--allow-name-mismatch": ["-AllowNameMismatch"],
    "--restart-services": ["-RestartService"],
    "--wait": ["-WaitSeconds"],
    "--host-root": ["-HostRoot"],
    "--old": ["-OldThumbprint"],
    "--new": ["-NewThumbprint"],
    "--max": ["-MaxEvents"],
    "--replace-builtin": ["-ReplaceBuiltIn"],
    "--exe-path": ["CERTREBIND_EXE"],
    "--force": ["-Force"],
    "task enable": ["Enable-IISCertAutoRebind"],
  };
  for (const kind of REMEDY_KINDS) {
    const remedy = remedyOf(withRemedy("Something happened.", kind))!;
    assert.deepEqual([...remedy.text.matchAll(OPTION)].map((m) => m[0]).sort(), [...remedy.options].sort(), `${kind}: options are those its text names`);
    assert.equal(remedy.command !== null, COMMAND.test(remedy.text), `${kind}: command is named when the text names one`);
    const key = `Remedy${kind[0]!.toUpperCase()}${kind.slice(1)}`;
    const sentence = stringOf(key);
    assert.ok(sentence, `module/en-US/CertRebind.strings.psd1 has ${key}`);
    assert.doesNotMatch(sentence, OPTION, `${key} names no option of the exe`);
    assert.doesNotMatch(sentence, COMMAND, `${key} names no command of the exe`);
    for (const exeName of [...remedy.options, ...(remedy.command ? [remedy.command] : [])]) {
      for (const name of POWERSHELL_NAMES[exeName] ?? assert.fail(`${exeName}: which PowerShell name says it?`)) {
        assert.ok(sentence.includes(name), `${key} names ${name}`);
      }
    }
  }
  const keys = [...moduleStrings.matchAll(/^Remedy(\w+) = /gm)].map((m) => m[1]!);
  assert.deepEqual(keys.sort(), REMEDY_KINDS.map((k) => `${k[0]!.toUpperCase()}${k.slice(1)}`).sort(), "no sentence for a remedy the exe does not give");
});
