/*
 * The rules every XML reader of CertRebind follows, kept once (xml-tokenizer.ts applies them; the lifecycle events'
 * summary, events/event-summary.ts, matches by them):
 * - Names: `[A-Za-z_][-A-Za-z0-9_.]*`, with at most one prefix (`p:name`, a QName of XML Namespaces), ASCII only.
 *   Elements and attributes are told apart by their whole name; namespace-aware readers compare the local name
 *   (what follows the colon).
 * - White space: XML's four characters, space, tab, CR and LF (not JavaScript's `\s`: no form feed, no NBSP).
 * - Entities: in attribute values and in text, the five predefined entities (`&amp; &lt; &gt; &quot; &apos;`) and
 *   character references (`&#65;`, `&#x41;`, any number of digits) to a character: not 0, not a surrogate, not above
 *   U+10FFFF. Any other reference and a bare `&` are refused, and a DOCTYPE (where entities are declared) is refused
 *   outright: nothing is ever expanded.
 * Errors are XmlSyntaxError with the offset of the problem; each reader turns it into its own error (with a line).
 */

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "XmlSyntaxError";
  }
}

/** Where the white space (XML's: space, tab, CR, LF) from `at` ends. */
export function skipSpace(text: string, at: number): number {
  for (;;) {
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return at;
    at++;
  }
}

export const isNameStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
export const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

/** 2: may start a name, 1: may only go on in one, 0: neither; for the ASCII characters (none other is in a name). */
export const NAME_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) NAME_CLASS[c] = isNameStart(c) ? 2 : isNameChar(c) ? 1 : 0;

/** The end of the name (`[A-Za-z_][-A-Za-z0-9_.]*`, once more after one `:`) at `at`, or `at` when none starts there. */
export function nameEnd(text: string, at: number): number {
  if (NAME_CLASS[text.charCodeAt(at)] !== 2) return at; // NaN and 128+ index nothing: undefined
  let end = partEnd(text, at + 1);
  if (text.charCodeAt(end) === 0x3a && NAME_CLASS[text.charCodeAt(end + 1)] === 2) end = partEnd(text, end + 2);
  return end;
}

function partEnd(text: string, at: number): number {
  while (NAME_CLASS[text.charCodeAt(at)]! > 0) at++; // undefined > 0 is false
  return at;
}

/** The name without its prefix. */
export const localName = (name: string): string => name.slice(name.indexOf(":") + 1);

/** Whether the name read from `start` to `end` in `text` is `wanted` without its prefix. */
export function localNameIs(text: string, start: number, end: number, wanted: string): boolean {
  const local = end - wanted.length;
  if (local < start || !text.startsWith(wanted, local)) return false;
  return local === start || text.charCodeAt(local - 1) === 0x3a; // a name read holds at most one colon
}

/** Whether `text` holds the same `length` characters at `a` and at `b`. */
export function sameText(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the references of `raw` (text or an attribute value found at `offset`, for the error); refuses others. */
export function decodeXmlText(raw: string, offset = 0): string {
  if (!raw.includes("&")) return raw;
  let out = "";
  let last = 0;
  REFERENCE.lastIndex = 0;
  for (let match = REFERENCE.exec(raw); match; match = REFERENCE.exec(raw)) {
    if (raw.indexOf("&", last) < match.index) break;
    out += raw.slice(last, match.index);
    const [reference, hex, decimal, named] = match;
    if (named) out += NAMED[named]!;
    else out += characterOf(reference, hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal), offset + match.index);
    last = REFERENCE.lastIndex;
  }
  const bare = raw.indexOf("&", last);
  if (bare >= 0) {
    const reference = /^&[^;\s<&]{0,40};?/.exec(raw.slice(bare))![0];
    throw new XmlSyntaxError(
      `the entity reference '${reference}' is refused: only &amp; &lt; &gt; &quot; &apos; and character references are read, nothing is expanded`,
      offset + bare,
    );
  }
  return out + raw.slice(last);
}

function characterOf(reference: string, code: number, offset: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    throw new XmlSyntaxError(`the character reference ${reference} is not a character`, offset);
  }
  return String.fromCodePoint(code);
}

/** `value` for an attribute value between double quotes. */
export function encodeXmlAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

/** `value` for the attribute value that ends at `valueEnd` in `text`: `'` is escaped too where single quotes enclose it. */
export function encodeXmlAttributeIn(text: string, valueEnd: number, value: string): string {
  const encoded = encodeXmlAttribute(value);
  return text[valueEnd] === "'" ? encoded.replace(/'/g, "&apos;") : encoded;
}

/** 1-based line number of an offset, for messages. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
