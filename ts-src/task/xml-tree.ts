/**
 * A small, strict XML reader for Task Scheduler task definitions: elements (by local name: the task namespace is
 * the default namespace), attributes, and the decoded text directly inside each element, with offsets so that a
 * value can be changed in place. It refuses DOCTYPE (and so entity definitions) outright, and nesting deeper than
 * MAX_XML_DEPTH (a task nests 5 levels: Task/Triggers/EventTrigger/ValueQueries/Value).
 */
import { decodeXmlText, lineOf, MAX_XML_DEPTH, XmlSyntaxError } from "../platform/formats/xml-scan.js";

export interface XmlElement {
  /** Local name (any prefix removed). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Decoded text directly inside the element (CDATA included), not that of its children. */
  text: string;
  /** Offset of '<' of the start tag. */
  start: number;
  /** Offset just after the start tag's '>' (= contentEnd for an empty element `<a/>`). */
  contentStart: number;
  /** Offset of '<' of the end tag (= contentStart for `<a/>`). */
  contentEnd: number;
  /** Offset just after the element. */
  end: number;
}

export class XmlTreeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "XmlTreeError";
  }
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

/** Parses a whole document (a BOM is allowed) and returns its root element. */
export function parseXmlTree(text: string): XmlElement {
  const fail = (message: string, offset: number): never => {
    throw new XmlTreeError(message, lineOf(text, offset));
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > i) {
      const raw = text.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(raw, i, fail);
      else if (raw.trim() !== "") fail("text outside the root element", i);
    }
    if (lt < 0) break;
    if (text.startsWith("<!--", lt)) {
      i = past(text, lt, "-->", "comment", fail);
    } else if (text.startsWith("<![CDATA[", lt)) {
      const close = past(text, lt, "]]>", "CDATA section", fail);
      const top = stack[stack.length - 1];
      if (!top) fail("a CDATA section outside the root element", lt);
      top!.text += text.slice(lt + 9, close - 3);
      i = close;
    } else if (text.startsWith("<?", lt)) {
      i = past(text, lt, "?>", "processing instruction", fail);
    } else if (text.startsWith("<!", lt)) {
      fail("a DOCTYPE or entity declaration is not allowed here", lt);
    } else if (text.startsWith("</", lt)) {
      const name = readName(text, lt + 2, fail);
      const close = text.indexOf(">", lt);
      if (close < 0 || text.slice(lt + 2 + name.length, close).trim() !== "") fail(`the end tag </${name}> is not closed`, lt);
      const open = stack.pop();
      if (!open || open.name !== localName(name)) fail(open ? `</${name}> closes <${open.name}>` : `</${name}> has no start tag`, lt);
      open!.contentEnd = lt;
      open!.end = close + 1;
      i = close + 1;
    } else {
      const { element, selfClosing, next } = readStartTag(text, lt, fail);
      if (stack.length >= MAX_XML_DEPTH) fail(`elements are nested deeper than ${MAX_XML_DEPTH} levels`, lt);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail(`a second root element <${element.name}>`, lt);
      else root = element;
      if (selfClosing) {
        element.contentEnd = next;
        element.end = next;
      } else {
        stack.push(element);
      }
      i = next;
    }
  }
  if (stack.length > 0) fail(`the document ends before <${stack[stack.length - 1]!.name}> is closed`, text.length);
  if (!root) fail("there is no root element", 0);
  return root!;
}

/** The first child element with this local name, or null. */
export function child(element: XmlElement | null | undefined, name: string): XmlElement | null {
  return element?.children.find((c) => c.name === name) ?? null;
}

/** The element at the end of a path of local names below `element`, or null. */
export function descend(element: XmlElement | null, ...names: string[]): XmlElement | null {
  let current = element;
  for (const name of names) current = child(current, name);
  return current;
}

/** Trimmed text of the child with this name, or null when there is no such child. */
export function childText(element: XmlElement | null | undefined, name: string): string | null {
  const found = child(element, name);
  return found ? found.text.trim() : null;
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

function past(text: string, from: number, terminator: string, what: string, fail: (m: string, o: number) => never): number {
  const end = text.indexOf(terminator, from);
  if (end < 0) fail(`a ${what} is not closed`, from);
  return end + terminator.length;
}

function readName(text: string, at: number, fail: (m: string, o: number) => never): string {
  NAME.lastIndex = at;
  const match = NAME.exec(text);
  if (!match) fail("a name was expected", at);
  return match![0];
}

function readStartTag(
  text: string,
  lt: number,
  fail: (m: string, o: number) => never,
): { element: XmlElement; selfClosing: boolean; next: number } {
  const name = readName(text, lt + 1, fail);
  const element: XmlElement = { name: localName(name), attributes: {}, children: [], text: "", start: lt, contentStart: 0, contentEnd: 0, end: 0 };
  let i = lt + 1 + name.length;
  for (;;) {
    const afterSpace = skipSpace(text, i);
    if (text.startsWith("/>", afterSpace)) {
      element.contentStart = afterSpace + 2;
      return { element, selfClosing: true, next: afterSpace + 2 };
    }
    if (text[afterSpace] === ">") {
      element.contentStart = afterSpace + 1;
      return { element, selfClosing: false, next: afterSpace + 1 };
    }
    if (afterSpace === i || afterSpace >= text.length) fail(`unexpected character in <${name}>`, afterSpace);
    const attribute = readName(text, afterSpace, fail);
    let j = skipSpace(text, afterSpace + attribute.length);
    if (text[j] !== "=") fail(`attribute ${attribute} of <${name}> has no value`, j);
    j = skipSpace(text, j + 1);
    const quote = text[j];
    if (quote !== '"' && quote !== "'") fail(`attribute ${attribute} of <${name}> is not quoted`, j);
    const close = text.indexOf(quote!, j + 1);
    if (close < 0) fail(`attribute ${attribute} of <${name}> is not closed`, j);
    const raw = text.slice(j + 1, close);
    if (raw.includes("<")) fail(`attribute ${attribute} of <${name}> contains '<'`, j);
    // Own properties only, defined rather than assigned: constructor or __proto__ is an attribute like any other.
    if (Object.hasOwn(element.attributes, attribute)) fail(`attribute ${attribute} appears twice in <${name}>`, afterSpace);
    Object.defineProperty(element.attributes, attribute, { value: decode(raw, j + 1, fail), enumerable: true, writable: true, configurable: true });
    i = close + 1;
  }
}

/** decodeXmlText, with a reference to no character reported as this reader's error. */
function decode(raw: string, offset: number, fail: (m: string, o: number) => never): string {
  try {
    return decodeXmlText(raw, offset);
  } catch (error) {
    if (error instanceof XmlSyntaxError) fail(error.message, error.offset);
    throw error;
  }
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
