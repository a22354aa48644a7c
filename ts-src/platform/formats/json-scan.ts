/*
 * Strict JSON (RFC 8259) read into a tree that keeps where each value stands in the text, so that a value can be
 * replaced with every other character of the file untouched, and that refuses what JSON.parse lets through
 * silently: a key given twice in one object. Nesting is limited (JSON_MAX_DEPTH) so that hostile input cannot
 * exhaust the stack.
 */

export type JsonNode =
  | { type: "object"; start: number; end: number; members: JsonMember[] }
  | { type: "array"; start: number; end: number; items: JsonNode[] }
  | { type: "string"; start: number; end: number; value: string }
  | { type: "number"; start: number; end: number; value: number; raw: string }
  | { type: "boolean"; start: number; end: number; value: boolean }
  | { type: "null"; start: number; end: number };

export interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export const JSON_MAX_DEPTH = 64;

/** A text that is not JSON: what was wrong and at which offset of the text. */
export class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "JsonScanError";
  }
}

/** The value of `text` from `from` (after a BOM, if the caller skips it) to its end, white space around it allowed. */
export function scanJson(text: string, from = 0): JsonNode {
  const scanner = new Scanner(text, from);
  scanner.space();
  const node = scanner.value(0);
  scanner.space();
  if (scanner.at < text.length) throw new JsonScanError(scanner.at, `unexpected ${describe(text, scanner.at)} after the JSON value`);
  return node;
}

/** Finds the 1-based line of offsets of one text, each in logarithmic time after one pass over the text. */
export function lineFinder(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) breaks.push(i);
  return (offset) => {
    let low = 0;
    let high = breaks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (breaks[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_STRING = /[^"\\\u0000-\u001f]*/y;

function describe(text: string, at: number): string {
  return at >= text.length ? "end of text" : `'${JSON.stringify(text[at]).slice(1, -1)}'`;
}

class Scanner {
  constructor(
    readonly text: string,
    public at: number,
  ) {}

  space(): void {
    const { text } = this;
    while (this.at < text.length) {
      const c = text.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.at++;
    }
  }

  private fail(detail: string): never {
    throw new JsonScanError(this.at, detail);
  }

  private expect(char: string): void {
    if (this.text[this.at] !== char) this.fail(`expected '${char}', found ${describe(this.text, this.at)}`);
    this.at++;
  }

  value(depth: number): JsonNode {
    if (depth > JSON_MAX_DEPTH) this.fail(`values nested deeper than ${JSON_MAX_DEPTH} levels`);
    const { text } = this;
    const start = this.at;
    switch (text.charCodeAt(start)) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return { type: "string", start, value: this.string(), end: this.at };
      case 0x74: // t
        return this.word("true", { type: "boolean", start, end: start + 4, value: true });
      case 0x66: // f
        return this.word("false", { type: "boolean", start, end: start + 5, value: false });
      case 0x6e: // n
        return this.word("null", { type: "null", start, end: start + 4 });
    }
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(text);
    if (!match) this.fail(`expected a JSON value, found ${describe(text, start)}`);
    this.at += match[0].length;
    return { type: "number", start, end: this.at, value: Number(match[0]), raw: match[0] };
  }

  private word(word: string, node: JsonNode): JsonNode {
    if (!this.text.startsWith(word, this.at)) this.fail(`expected a JSON value, found ${describe(this.text, this.at)}`);
    this.at += word.length;
    return node;
  }

  private object(depth: number): JsonNode {
    const start = this.at++;
    const members: JsonMember[] = [];
    const keys = new Set<string>();
    this.space();
    if (this.text[this.at] === "}") {
      this.at++;
      return { type: "object", start, end: this.at, members };
    }
    for (;;) {
      this.space();
      const keyStart = this.at;
      if (this.text[this.at] !== '"') this.fail(`expected a key in double quotes, found ${describe(this.text, this.at)}`);
      const key = this.string();
      if (keys.has(key)) throw new JsonScanError(keyStart, `the key "${key}" is given twice in one object`);
      keys.add(key);
      this.space();
      this.expect(":");
      this.space();
      members.push({ key, keyStart, value: this.value(depth + 1) });
      this.space();
      if (this.text[this.at] === ",") {
        this.at++;
        continue;
      }
      this.expect("}");
      return { type: "object", start, end: this.at, members };
    }
  }

  private array(depth: number): JsonNode {
    const start = this.at++;
    const items: JsonNode[] = [];
    this.space();
    if (this.text[this.at] === "]") {
      this.at++;
      return { type: "array", start, end: this.at, items };
    }
    for (;;) {
      this.space();
      items.push(this.value(depth + 1));
      this.space();
      if (this.text[this.at] === ",") {
        this.at++;
        continue;
      }
      this.expect("]");
      return { type: "array", start, end: this.at, items };
    }
  }

  /** A string from its opening quote; escapes decoded as JSON.parse decodes them. */
  private string(): string {
    const start = this.at++;
    PLAIN_STRING.lastIndex = this.at;
    this.at += PLAIN_STRING.exec(this.text)![0].length;
    if (this.text[this.at] === '"') {
      this.at++;
      return this.text.slice(start + 1, this.at - 1);
    }
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) throw new JsonScanError(start, "a string that is never closed");
      if (c === '"') break;
      if (c === "\\") {
        const escape = /\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/y;
        escape.lastIndex = this.at;
        const match = escape.exec(this.text);
        if (!match) this.fail(`an invalid escape ${JSON.stringify(this.text.slice(this.at, this.at + 2))} in a string`);
        this.at += match[0].length;
      } else if (c.charCodeAt(0) < 0x20) {
        this.fail("a control character inside a string (write it as an escape)");
      } else {
        this.at++;
      }
    }
    this.at++;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }
}
