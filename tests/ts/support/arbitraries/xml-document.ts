import fc from "fast-check";

/*
 * XML documents written in every style the readers must accept: either quote, any white space around attributes
 * and `=`, values with entities and character references, text split into escaped runs, character references and
 * CDATA sections, comments and processing instructions between elements, CRLF or LF, with or without a BOM and a
 * declaration. The renderer records where the raw value of each marked attribute lies, so that a test can check
 * that an edit changed those bytes and no others.
 */

export interface XmlAttr {
  name: string;
  /** Decoded value. */
  value: string;
  quote: '"' | "'";
  /** White space before the name. */
  lead: string;
  /** `=` with the white space around it. */
  equals: string;
  /** Write letters and digits as character references too, not only the characters that must be escaped. */
  references: boolean;
  /** Name under which the raw value's offsets are recorded. */
  mark?: string;
}

export interface XmlElement {
  kind: "element";
  name: string;
  attrs: XmlAttr[];
  children: XmlNode[];
  /** `<a/>` when there are no children. */
  selfClosing: boolean;
  /** White space before the start tag's `>` or `/>`. */
  tagEnd: string;
  /** Name under which the offsets of the content (between the tags) are recorded, when it has any. */
  mark?: string;
}

/** Decoded character data, written as runs that are each escaped, character references or a CDATA section. */
export interface XmlText {
  kind: "text";
  value: string;
  runs: TextRun[];
}

export type TextRun = "escaped" | "references" | "cdata";

export interface XmlTrivia {
  kind: "comment" | "pi" | "space";
  text: string;
}

export type XmlNode = XmlElement | XmlText | XmlTrivia;

export interface XmlDocument {
  bom: boolean;
  declaration: string | null;
  eol: "\n" | "\r\n";
  /** Indentation per level; null writes everything on one line. */
  indent: string | null;
  before: XmlTrivia[];
  root: XmlElement;
  after: XmlTrivia[];
}

export interface RenderedXml {
  text: string;
  /** Offsets of the raw value (between the quotes) of each marked attribute, and of each marked element's content. */
  marks: Map<string, { start: number; end: number }>;
}

export function renderXml(document: XmlDocument): RenderedXml {
  const writer = new Writer(document.eol, document.indent);
  if (document.bom) writer.text += "\uFEFF";
  if (document.declaration !== null) writer.text += document.declaration + document.eol;
  for (const trivia of document.before) {
    writer.write(trivia, 0);
    writer.text += document.eol;
  }
  writer.write(document.root, 0);
  for (const trivia of document.after) {
    writer.text += document.eol;
    writer.write(trivia, 0);
  }
  writer.text += document.eol;
  return { text: writer.text, marks: writer.marks };
}

/** Nodes one after another, each followed by a line end: a document without one root, such as a log of events. */
export function renderNodes(nodes: readonly XmlNode[], eol: "\n" | "\r\n", indent: string | null): string {
  const writer = new Writer(eol, indent);
  for (const node of nodes) {
    writer.write(node, 0);
    writer.text += eol;
  }
  return writer.text;
}

class Writer {
  text = "";
  readonly marks = new Map<string, { start: number; end: number }>();

  constructor(
    private readonly eol: "\n" | "\r\n",
    private readonly indent: string | null,
  ) {}

  write(node: XmlNode, depth: number): void {
    if (node.kind === "text") this.text += encodeText(node);
    else if (node.kind !== "element") this.text += node.kind === "comment" ? `<!--${node.text}-->` : node.kind === "pi" ? `<?${node.text}?>` : node.text;
    else this.element(node, depth);
  }

  private element(node: XmlElement, depth: number): void {
    this.text += `<${node.name}`;
    for (const attr of node.attrs) {
      this.text += `${attr.lead}${attr.name}${attr.equals}${attr.quote}`;
      const start = this.text.length;
      this.text += encodeAttribute(attr);
      if (attr.mark) this.marks.set(attr.mark, { start, end: this.text.length });
      this.text += attr.quote;
    }
    if (node.children.length === 0 && node.selfClosing) {
      this.text += `${node.tagEnd}/>`;
      return;
    }
    this.text += `${node.tagEnd}>`;
    const start = this.text.length;
    // Line ends and indentation only between elements: inside an element with text they would be text too.
    const layout = this.indent !== null && node.children.every((child) => child.kind !== "text");
    for (const child of node.children) {
      if (layout) this.text += this.eol + this.indent!.repeat(depth + 1);
      this.write(child, depth + 1);
    }
    if (layout && node.children.length > 0) this.text += this.eol + this.indent!.repeat(depth);
    if (node.mark) this.marks.set(node.mark, { start, end: this.text.length });
    this.text += `</${node.name}>`;
  }
}

function reference(char: string, style: number): string {
  const code = char.codePointAt(0)!;
  return style % 2 === 0 ? `&#${code};` : `&#x${code.toString(16).toUpperCase()};`;
}

const NAMED_IN_ATTRIBUTE: Record<string, string> = { "&": "&amp;", "<": "&lt;", '"': "&quot;", "'": "&apos;" };

function encodeAttribute(attr: XmlAttr): string {
  let out = "";
  let index = 0;
  for (const char of attr.value) {
    index++;
    if (char === "&" || char === "<" || char === attr.quote) out += index % 3 === 0 ? reference(char, index) : NAMED_IN_ATTRIBUTE[char];
    else if (attr.references && /[A-Za-z0-9]/.test(char)) out += reference(char, index);
    else out += char;
  }
  return out;
}

function encodeText(node: XmlText): string {
  const chars = [...node.value];
  const runs = node.runs.length > 0 ? node.runs : (["escaped"] as TextRun[]);
  const size = Math.max(1, Math.ceil(chars.length / runs.length));
  let out = "";
  runs.forEach((run, i) => {
    const part = chars.slice(i * size, (i + 1) * size).join("");
    if (part === "") return;
    if (run === "cdata") out += `<![CDATA[${part.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
    else if (run === "references") out += [...part].map((c, j) => reference(c, j)).join("");
    else out += part.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  });
  return out;
}

// Arbitraries for the pieces of style.

const quote = fc.constantFrom<'"' | "'">('"', "'");
const attrLead = fc.constantFrom(" ", " ", "  ", "\t", "\r\n      ", "\n\t\t");
const attrEquals = fc.constantFrom("=", "=", " = ", "=\t", "\n=\n");
const tagEnd = fc.constantFrom("", "", " ", "\r\n  ");
export const eol = fc.constantFrom<"\n" | "\r\n">("\n", "\r\n");
export const indent = fc.constantFrom<string | null>("  ", "    ", "\t", null);
export const declaration = fc.constantFrom<string | null>(
  '<?xml version="1.0" encoding="UTF-8"?>',
  "<?xml version='1.0' encoding='utf-8' standalone='yes'?>",
  null,
);

const commentText = fc.string({ unit: "grapheme", maxLength: 30 }).map((s) => ` ${s.replaceAll("-", "~")} `);
const piText = fc.string({ unit: "grapheme-ascii", maxLength: 20 }).map((s) => `app ${s.replaceAll("?>", "? >")}`);

export const trivia: fc.Arbitrary<XmlTrivia> = fc.oneof(
  commentText.map((text) => ({ kind: "comment" as const, text })),
  piText.map((text) => ({ kind: "pi" as const, text })),
  fc.constantFrom(" ", "\r\n", "\n\n", "\t").map((text) => ({ kind: "space" as const, text })),
);

/** Attribute and text values: any characters, with the ones XML escapes and some non-ASCII ones made likely. */
export const xmlValue = (maxLength = 24): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 4 }), fc.constantFrom("&", "<", ">", '"', "'", "&amp;", " ", "é", "ß", "\u4e2d", "\u{1F512}", "]]>")), {
      maxLength: Math.ceil(maxLength / 2),
    })
    .map((parts) => parts.join(""));

export function attribute(name: string, value: fc.Arbitrary<string>, mark?: string): fc.Arbitrary<XmlAttr> {
  return fc.record({ value, quote, lead: attrLead, equals: attrEquals, references: fc.boolean() }).map((style) => ({
    name,
    ...style,
    ...(mark === undefined ? {} : { mark }),
  }));
}

export function element(name: string, attrs: fc.Arbitrary<XmlAttr[]>, children: fc.Arbitrary<XmlNode[]>): fc.Arbitrary<XmlElement> {
  return fc.record({ attrs, children, selfClosing: fc.boolean(), tagEnd }).map((parts) => ({ kind: "element" as const, name, ...parts }));
}

export function text(value: fc.Arbitrary<string>): fc.Arbitrary<XmlText> {
  return fc.record({ value, runs: fc.array(fc.constantFrom<TextRun>("escaped", "escaped", "references", "cdata"), { maxLength: 3 }) }).map((parts) => ({
    kind: "text" as const,
    ...parts,
  }));
}

/** `nodes` with trivia between them (comments, processing instructions, white space) at random places. */
export function withTrivia(nodes: fc.Arbitrary<XmlNode[]>): fc.Arbitrary<XmlNode[]> {
  return fc.tuple(nodes, fc.array(fc.tuple(fc.nat(), trivia), { maxLength: 2 })).map(([list, extras]) => {
    const out = [...list];
    for (const [position, extra] of extras) out.splice(position % (out.length + 1), 0, extra);
    return out;
  });
}

/** All of the arbitraries' values, in order (no arbitrary: an empty list). */
export function tuple<T>(items: fc.Arbitrary<T>[]): fc.Arbitrary<T[]> {
  return items.length === 0 ? fc.constant([]) : fc.tuple(...items);
}

/** The attributes in some order (xs:all and XML itself give attribute order no meaning). */
export function shuffled<T>(items: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> {
  return items.chain((list) => fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }));
}

/** The value a raw attribute value or text stands for: the five named entities and character references. */
export function decodeReferences(raw: string): string {
  return raw.replace(/&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g, (_, hex?: string, decimal?: string, named?: string) => {
    if (named) return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[named]!;
    return String.fromCodePoint(hex ? Number.parseInt(hex, 16) : Number(decimal));
  });
}
