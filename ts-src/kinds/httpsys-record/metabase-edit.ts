import { spliceText, type TextReplacement } from "../../platform/files/host-text.js";
import { walkConfigElements, type XmlAttribute } from "../../platform/formats/config-walk.js";
import { METADATA_KEY, METADATA_PROPERTY } from "../../platform/formats/custom-metadata.js";
import { encodeXmlAttributeIn } from "../../platform/formats/xml-rules.js";
import { encodeMetabaseHash, type MetabaseChange } from "./metabase.js";

/**
 * Changes only the `value` of the `<customMetadata>` properties 5506 (written as base64 of the hash bytes, see
 * kinds/httpsys-record/metabase.ts for the sources of that format) and 5511 named by `changes`; every other byte of the
 * file stays as it was.
 */
export function editMetabaseSsl(text: string, path: string, changes: readonly MetabaseChange[]): string {
  return spliceText(text, metabaseReplacements(text, path, changes));
}

/** The changes that put back what `changes` changed. */
export function metabaseUndo(changes: readonly MetabaseChange[]): MetabaseChange[] {
  return changes.map((c) => ({ ...c, from: c.to, to: c.from }));
}

/** The replacements of editMetabaseSsl, as positions in `text`. */
export function metabaseReplacements(text: string, path: string, changes: readonly MetabaseChange[]): TextReplacement[] {
  if (changes.length === 0) return [];
  const wanted = new Map(changes.map((c) => [`${c.key.toLowerCase()} ${c.property}`, c]));
  const found = new Map<string, XmlAttribute>();
  let key = "";
  walkConfigElements(text, path, (at, tag) => {
    if (at === METADATA_KEY) key = (tag.attribute("path") ?? "").toLowerCase();
    else if (at === METADATA_PROPERTY) {
      const id = `${key} ${tag.attribute("id")}`;
      const value = wanted.has(id) ? tag.attributeAt("value") : null;
      if (value) found.set(id, value);
    }
  });
  const replacements = [...wanted].map(([id, change]) => {
    const value = found.get(id);
    if (!value) throw new Error(`${path} has no value for property ${change.property} of the <customMetadata> key ${change.key}`);
    const raw = change.property === 5506 ? encodeMetabaseHash(change.to) : change.to;
    return { start: value.valueStart, end: value.valueEnd, value: encodeXmlAttributeIn(text, value.valueEnd, raw) };
  });
  return replacements;
}
