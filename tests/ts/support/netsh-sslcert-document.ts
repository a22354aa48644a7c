/** Printing and editing of a netsh sslcert document that only the tests use. */
import type { HttpSysRecord } from "../../../ts-src/core/model.js";
import type { RecordKey } from "../../../ts-src/core/endpoints.js";
import { spliceText } from "../../../ts-src/platform/files/host-text.js";
import { lineOf, parseSslCertDocument, type SslCertDocument, type SslCertEntry } from "../../../ts-src/platform/formats/netsh-sslcert.js";
import { isSubBlockHeading, nullable, splitEol, splitField } from "../../../ts-src/platform/formats/netsh-sslcert-lines.js";
import { editedLineRanges, rebindLines, type SslCertEdit } from "../../../ts-src/platform/formats/netsh-sslcert-rebind.js";

/** A line of a record after its key, by shape: a `label : value` line, or a sub-block heading ("Extended Properties:"). */
export interface SslCertLine {
  /** As printed (translated on non-English Windows). */
  label: string;
  /** Null for `(null)`, nothing, and headings. */
  value: string | null;
  heading: boolean;
  /** The number of sub-block headings before this line (0 before the first). */
  block: number;
}

export function parseSslCertOutput(text: string, file: string): HttpSysRecord[] {
  return parseSslCertDocument(text, file).entries.map((entry) => entry.record);
}

export function printSslCertDocument(document: SslCertDocument): string {
  return document.text;
}

/**
 * The document with the hash of one record replaced (lower-case hex, as netsh prints it) and every other byte
 * unchanged. Throws when the record is missing or is a ccs record (its certificate is the PFX file).
 */
export function withThumbprint(document: SslCertDocument, key: RecordKey, thumbprint: string): SslCertDocument {
  return withRebinds(document, [{ key, thumbprint, storeName: undefined }]);
}

/**
 * Rewrites the hash (lower-case, as netsh prints it) and optionally the store name of records; every other
 * byte stays as it was. The store name is the third line of a record, two after the hash line.
 */
export function withRebinds(document: SslCertDocument, edits: readonly SslCertEdit[]): SslCertDocument {
  return parseSslCertDocument(printWithRebinds(document, edits), document.file);
}

/** The text of `withRebinds`, without parsing it again. */
export function printWithRebinds(document: SslCertDocument, edits: readonly SslCertEdit[]): string {
  return spliceText(document.text, editedLineRanges(document, rebindLines(document, edits)));
}

/**
 * The lines of a record after its key, by shape, labels as printed: for a reader that shows them or names them
 * itself. Read again from the document, so that a parse keeps no string per line.
 */
export function recordLines(document: SslCertDocument, entry: SslCertEntry): SslCertLine[] {
  const lines: SslCertLine[] = [];
  let block = 0;
  let fieldIndent: number | null = null;
  for (let index = entry.line; index < entry.endLine; index++) {
    const content = splitEol(lineOf(document, index))[0].replace(/^\uFEFF/, "").trimEnd();
    if (content === "") continue;
    const field = splitField(content);
    if (isSubBlockHeading(content, field, fieldIndent)) {
      block += 1;
      lines.push({ label: field ? field.label : content.trim().slice(0, -1), value: null, heading: true, block });
      continue;
    }
    if (!field) continue;
    if (index === entry.hashLine) fieldIndent = field.indent;
    lines.push({ label: field.label, value: nullable(field.value), heading: false, block });
  }
  return lines;
}

