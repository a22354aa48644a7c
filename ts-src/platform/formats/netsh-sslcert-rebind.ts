import { recordKeyId, type RecordKey } from "../../core/endpoints.js";
import { entryToEdit } from "./record-endpoint.js";
import { lineOf, type SslCertDocument, type SslCertEntry } from "./netsh-sslcert.js";
import { nullable, splitEol, splitField, withValue } from "./netsh-sslcert-lines.js";
import type { TextReplacement } from "../files/host-text.js";

/** One record's new hash, and its new store name when `storeName` is not undefined (null prints `(null)`). */
export interface SslCertEdit {
  key: RecordKey;
  thumbprint: string;
  storeName: string | null | undefined;
}

/** The lines a rebind changes (lower-case hash, as netsh prints it; the store name two lines after it): line number → the new line. */
export function rebindLines(document: SslCertDocument, edits: readonly SslCertEdit[]): Map<number, string> {
  const byKey = entriesByKey(document);
  const lines = new Map<number, string>();
  const line = (index: number) => lines.get(index) ?? lineOf(document, index);
  for (const { key, thumbprint, storeName } of edits) {
    const entry = entryToEdit(byKey, document.file, key, thumbprint);
    lines.set(entry.hashLine, withValue(line(entry.hashLine), thumbprint.toLowerCase()));
    if (storeName !== undefined) lines.set(entry.hashLine + 2, withValue(line(entry.hashLine + 2), storeName ?? "(null)"));
  }
  return lines;
}

/** The edited lines as ranges of `document.text`, each whole line (its end of line included) replaced. */
export function editedLineRanges(document: SslCertDocument, lines: ReadonlyMap<number, string>): TextReplacement[] {
  const { text, lineStarts } = document;
  return [...lines].map(([index, value]) => ({ start: lineStarts[index]!, end: lineStarts[index + 1] ?? text.length, value }));
}

/**
 * The edits that `lines` (from rebindLines of `document`) do not carry, each record's hash and store name lines read
 * as parseSslCertDocument reads them. Only those lines differ from the document's, so parsing the whole text again
 * would find the same records with these values.
 */
export function unappliedRebinds(document: SslCertDocument, lines: ReadonlyMap<number, string>, edits: readonly SslCertEdit[]): SslCertEdit[] {
  const byKey = entriesByKey(document);
  const valueAt = (index: number) => {
    const field = splitField(splitEol(lines.get(index) ?? lineOf(document, index))[0].trimEnd());
    return field === null ? undefined : nullable(field.value);
  };
  return edits.filter(({ key, thumbprint, storeName }) => {
    const entry = byKey.get(recordKeyId(key));
    if (!entry) return true;
    return valueAt(entry.hashLine)?.toUpperCase() !== thumbprint.toUpperCase() || (storeName !== undefined && valueAt(entry.hashLine + 2) !== storeName);
  });
}

function entriesByKey(document: SslCertDocument): Map<string, SslCertEntry> {
  return new Map(document.entries.map((entry) => [recordKeyId(entry.record), entry]));
}
