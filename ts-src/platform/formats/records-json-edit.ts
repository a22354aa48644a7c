import { recordKeyId } from "../../core/endpoints.js";
import type { RecordsJsonDocument, RecordsJsonEdit } from "./httpsys-records-json.js";
import { entryToEdit } from "./record-endpoint.js";

/* The byte-exact edit of a records.json document: its hash and store name values replaced, every other byte kept. */

/** A value of the text to replace: [start, end) of the document's text, the JSON text that replaces it, what it must read as. */
interface Replacement {
  start: number;
  end: number;
  text: string;
  endpoint: string;
  /** Compares what the written value reads as with what was intended. */
  intended: (value: unknown) => boolean;
}

function replacementsFor(document: RecordsJsonDocument, edits: readonly RecordsJsonEdit[]): Replacement[] {
  const byKey = new Map(document.entries.map((entry) => [recordKeyId(entry.record), entry]));
  const replacements = new Map<number, Replacement>();
  for (const { key, thumbprint, storeName } of edits) {
    const entry = entryToEdit(byKey, document.file, key, thumbprint);
    const { endpoint } = entry.record;
    const lowerCase = /^"[0-9a-f]{40}"$/.test(document.text.slice(entry.hash.start, entry.hash.end));
    const hash = JSON.stringify(lowerCase ? thumbprint.toLowerCase() : thumbprint.toUpperCase());
    const sameHash = (value: unknown) => typeof value === "string" && value.toUpperCase() === thumbprint.toUpperCase();
    replacements.set(entry.hash.start, { ...entry.hash, text: hash, endpoint, intended: sameHash });
    if (storeName !== undefined) {
      replacements.set(entry.storeName.start, { ...entry.storeName, text: JSON.stringify(storeName), endpoint, intended: (value) => value === storeName });
    }
  }
  return [...replacements.values()].sort((a, b) => a.start - b.start);
}

/**
 * The text with the hash and, where asked, the store name of records replaced; every other character as it was. A
 * hash is written in the case of the one it replaces (lower-case where that was all lower-case, else upper-case), so
 * that a rollback gives the file back byte for byte.
 */
export function printWithRecordEdits(document: RecordsJsonDocument, edits: readonly RecordsJsonEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, text } of replacementsFor(document, edits)) {
    parts.push(document.text.slice(at, start), text);
    at = end;
  }
  parts.push(document.text.slice(at));
  return parts.join("");
}

/**
 * The endpoints whose edited values `written` (the text of printWithRecordEdits, as read back) does not carry: each
 * replaced value read where it must stand, as the parser reads it. The rest of `written` is the document's text, byte
 * for byte, when its length and the text between the values are the same, which is checked too.
 */
export function unappliedRecordEdits(document: RecordsJsonDocument, written: string, edits: readonly RecordsJsonEdit[]): string[] {
  const wrong = new Set<string>();
  let shift = 0;
  let at = 0;
  for (const { start, end, text, endpoint, intended } of replacementsFor(document, edits)) {
    const between = document.text.slice(at, start);
    const newStart = start + shift;
    if (written.slice(at + shift, newStart) !== between) wrong.add(endpoint);
    let value: unknown;
    try {
      value = JSON.parse(written.slice(newStart, newStart + text.length));
    } catch {
      value = undefined;
    }
    if (!intended(value)) wrong.add(endpoint);
    shift += text.length - (end - start);
    at = end;
  }
  if (written.length !== document.text.length + shift || written.slice(at + shift) !== document.text.slice(at)) {
    for (const { key } of edits) wrong.add(key.endpoint);
  }
  return [...wrong];
}
