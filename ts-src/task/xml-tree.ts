/**
 * Task Scheduler task definitions as a tree: elements (by local name: the task namespace is the default namespace),
 * attributes, and the decoded text directly inside each element, with offsets so that a value can be changed in
 * place. Read with the one XML tokenizer (platform/formats/xml-tokenizer.ts) and its rules; nesting deeper than
 * MAX_XML_DEPTH is refused (a task nests 5 levels: Task/Triggers/EventTrigger/ValueQueries/Value).
 */
import { lineOf, localName, XmlSyntaxError } from "../platform/formats/xml-rules.js";
import { XML_END_OF_TEXT, XML_END_TAG, XML_START_TAG, XmlTokenizer } from "../platform/formats/xml-tokenizer.js";

export const MAX_XML_DEPTH = 256;

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

/** Parses a whole document (a BOM is allowed) and returns its root element. */
export function parseXmlTree(text: string): XmlElement {
  try {
    return readTree(new XmlTokenizer(text, { maxDepth: MAX_XML_DEPTH }));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new XmlTreeError(error.message, lineOf(text, error.offset));
    throw error;
  }
}

function readTree(tokens: XmlTokenizer): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  for (let kind = tokens.next(); kind !== XML_END_OF_TEXT; kind = tokens.next()) {
    const top = stack[stack.length - 1];
    if (kind === XML_START_TAG) {
      const element = startElement(tokens);
      if (top) top.children.push(element);
      else root = element;
      if (!tokens.selfClosing) stack.push(element);
    } else if (kind === XML_END_TAG) {
      top!.contentEnd = tokens.start;
      top!.end = tokens.end;
      stack.pop();
    } else {
      top!.text += tokens.textValue();
    }
  }
  return root!;
}

function startElement(tokens: XmlTokenizer): XmlElement {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < tokens.attributes.count; i++) {
    // Defined rather than assigned: constructor or __proto__ is an attribute like any other.
    Object.defineProperty(attributes, tokens.attributes.name(i), { value: tokens.attributes.value(i), enumerable: true, writable: true, configurable: true });
  }
  const end = tokens.end;
  return { name: localName(tokens.name()), attributes, children: [], text: "", start: tokens.start, contentStart: end, contentEnd: end, end };
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
