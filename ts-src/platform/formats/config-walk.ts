import { malformedHostFile } from "../../core/errors.js";
import { lineOf, scanXml, XmlSyntaxError, type XmlAttribute, type XmlToken } from "./xml-scan.js";

export type StartTag = XmlToken & { type: "start" };

/**
 * Calls `visit` with every start tag of an IIS configuration file and its element path
 * (`configuration/system.applicationHost/sites/site`). A `<location>` that applies to the whole server
 * (path "" or ".") is transparent. Syntax errors become CR2003 with the file and line.
 */
export function walkConfigElements(text: string, file: string, visit: (path: string, tag: StartTag) => void): void {
  const paths: string[] = [""];
  try {
    for (const token of scanXml(text)) {
      if (token.type === "end") {
        paths.pop();
        continue;
      }
      const parent = paths[paths.length - 1]!;
      const transparent = token.name === "location" && isServerWide(token.attributes);
      const path = transparent ? parent : parent ? `${parent}/${token.name}` : token.name;
      paths.push(path);
      visit(path, token);
      if (token.selfClosing) paths.pop();
    }
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw malformedHostFile(file, lineOf(text, error.offset), error.message);
    throw error;
  }
}

function isServerWide(attributes: XmlAttribute[]): boolean {
  const path = attributes.find((a) => a.name === "path")?.value ?? "";
  return path === "" || path === ".";
}

export const attributeOf = (tag: StartTag, name: string): string | null =>
  tag.attributes.find((a) => a.name === name)?.value ?? null;
