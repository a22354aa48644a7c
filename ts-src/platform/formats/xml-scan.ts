/**
 * A small, strict XML tag scanner for configuration files. It yields start and end tags with the exact
 * offsets of every attribute value, so that an edit can replace a value and leave every other byte alone.
 * It refuses DOCTYPE (and so entity definitions and their expansion) outright, and nesting deeper than
 * MAX_XML_DEPTH.
 */

export interface XmlAttribute {
  name: string;
  /** Decoded value. */
  value: string;
  /** Offsets of the raw value between the quotes, in the scanned string. */
  valueStart: number;
  valueEnd: number;
}

export type XmlToken =
  | { type: "start"; name: string; attributes: XmlAttribute[]; selfClosing: boolean; offset: number }
  | { type: "end"; name: string; offset: number };

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "XmlSyntaxError";
  }
}

/** Far deeper than any IIS configuration nests (location/system.webServer/security/…/add: about 10). */
export const MAX_XML_DEPTH = 256;

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /\s*/y;
const ENTITY = /&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; `offset` is where `raw` starts, for the error. */
export function decodeXmlText(raw: string, offset = 0): string {
  if (!raw.includes("&")) return raw; // most values: no replace() to run
  return raw.replace(ENTITY, (reference: string, ref: string, at: number) => {
    if (!ref.startsWith("#")) return NAMED[ref] ?? "";
    const code = ref.startsWith("#x") ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlSyntaxError(`the character reference ${reference} is not a character`, offset + at);
    }
    return String.fromCodePoint(code);
  });
}

export function encodeXmlAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

/** `value` encoded to replace the value of `attribute` in `text`: `'` is escaped too where single quotes enclose it. */
export function encodeXmlAttributeIn(text: string, attribute: XmlAttribute, value: string): string {
  const encoded = encodeXmlAttribute(value);
  return text[attribute.valueEnd] === "'" ? encoded.replace(/'/g, "&apos;") : encoded;
}

/** Scans every tag, checking that end tags match start tags. */
export function* scanXml(text: string): Generator<XmlToken> {
  const open: string[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    if (text.startsWith("<!--", lt)) {
      i = skipPast(text, lt, "-->", "comment");
    } else if (text.startsWith("<![CDATA[", lt)) {
      i = skipPast(text, lt, "]]>", "CDATA section");
    } else if (text.startsWith("<?", lt)) {
      i = skipPast(text, lt, "?>", "processing instruction");
    } else if (text.startsWith("<!", lt)) {
      throw new XmlSyntaxError("a DOCTYPE or entity declaration is not allowed in this file", lt);
    } else if (text.startsWith("</", lt)) {
      const name = readName(text, lt + 2);
      const close = text.indexOf(">", lt);
      if (close < 0 || text.slice(lt + 2 + name.length, close).trim() !== "") {
        throw new XmlSyntaxError(`the end tag </${name}> is not closed`, lt);
      }
      const expected = open.pop();
      if (expected !== name) {
        throw new XmlSyntaxError(
          expected ? `</${name}> closes <${expected}>` : `</${name}> has no matching start tag`,
          lt,
        );
      }
      yield { type: "end", name, offset: lt };
      i = close + 1;
    } else {
      const tag = readStartTag(text, lt);
      if (open.length >= MAX_XML_DEPTH) throw new XmlSyntaxError(`elements are nested deeper than ${MAX_XML_DEPTH} levels`, lt);
      if (!tag.token.selfClosing) open.push(tag.token.name);
      yield tag.token;
      i = tag.next;
    }
  }
  if (open.length > 0) {
    throw new XmlSyntaxError(`the file ends before <${open[open.length - 1]}> is closed`, text.length);
  }
}

function skipPast(text: string, from: number, terminator: string, what: string): number {
  const end = text.indexOf(terminator, from);
  if (end < 0) throw new XmlSyntaxError(`a ${what} is not closed`, from);
  return end + terminator.length;
}

// The names and spaces of every tag: a sticky regular expression's test() (or a look at the character) finds where
// they end without allocating a match; this runs some 30 times per site of a large configuration.

function readName(text: string, at: number): string {
  NAME.lastIndex = at;
  if (!NAME.test(text)) throw new XmlSyntaxError("a tag name was expected", at);
  return text.slice(at, NAME.lastIndex);
}

/** Past JavaScript's white space (`\s`): ASCII looked at here, anything else left to the regular expression. */
function skipSpace(text: string, at: number): number {
  for (;;) {
    const c = text.charCodeAt(at);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) at++;
    else if (c < 0x80 || Number.isNaN(c)) return at;
    else break;
  }
  SPACE.lastIndex = at;
  SPACE.test(text);
  return SPACE.lastIndex;
}

function readStartTag(text: string, lt: number): { token: XmlToken & { type: "start" }; next: number } {
  const name = readName(text, lt + 1);
  const attributes: XmlAttribute[] = [];
  const seen = new Set<string>();
  let i = lt + 1 + name.length;
  for (;;) {
    const afterSpace = skipSpace(text, i);
    if (text.startsWith("/>", afterSpace)) {
      return { token: { type: "start", name, attributes, selfClosing: true, offset: lt }, next: afterSpace + 2 };
    }
    if (text[afterSpace] === ">") {
      return { token: { type: "start", name, attributes, selfClosing: false, offset: lt }, next: afterSpace + 1 };
    }
    if (afterSpace === i) throw new XmlSyntaxError(`unexpected character in <${name}>`, afterSpace);
    const attrName = readName(text, afterSpace);
    let j = skipSpace(text, afterSpace + attrName.length);
    if (text[j] !== "=") throw new XmlSyntaxError(`attribute ${attrName} of <${name}> has no value`, j);
    j = skipSpace(text, j + 1);
    const quote = text[j];
    if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(`attribute ${attrName} of <${name}> is not quoted`, j);
    const close = text.indexOf(quote, j + 1);
    if (close < 0) throw new XmlSyntaxError(`attribute ${attrName} of <${name}> is not closed`, j);
    const raw = text.slice(j + 1, close);
    if (raw.includes("<")) throw new XmlSyntaxError(`attribute ${attrName} of <${name}> contains '<'`, j);
    if (seen.has(attrName)) throw new XmlSyntaxError(`attribute ${attrName} appears twice in <${name}>`, afterSpace);
    seen.add(attrName);
    attributes.push({ name: attrName, value: decodeXmlText(raw, j + 1), valueStart: j + 1, valueEnd: close });
    i = close + 1;
  }
}

/** 1-based line number of an offset, for messages. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
