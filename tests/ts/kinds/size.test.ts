import { test } from "node:test";
import assert from "node:assert/strict";
import type { SourceFile } from "./architecture-rules.js";
import { sourceFiles } from "../support/source-files.js";
import { functionLengths, lineCount, MAX_FILE_LINES, MAX_FUNCTION_LINES, sizeViolations, type SizeLimits } from "./size-rules.js";

/**
 * Files and functions allowed over the limits, each with the size it may not grow past: none today. The test fails
 * on an exception no longer needed, so that this list only shrinks.
 */
const EXCEPTIONS = new Map<string, number>();

const LIMITS: SizeLimits = { maxFileLines: MAX_FILE_LINES, maxFunctionLines: MAX_FUNCTION_LINES, exceptions: EXCEPTIONS };


test(`no file of ts-src is over ${MAX_FILE_LINES} lines and no function over ${MAX_FUNCTION_LINES}, but the listed exceptions`, () => {
  const files = sourceFiles();
  assert.ok(files.length > 100 && files.some((f) => f.path === "ts-src/cli/main.ts"), "the whole tree was read");
  assert.deepEqual(sizeViolations(files, LIMITS), []);
});

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join("\n") + "\n";
const longFunction = (name: string, body: number) => `export function ${name}(): number {\n  let n = 0;\n${lines(body, () => "  n += 1;")}  return n;\n}\n`;
const withFile = (path: string, text: string) => [...sourceFiles(), { path, text }];

// Each rule, broken on purpose in a copy of the real tree: the check reports exactly that break.
const breaks: [string, () => SourceFile[], SizeLimits, RegExp][] = [
  ["a file of 301 lines", () => withFile("ts-src/core/long.ts", lines(301, (i) => `export const a${i} = ${i};`)), LIMITS, /^ts-src\/core\/long\.ts: file of 301 lines, over 300$/],
  ["a function of 61 lines", () => withFile("ts-src/core/long.ts", longFunction("count", 57)), LIMITS, /^ts-src\/core\/long\.ts:count: function of 61 lines, over 60$/],
  ["a method of 61 lines", () => withFile("ts-src/core/long.ts", `export class Counter {\n  count(): number {\n    let n = 0;\n${lines(57, () => "    n += 1;")}    return n;\n  }\n}\n`), LIMITS, /ts-src\/core\/long\.ts:Counter\.count: function of 61 lines/],
  ["an arrow function of 61 lines", () => withFile("ts-src/core/long.ts", `export const count = (): number => {\n  let n = 0;\n${lines(57, () => "  n += 1;")}  return n;\n};\n`), LIMITS, /ts-src\/core\/long\.ts:count: function of 61 lines/],
  ["an excepted file grown past its exception", () => withFile("ts-src/core/long.ts", lines(320, (i) => `export const a${i} = ${i};`)), { ...LIMITS, exceptions: new Map([...EXCEPTIONS, ["ts-src/core/long.ts", 310]]) }, /long\.ts: file of 320 lines, over 310/],
  ["an exception no longer needed", () => sourceFiles(), { ...LIMITS, exceptions: new Map([...EXCEPTIONS, ["ts-src/cli/main.ts", 400]]) }, /^ts-src\/cli\/main\.ts: excepted, but now \d+ lines, within 300: drop the exception$/],
  ["an exception for a file that is gone", () => sourceFiles(), { ...LIMITS, exceptions: new Map([...EXCEPTIONS, ["ts-src/core/gone.ts:f", 70]]) }, /^ts-src\/core\/gone\.ts:f: excepted, but there is no such file or function any more$/],
];

for (const [name, files, limits, expected] of breaks) {
  test(`the size check fails on ${name}`, () => {
    const violations = sizeViolations(files(), limits);
    assert.equal(violations.length, 1, violations.join("\n"));
    assert.match(violations[0]!, expected);
  });
}

test("what the size check allows: 300 lines, 60-line functions, and text a function carries (help text, scripts)", () => {
  const helpText = `export function help(): string {\n  return \`\n${lines(200, (i) => `line ${i} of the help`)}\`;\n}\n`;
  const files = [
    ...sourceFiles(),
    { path: "ts-src/core/at-limit.ts", text: lines(300, (i) => `export const a${i} = ${i};`) },
    { path: "ts-src/core/at-limit-function.ts", text: longFunction("count", 56) },
    { path: "ts-src/core/help.ts", text: helpText },
  ];
  assert.deepEqual(sizeViolations(files, LIMITS), []);
  assert.equal(lineCount("a\nb\n"), 2);
  assert.deepEqual(functionLengths("ts-src/core/help.ts", helpText), [{ key: "ts-src/core/help.ts:help", lines: 4 }]);
});
