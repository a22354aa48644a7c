/*
 * The one XML tokenizer: the IIS configuration reader and its byte-exact editors (config-walk.ts), the task
 * definitions (task/xml-tree.ts) and the lifecycle events (events/event-xml.ts) read with it. Beyond the names, white
 * space and entities of xml-rules.ts, it refuses:
 * - a DOCTYPE, and a comment, processing instruction or CDATA section that is not closed;
 * - a start tag whose attributes are not `name = "value"` or `'value'`, are given twice, or hold a `<`;
 * - an end tag that does not close the open element (white space may come before its `>`);
 * - a second root element, and text other than white space outside the root (a byte order mark may start the text:
 *   U+FEFF, or the UTF-8 mark's three bytes as a file that is not UTF-8 throughout reads in cp1252, `ï»¿`);
 * - nesting deeper than `maxDepth`, at the element that goes too deep, before reading on.
 * Comments and processing instructions are skipped unread. It reads by `indexOf`, character codes and sticky regular
 * expressions' test(); a start tag's attributes are offsets in arrays used again for every tag, so nothing is cut
 * out of the text unless it is asked for (a value or text with a reference is decoded, and so checked, when read).
 */
import { XmlAttributeList } from "./xml-attributes.js";
import { decodeXmlText, isNameStart, nameEnd, sameText, skipSpace, XmlSyntaxError } from "./xml-rules.js";

export const XML_END_OF_TEXT = 0;
export const XML_START_TAG = 1;
export const XML_END_TAG = 2;
/** Text inside the root element: character data or a CDATA section. */
export const XML_TEXT = 3;

export interface XmlTokenizerOptions {
  maxDepth: number;
  /** The root element expected, for messages (`text before <Event>`). */
  root?: string;
  /** Text is checked but not handed out. */
  skipText?: boolean;
}

const UTF8_MARK_READ_BYTEWISE = "\u00EF\u00BB\u00BF";
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const GT = 0x3e;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

export class XmlTokenizer {
  /** The token's offset (its `<`, or where its text starts) and the offset just after it. */
  start = 0;
  end = 0;
  /** A tag's name. */
  nameStart = 0;
  nameEnd = 0;
  selfClosing = false;
  /** Text: where its content lies (a CDATA section's, inside the markup). */
  textStart = 0;
  textEnd = 0;
  /** A start tag's attributes. */
  readonly attributes: XmlAttributeList;
  private decodedText: string | null = null;
  /** Name offsets of the open elements, in pairs: the first `2 * depth` numbers (the list is not shortened). */
  private readonly open: number[] = [];
  private depth = 0;
  private rootSeen = false;
  private closedRoot: string | null = null;
  private at: number;
  /** The next `&` at or after the text read (or Infinity): a value or text holds a reference only if it is before its end. */
  private ampersand: number;
  /** The first `<` found after a value's opening quote, kept while it lies ahead: a tag's values search for it once. */
  private lessThan = -1;

  constructor(
    readonly text: string,
    private readonly options: XmlTokenizerOptions,
  ) {
    this.at = text.startsWith("\uFEFF") ? 1 : text.startsWith(UTF8_MARK_READ_BYTEWISE) ? 3 : 0;
    this.ampersand = text.indexOf("&") < 0 ? Infinity : text.indexOf("&");
    this.attributes = new XmlAttributeList(text);
  }

  /** Reads the next token, its kind. */
  next(): number {
    const text = this.text;
    for (;;) {
      const from = this.at;
      if (from >= text.length) return this.endOfText();
      const lt = text.indexOf("<", from);
      const textEnd = lt < 0 ? text.length : lt;
      if (textEnd > from) {
        this.at = textEnd;
        if (this.characters(from, textEnd, from, true)) return XML_TEXT;
        continue;
      }
      const c = text.charCodeAt(lt + 1);
      if (c === SLASH) return this.endTag(lt);
      if (c !== BANG && c !== QUESTION) return this.startTag(lt);
      if (this.markup(lt)) return XML_TEXT;
    }
  }

  name(): string {
    return this.text.slice(this.nameStart, this.nameEnd);
  }

  /** Whether the tag's name is `wanted`. */
  isName(wanted: string): boolean {
    return this.nameEnd - this.nameStart === wanted.length && this.text.startsWith(wanted, this.nameStart);
  }

  /** The decoded text of a text token. */
  textValue(): string {
    return this.decodedText ?? this.text.slice(this.textStart, this.textEnd);
  }

  private fail(message: string, offset: number): never {
    throw new XmlSyntaxError(message, offset);
  }

  /** The first `<` after `at` (or Infinity); asked in the order of the text, as holdsReference is. */
  private lessThanAfter(at: number): number {
    if (this.lessThan <= at) {
      const next = this.text.indexOf("<", at + 1);
      this.lessThan = next < 0 ? Infinity : next;
    }
    return this.lessThan;
  }

  /** Whether `start` to `end` holds an `&`; asked in the order of the text, so the whole text is searched once. */
  private holdsReference(start: number, end: number): boolean {
    if (this.ampersand < start) {
      const next = this.text.indexOf("&", start);
      this.ampersand = next < 0 ? Infinity : next;
    }
    return this.ampersand < end;
  }

  /** Text from `start` to `end` (`decode` false: CDATA, reported at `offset`); whether it is handed out. */
  private characters(start: number, end: number, offset: number, decode: boolean): boolean {
    if (this.depth === 0) {
      if (decode && skipSpace(this.text, start) >= end) return false;
      if (this.closedRoot !== null) this.fail(`text after </${this.closedRoot}>`, offset);
      this.fail(`text before <${this.options.root ?? "the root element"}>`, offset);
    }
    this.decodedText = decode && this.holdsReference(start, end) ? decodeXmlText(this.text.slice(start, end), start) : null;
    this.start = offset;
    this.end = this.at;
    this.textStart = start;
    this.textEnd = end;
    return this.options.skipText !== true;
  }

  /** A comment, processing instruction or CDATA section; whether it is a CDATA section handed out as text. */
  private markup(lt: number): boolean {
    const text = this.text;
    if (text.startsWith("<!--", lt)) {
      this.at = this.past(lt, "-->", "a comment");
    } else if (text.startsWith("<![CDATA[", lt)) {
      this.at = this.past(lt, "]]>", "a CDATA section");
      return this.characters(lt + 9, this.at - 3, lt, false);
    } else if (text.charCodeAt(lt + 1) === QUESTION) {
      this.at = this.past(lt, "?>", "a processing instruction");
    } else {
      this.fail("a DOCTYPE or entity declaration is not allowed: it is refused (entities are never expanded)", lt);
    }
    return false;
  }

  private past(from: number, terminator: string, what: string): number {
    const end = this.text.indexOf(terminator, from);
    if (end < 0) this.fail(`${what} is not closed`, from);
    return end + terminator.length;
  }

  private readName(at: number): number {
    const end = nameEnd(this.text, at);
    if (end === at) this.fail("a name was expected", at);
    return end;
  }

  private endOfText(): number {
    const top = 2 * this.depth;
    if (top > 0) this.fail(`the text ends before <${this.text.slice(this.open[top - 2], this.open[top - 1])}> is closed`, this.text.length);
    if (!this.rootSeen) this.fail(this.options.root ? `no <${this.options.root}> element` : "there is no root element", 0);
    return XML_END_OF_TEXT;
  }

  private endTag(lt: number): number {
    const text = this.text;
    const end = this.readName(lt + 2);
    const close = skipSpace(text, end);
    if (text.charCodeAt(close) !== GT) this.fail(`the end tag </${text.slice(lt + 2, end)}> is not closed`, lt);
    const top = 2 * this.depth;
    if (top === 0) this.fail(`</${text.slice(lt + 2, end)}> has no matching start tag`, lt);
    const openStart = this.open[top - 2]!;
    const openEnd = this.open[top - 1]!;
    if (openEnd - openStart !== end - lt - 2 || !sameText(text, openStart, lt + 2, openEnd - openStart)) {
      this.fail(`</${text.slice(lt + 2, end)}> closes <${text.slice(openStart, openEnd)}>`, lt);
    }
    if (--this.depth === 0) this.closedRoot = text.slice(lt + 2, end);
    this.start = lt;
    this.nameStart = lt + 2;
    this.nameEnd = end;
    this.at = this.end = close + 1;
    return XML_END_TAG;
  }

  private startTag(lt: number): number {
    const text = this.text;
    const end = this.readName(lt + 1);
    this.start = lt;
    this.nameStart = lt + 1;
    this.nameEnd = end;
    this.readAttributes(end);
    if (this.closedRoot !== null) this.fail(`<${this.name()}> after </${this.closedRoot}>`, lt);
    if (this.depth >= this.options.maxDepth) this.fail(`elements are nested deeper than ${this.options.maxDepth} levels`, lt);
    this.rootSeen = true;
    if (!this.selfClosing) {
      this.open[2 * this.depth] = lt + 1;
      this.open[2 * this.depth++ + 1] = end;
    } else if (this.depth === 0) this.closedRoot = this.name();
    this.end = this.at;
    return XML_START_TAG;
  }

  /** The attributes from `from` to the tag's end; sets selfClosing and where reading goes on. */
  private readAttributes(from: number): void {
    const text = this.text;
    const attributes = this.attributes;
    attributes.clear();
    for (let i = from; ; ) {
      const at = skipSpace(text, i);
      const c = text.charCodeAt(at);
      if (c === GT || (c === SLASH && text.charCodeAt(at + 1) === GT)) {
        this.selfClosing = c === SLASH;
        this.at = c === SLASH ? at + 2 : at + 1;
        return;
      }
      if (at === i || !isNameStart(c)) this.fail(`unexpected character in <${this.name()}>`, at);
      const attributeEnd = this.readName(at);
      let j = skipSpace(text, attributeEnd);
      if (text.charCodeAt(j) !== EQUALS) this.attributeFails(at, attributeEnd, "has no value", j);
      j = skipSpace(text, j + 1);
      const quote = text.charCodeAt(j);
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) this.attributeFails(at, attributeEnd, "is not quoted", j);
      const close = text.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", j + 1);
      if (close < 0) this.attributeFails(at, attributeEnd, "is not closed", j);
      if (this.lessThanAfter(j) < close) this.attributeFails(at, attributeEnd, "contains '<'", j);
      if (attributes.has(at, attributeEnd)) this.fail(`attribute ${text.slice(at, attributeEnd)} appears twice in <${this.name()}>`, at);
      attributes.add(at, attributeEnd, j + 1, close, this.holdsReference(j + 1, close) ? decodeXmlText(text.slice(j + 1, close), j + 1) : null);
      i = close + 1;
    }
  }

  private attributeFails(start: number, end: number, problem: string, offset: number): never {
    this.fail(`attribute ${this.text.slice(start, end)} of <${this.name()}> ${problem}`, offset);
  }


}
