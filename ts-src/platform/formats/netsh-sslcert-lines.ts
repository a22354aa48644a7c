/**
 * The lines of `netsh http show sslcert` output, by shape (see netsh-sslcert.ts): where they start, where a
 * `label : value` line splits, and one line printed with another value.
 */

/** The line from `start` to `end` without its terminator and the white space at its end (trimEnd). */
export function contentOf(text: string, start: number, end: number): string {
  for (;;) {
    const c = text.charCodeAt(end - 1);
    if (end > start && (c === 0x20 || (c >= 0x09 && c <= 0x0d))) end--;
    else if (end > start && c >= 0x80) return text.slice(start, end).trimEnd(); // other white space: trimEnd knows it
    else return text.slice(start, end);
  }
}

/** One string for each label or value, whatever the number of records that have it. */
export function sharedStrings(): (value: string) => string {
  const strings = new Map<string, string>();
  return (value) => {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  };
}

/** A `label : value` line. */
export interface FieldLine {
  indent: number;
  label: string;
  /** Trimmed; empty when the line ends at the colon. */
  value: string;
}

/** Lines of printable ASCII and tabs (about 25 a record), whose separator findSeparator finds with a plain scan. */
const NOT_PLAIN = /[^\x20-\x7e\t]/;

/** Splits at the first run of white space followed by ':' and then a space or the end of the line. */
export function splitField(content: string, shared: (value: string) => string = (value) => value): FieldLine | null {
  const indent = indentOf(content);
  const separator = findSeparator(content, indent);
  if (!separator) return null;
  return { indent, label: shared(content.slice(indent, separator.labelEnd)), value: shared(content.slice(separator.colon + 2).trim()) };
}

const isBlank = (c: number) => c === 0x20 || c === 0x09;

/** Where the lines of a text start: after each '\n' (a text that ends with one has no empty last line). */
export function lineStartsOf(text: string): number[] {
  const starts: number[] = text === "" ? [] : [0];
  for (let nl = text.indexOf("\n"); nl >= 0 && nl + 1 < text.length; nl = text.indexOf("\n", nl + 1)) starts.push(nl + 1);
  return starts;
}

/** The length of the leading white space: spaces and tabs scanned, any other white space left to trimStart. */
function indentOf(content: string): number {
  let i = 0;
  while (i < content.length && isBlank(content.charCodeAt(i))) i++;
  return i < content.length && /\s/.test(content[i]!) ? content.length - content.trimStart().length : i;
}

/**
 * Where the label ends and the separating colon is: the first ':' that follows a run of white space after the label
 * and ends the line or is followed by a space, with no line break (CR, U+2028, U+2029) in the label or the value.
 * A scan rather than a regular expression: a backtracking one takes quadratic time on long runs of white space.
 */
function findSeparator(content: string, indent: number): { labelEnd: number; colon: number } | null {
  return NOT_PLAIN.test(content) ? findAnySeparator(content, indent) : findPlainSeparator(content, indent);
}

/** findSeparator where white space is only ' ' and '\t' and no line break can occur. */
function findPlainSeparator(content: string, indent: number): { labelEnd: number; colon: number } | null {
  for (let colon = content.indexOf(":", indent + 1); colon >= 0; colon = content.indexOf(":", colon + 1)) {
    if (!isBlank(content.charCodeAt(colon - 1))) continue;
    if (colon + 1 < content.length && content.charCodeAt(colon + 1) !== 0x20) continue;
    let labelEnd = colon - 1;
    while (labelEnd > indent + 1 && isBlank(content.charCodeAt(labelEnd - 1))) labelEnd--;
    return { labelEnd, colon };
  }
  return null;
}

function findAnySeparator(content: string, indent: number): { labelEnd: number; colon: number } | null {
  let firstBreak = -1;
  let lastBreak = -1;
  for (let i = indent; i < content.length; i++) {
    const ch = content[i];
    if (ch === "\r" || ch === "\u2028" || ch === "\u2029") {
      if (firstBreak < 0) firstBreak = i;
      lastBreak = i;
    }
  }
  const colons = /\s:/g;
  colons.lastIndex = indent;
  for (let match = colons.exec(content); match; match = colons.exec(content)) {
    const colon = match.index + 1;
    let labelEnd = match.index;
    while (labelEnd > indent + 1 && /\s/.test(content[labelEnd - 1]!)) labelEnd--;
    if (firstBreak >= 0 && firstBreak < labelEnd) return null;
    if (colon + 1 === content.length || (content[colon + 1] === " " && lastBreak < colon)) return { labelEnd, colon };
    colons.lastIndex = colon + 1;
  }
  return null;
}

export function isHeading(content: string): boolean {
  return /^\s*\S.*:$/.test(content);
}

export function splitEol(raw: string): [string, string] {
  let end = raw.length;
  while (end > 0 && (raw.charCodeAt(end - 1) === 0x0a || raw.charCodeAt(end - 1) === 0x0d)) end--;
  return [raw.slice(0, end), raw.slice(end)];
}

/** A value-less line that opens a sub-block: no separator and ending with ':', or indented less than the hash line. */
export function isSubBlockHeading(content: string, field: FieldLine | null, fieldIndent: number | null): boolean {
  if (field === null) return isHeading(content);
  return field.value === "" && fieldIndent !== null && field.indent < fieldIndent;
}

/** The line with another value; the label, the spaces after the colon and the white space at the end stay. */
export function withValue(line: string, value: string): string {
  const [body, eol] = splitEol(line);
  const content = body.trimEnd();
  const { colon } = findSeparator(content, indentOf(content))!;
  const after = body.slice(colon + 1);
  // Only spaces separate the value: a value that was empty is not written after trailing tabs, where no reader finds it.
  const separator = / */.exec(after)![0];
  const rest = after.slice(separator.length);
  return `${body.slice(0, colon + 1)}${separator || " "}${value}${rest.slice(rest.trimEnd().length)}${eol}`;
}

/**
 * `(null)` and nothing both mean "not set" (`(null)` in the captures netsh-sslcert.ts cites; nothing in
 * https://adrianjnkns.medium.com/http-and-https-bindings-in-iis-5d8c1350e5ad).
 */
export function nullable(value: string): string | null {
  return value === "" || value === "(null)" ? null : value;
}
