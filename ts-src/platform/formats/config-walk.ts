import { malformedHostFile } from "../../core/errors.js";
import { lineOf, XmlSyntaxError } from "./xml-rules.js";
import { XML_END_OF_TEXT, XML_END_TAG, XML_START_TAG, XmlTokenizer } from "./xml-tokenizer.js";

/** Far deeper than any IIS configuration nests (location/system.webServer/security/…/add: about 10). */
const MAX_CONFIG_DEPTH = 256;

/** An attribute with the offsets of its raw value between the quotes, for a byte-exact edit. */
export interface XmlAttribute {
  name: string;
  /** Decoded value. */
  value: string;
  valueStart: number;
  valueEnd: number;
}

/** The start tag being visited; valid only during the visit (the walk reads on with the same object). */
export interface StartTag {
  readonly name: string;
  /** Offset of its `<`. */
  readonly offset: number;
  /** The decoded value of an attribute, or null. */
  attribute(name: string): string | null;
  /** An attribute with its offsets, or null. */
  attributeAt(name: string): XmlAttribute | null;
}

/**
 * Calls `visit` with every start tag of an IIS configuration file and its element path
 * (`configuration/system.applicationHost/sites/site`). A `<location>` that applies to the whole server
 * (path "" or ".") is transparent. Syntax errors become CR2003 with the file and line.
 */
export function walkConfigElements(text: string, file: string, visit: (path: string, tag: StartTag) => void): void {
  const tokens = new XmlTokenizer(text, { maxDepth: MAX_CONFIG_DEPTH, skipText: true });
  const tag = new VisitedTag(tokens);
  const paths: ElementPath[] = [new ElementPath("")];
  try {
    for (let kind = tokens.next(); kind !== XML_END_OF_TEXT; kind = tokens.next()) {
      if (kind === XML_END_TAG) paths.pop();
      if (kind !== XML_START_TAG) continue;
      const parent = paths[paths.length - 1]!;
      const path = tokens.isName("location") && isServerWide(tag.attribute("path")) ? parent : parent.child(tokens);
      visit(path.path, tag);
      if (!tokens.selfClosing) paths.push(path);
    }
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw malformedHostFile(file, lineOf(text, error.offset), error.message);
    throw error;
  }
}

const isServerWide = (path: string | null): boolean => path === null || path === "" || path === ".";

/**
 * Element paths made once per walk for each distinct path: an element's path is found by comparing its name in
 * place with the few names seen below its parent, not cut out of the text and joined for every element.
 */
class ElementPath {
  private readonly names: string[] = [];
  private readonly children: ElementPath[] = [];
  /** Past FEW_NAMES names, a map: an element of many different children must not take quadratic time. */
  private byName: Map<string, ElementPath> | null = null;

  constructor(readonly path: string) {}

  /** The path of the start tag `tokens` is at, below this one. */
  child(tokens: XmlTokenizer): ElementPath {
    if (this.byName) {
      const name = tokens.name();
      return this.byName.get(name) ?? this.add(name);
    }
    for (let i = 0; i < this.names.length; i++) if (tokens.isName(this.names[i]!)) return this.children[i]!;
    return this.add(tokens.name());
  }

  private add(name: string): ElementPath {
    const child = new ElementPath(this.path ? `${this.path}/${name}` : name);
    this.names.push(name);
    this.children.push(child);
    if (this.byName) this.byName.set(name, child);
    else if (this.names.length > FEW_NAMES) this.byName = new Map(this.names.map((n, i) => [n, this.children[i]!]));
    return child;
  }
}

const FEW_NAMES = 16;

class VisitedTag implements StartTag {
  constructor(private readonly tokens: XmlTokenizer) {}

  get name(): string {
    return this.tokens.name();
  }

  get offset(): number {
    return this.tokens.start;
  }

  attribute(name: string): string | null {
    const index = this.tokens.attributes.indexOf(name);
    return index < 0 ? null : this.tokens.attributes.value(index);
  }

  attributeAt(name: string): XmlAttribute | null {
    const tokens = this.tokens;
    const index = tokens.attributes.indexOf(name);
    if (index < 0) return null;
    return { name, value: tokens.attributes.value(index), valueStart: tokens.attributes.valueStart(index), valueEnd: tokens.attributes.valueEnd(index) };
  }
}
