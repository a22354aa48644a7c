/*
 * The size rules of ts-src: no file over 300 lines, no function over 60 lines. Text a function carries (help text, an
 * embedded script: a string or template literal over several lines) does not count towards the function. Pure
 * functions over a list of files, so that each rule is shown to fail on a list that breaks it (size.test.ts).
 */
import ts from "typescript";
import type { SourceFile } from "./architecture-rules.js";

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 60;

export interface SizeLimits {
  maxFileLines: number;
  maxFunctionLines: number;
  /** `path` for a file, `path:name` for a function: allowed over its limit up to the number given. */
  exceptions: ReadonlyMap<string, number>;
}

export interface Oversize {
  /** `path` or `path:name` (the key of an exception). */
  key: string;
  lines: number;
}

/** Lines of a file, not counting the newline that ends the last one. */
export function lineCount(text: string): number {
  if (text === "") return 0;
  const lines = text.split("\n").length;
  return text.endsWith("\n") ? lines - 1 : lines;
}

const lineOf = (file: ts.SourceFile, position: number) => file.getLineAndCharacterOfPosition(position).line;

/** The 0-based lines wholly inside a multi-line string or template literal below `node`: text, not code. */
function textLines(file: ts.SourceFile, node: ts.Node, into: Set<number>): void {
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) {
      const first = lineOf(file, n.getStart(file));
      const last = lineOf(file, n.getEnd());
      for (let line = first + 1; line < last; line += 1) into.add(line);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name !== undefined && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name) || ts.isStringLiteral(named.name))) {
    const owner = ts.isClassLike(node.parent) && node.parent.name !== undefined ? `${node.parent.name.text}.` : "";
    return `${owner}${named.name.text}`;
  }
  if (ts.isConstructorDeclaration(node)) return `${ts.isClassLike(node.parent) && node.parent.name ? node.parent.name.text : "class"}.constructor`;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return `(function at line ${lineOf(node.getSourceFile(), node.getStart()) + 1})`;
}

const isFunction = (n: ts.Node): n is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) ||
  ts.isConstructorDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n);

/** Each function's name and length in lines (its text literals aside), in source order. */
export function functionLengths(path: string, text: string): Oversize[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lengths: Oversize[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body !== undefined) {
      const text = new Set<number>();
      textLines(file, node.body, text);
      const lines = lineOf(file, node.getEnd()) - lineOf(file, node.getStart(file)) + 1 - text.size;
      lengths.push({ key: `${path}:${functionName(node)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lengths;
}

/** Every file and function over its limit and not excepted (or over its exception), then every stale exception. */
export function sizeViolations(files: readonly SourceFile[], limits: SizeLimits): string[] {
  const found: string[] = [];
  const seen = new Map<string, number>();
  const judge = ({ key, lines }: Oversize, limit: number, what: string): void => {
    seen.set(key, Math.max(seen.get(key) ?? 0, lines));
    const allowed = limits.exceptions.get(key) ?? limit;
    if (lines > allowed) found.push(`${key}: ${what} of ${lines} lines, over ${allowed}`);
  };
  for (const { path, text } of files) {
    judge({ key: path, lines: lineCount(text) }, limits.maxFileLines, "file");
    for (const length of functionLengths(path, text)) judge(length, limits.maxFunctionLines, "function");
  }
  for (const [key, allowed] of limits.exceptions) {
    const lines = seen.get(key);
    const limit = key.includes(":") ? limits.maxFunctionLines : limits.maxFileLines;
    if (lines === undefined) found.push(`${key}: excepted, but there is no such file or function any more`);
    else if (lines <= limit) found.push(`${key}: excepted, but now ${lines} lines, within ${limit}: drop the exception`);
  }
  return found;
}
