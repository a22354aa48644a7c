import { malformedHostFile } from "../../core/errors.js";
import { recordKeyId, type RecordKey } from "../../core/endpoints.js";
import type { HttpSysRecord } from "../../core/model.js";
import { APP_ID, CERT_HASH, endpointShape, entryToEdit } from "./record-endpoint.js";
import { spliceText, type TextReplacement } from "../files/host-text.js";

/*
 * `netsh http show sslcert` output, read by shape and printed back byte for byte.
 *
 * Labels and flag values are translated on non-English Windows (INFERRED: German ones in a third-party parser's
 * tests), so no label is ever read. The output is an optional header ("SSL Certificate bindings:" and a dashes
 * line), then one block per record, blocks separated by blank lines. Each line of a block is
 * `<indent><label><spaces>: <value>`; the
 * first line is the record key, whose value's shape gives the kind; the next three are the certificate hash, the
 * application ID and the certificate store name in every layout published (the 13-line one,
 * github.com/microsoft/azure-pipelines-extensions/issues/140, github.com/chrisbrownie/AdfsAnalyzer/issues/41; the
 * newer one with the Reject/Disable/Enable flags and " Extended Properties:" sub-blocks, aspnet/Benchmarks :
 * src/BenchmarksApps/TLS/HttpSys/NetSh/NetShWrapper.cs). The lines after those are settings whose labels and values
 * are translated and whose number and order change from build to build: they are not interpreted, and a record read
 * from this text has no settings (`settings: null`). The structured form of a snapshot host is `records.json`
 * (httpsys-records-json.ts).
 */

/** Lines a record must have after its key: hash, application id, store name (present in every capture). */
const REQUIRED_FIELDS = 3;

export interface SslCertEntry {
  record: HttpSysRecord;
  /** 1-based line number of the record key. */
  line: number;
  /** 0-based number of the certificate hash line (an index into `lineStarts`). */
  hashLine: number;
  /** 0-based number of the line after the record's last line. */
  endLine: number;
}

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

export interface SslCertDocument {
  file: string;
  /** The text read, BOM and line ends included: printing it with edits replaces only the lines edited. */
  text: string;
  /** Where each line of `text` starts, so that a line is found without holding every line as a string. */
  lineStarts: readonly number[];
  entries: readonly SslCertEntry[];
  /** Records of a kind that needs a certificate but carry no hash. */
  warnings: readonly string[];
}

export function parseSslCertOutput(text: string, file: string): HttpSysRecord[] {
  return parseSslCertDocument(text, file).entries.map((entry) => entry.record);
}

export function printSslCertDocument(document: SslCertDocument): string {
  return document.text;
}

/**
 * Reads the records. What a large file costs is mostly the garbage collector's copying of what survives (a record's
 * 25 lines each made several strings), so: no string is kept per line (the document keeps where lines start), and
 * labels and values are kept once each however many records share them.
 */
export function parseSslCertDocument(text: string, file: string): SslCertDocument {
  const lineStarts = lineStartsOf(text);
  const entries: SslCertEntry[] = [];
  const shared = sharedStrings();
  let open: OpenRecord | null = null;
  let inHeader = true;
  let titleSeen = false;
  let inBlock = false;

  for (let index = 0; index < lineStarts.length; index++) {
    const start = index === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineStarts[index]!;
    const content = contentOf(text, start, index + 1 < lineStarts.length ? lineStarts[index + 1]! : text.length);
    if (content === "") {
      inBlock = false;
      continue;
    }
    const field = splitField(content, shared);
    if (inHeader) {
      if (/^\s*-+$/.test(content)) continue;
      if ((field === null || field.value === "") && !titleSeen) {
        titleSeen = true;
        continue;
      }
      inHeader = false;
    }
    // A heading that opens a block continues the record before it (INFERRED tolerance: captures show none).
    if (!inBlock && !(open && field === null && isHeading(content))) {
      if (open) entries.push(close(open, index, file));
      open = openRecord(content, field, index, file);
    } else {
      addLine(open!, content, field, index, file);
    }
    inBlock = true;
  }
  if (open) entries.push(close(open, lineStarts.length, file));

  const warnings = entries
    .filter(({ record }) => (record.kind === "ipport" || record.kind === "hostnameport") && record.thumbprint === null)
    .map(({ record, line }) => `${file}, line ${line}: the ${record.kind} record ${record.endpoint} has no certificate hash.`);
  return { file, text, lineStarts, entries, warnings };
}

/** A line of the document, with its terminator. */
export function lineOf(document: SslCertDocument, index: number): string {
  const { text, lineStarts } = document;
  return text.slice(lineStarts[index]!, index + 1 < lineStarts.length ? lineStarts[index + 1]! : text.length);
}

/** The line from `start` to `end` without its terminator and the white space at its end (trimEnd). */
function contentOf(text: string, start: number, end: number): string {
  for (;;) {
    const c = text.charCodeAt(end - 1);
    if (end > start && (c === 0x20 || (c >= 0x09 && c <= 0x0d))) end--;
    else if (end > start && c >= 0x80) return text.slice(start, end).trimEnd(); // other white space: trimEnd knows it
    else return text.slice(start, end);
  }
}

/** One string for each label or value, whatever the number of records that have it. */
function sharedStrings(): (value: string) => string {
  const strings = new Map<string, string>();
  return (value) => {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  };
}

/**
 * The document with the hash of one record replaced (lower-case hex, as netsh prints it) and every other byte
 * unchanged. Throws when the record is missing or is a ccs record (its certificate is the PFX file).
 */
export function withThumbprint(document: SslCertDocument, key: RecordKey, thumbprint: string): SslCertDocument {
  return withRebinds(document, [{ key, thumbprint, storeName: undefined }]);
}

/** One record's new hash, and its new store name when `storeName` is not undefined (null prints `(null)`). */
export interface SslCertEdit {
  key: RecordKey;
  thumbprint: string;
  storeName: string | null | undefined;
}

/**
 * Rewrites the hash (lower-case, as netsh prints it) and optionally the store name of records; every other
 * byte stays as it was. The store name is the third line of a record, two after the hash line (see the top).
 */
export function withRebinds(document: SslCertDocument, edits: readonly SslCertEdit[]): SslCertDocument {
  return parseSslCertDocument(printWithRebinds(document, edits), document.file);
}

/** The text of `withRebinds`, without parsing it again. */
export function printWithRebinds(document: SslCertDocument, edits: readonly SslCertEdit[]): string {
  return printEditedLines(document, rebindLines(document, edits));
}

/** The lines `printWithRebinds` changes: line number → the new line. */
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

/** The document's text with these lines replaced. */
export function printEditedLines(document: SslCertDocument, lines: ReadonlyMap<number, string>): string {
  return spliceText(document.text, editedLineRanges(document, lines));
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

/** The line with another value; the label, the spaces after the colon and the white space at the end stay. */
function withValue(line: string, value: string): string {
  const [body, eol] = splitEol(line);
  const content = body.trimEnd();
  const { colon } = findSeparator(content, indentOf(content))!;
  const after = body.slice(colon + 1);
  // Only spaces separate the value: a value that was empty is not written after trailing tabs, where no reader finds it.
  const separator = / */.exec(after)![0];
  const rest = after.slice(separator.length);
  return `${body.slice(0, colon + 1)}${separator || " "}${value}${rest.slice(rest.trimEnd().length)}${eol}`;
}

interface FieldLine {
  indent: number;
  label: string;
  /** Trimmed; empty when the line ends at the colon. */
  value: string;
}

interface OpenRecord {
  record: HttpSysRecord;
  keyIndex: number;
  hashIndex: number | null;
  /** Indentation of the hash line: a value-less line indented less than this is a sub-block heading. */
  fieldIndent: number | null;
  /** Lines read before the first sub-block heading. */
  position: number;
  headings: number;
}

/** Lines of printable ASCII and tabs (about 25 a record), whose separator findSeparator finds with a plain scan. */
const NOT_PLAIN = /[^\x20-\x7e\t]/;

/** Splits at the first run of white space followed by ':' and then a space or the end of the line. */
function splitField(content: string, shared: (value: string) => string = (value) => value): FieldLine | null {
  const indent = indentOf(content);
  const separator = findSeparator(content, indent);
  if (!separator) return null;
  return { indent, label: shared(content.slice(indent, separator.labelEnd)), value: shared(content.slice(separator.colon + 2).trim()) };
}

const isBlank = (c: number) => c === 0x20 || c === 0x09;

/** Where the lines of a text start: after each '\n' (a text that ends with one has no empty last line). */
function lineStartsOf(text: string): number[] {
  const starts: number[] = text === "" ? [] : [0];
  for (let nl = text.indexOf("\n"); nl >= 0 && nl + 1 < text.length; nl = text.indexOf("\n", nl + 1)) starts.push(nl + 1);
  return starts;
}

/** The length of the leading white space: spaces and tabs scanned, any other white space left to trimStart. */
function indentOf(content: string): number {
  let i = 0;
  while (i < content.length && isBlank(content.charCodeAt(i))) i++;
  return i < content.length && /\s/.test(content[i]!) ? content.length - content.trimStart().length : i;
}

/**
 * Where the label ends and the separating colon is: the first ':' that follows a run of white space after the label
 * and ends the line or is followed by a space, with no line break (CR, U+2028, U+2029) in the label or the value.
 * A scan rather than a regular expression: a backtracking one takes quadratic time on long runs of white space.
 */
function findSeparator(content: string, indent: number): { labelEnd: number; colon: number } | null {
  return NOT_PLAIN.test(content) ? findAnySeparator(content, indent) : findPlainSeparator(content, indent);
}

/** findSeparator where white space is only ' ' and '\t' and no line break can occur. */
function findPlainSeparator(content: string, indent: number): { labelEnd: number; colon: number } | null {
  for (let colon = content.indexOf(":", indent + 1); colon >= 0; colon = content.indexOf(":", colon + 1)) {
    if (!isBlank(content.charCodeAt(colon - 1))) continue;
    if (colon + 1 < content.length && content.charCodeAt(colon + 1) !== 0x20) continue;
    let labelEnd = colon - 1;
    while (labelEnd > indent + 1 && isBlank(content.charCodeAt(labelEnd - 1))) labelEnd--;
    return { labelEnd, colon };
  }
  return null;
}

function findAnySeparator(content: string, indent: number): { labelEnd: number; colon: number } | null {
  let firstBreak = -1;
  let lastBreak = -1;
  for (let i = indent; i < content.length; i++) {
    const ch = content[i];
    if (ch === "\r" || ch === "\u2028" || ch === "\u2029") {
      if (firstBreak < 0) firstBreak = i;
      lastBreak = i;
    }
  }
  const colons = /\s:/g;
  colons.lastIndex = indent;
  for (let match = colons.exec(content); match; match = colons.exec(content)) {
    const colon = match.index + 1;
    let labelEnd = match.index;
    while (labelEnd > indent + 1 && /\s/.test(content[labelEnd - 1]!)) labelEnd--;
    if (firstBreak >= 0 && firstBreak < labelEnd) return null;
    if (colon + 1 === content.length || (content[colon + 1] === " " && lastBreak < colon)) return { labelEnd, colon };
    colons.lastIndex = colon + 1;
  }
  return null;
}

function isHeading(content: string): boolean {
  return /^\s*\S.*:$/.test(content);
}

function splitEol(raw: string): [string, string] {
  let end = raw.length;
  while (end > 0 && (raw.charCodeAt(end - 1) === 0x0a || raw.charCodeAt(end - 1) === 0x0d)) end--;
  return [raw.slice(0, end), raw.slice(end)];
}

function openRecord(content: string, field: FieldLine | null, index: number, file: string): OpenRecord {
  const kind = field ? endpointKind(field.label, field.value) : null;
  if (!field || !kind) {
    throw malformedHostFile(
      file,
      index + 1,
      `expected a record key such as 'IP:port : 0.0.0.0:443' whose value is an IPv4:port, [IPv6]:port, ` +
        `host:port or a port alone, found '${content.trim()}'`,
    );
  }
  return {
    record: { kind, endpoint: field.value, thumbprint: null, appId: null, storeName: null, settings: null },
    keyIndex: index,
    hashIndex: null,
    fieldIndent: null,
    position: 0,
    headings: 0,
  };
}

/** A value-less line that opens a sub-block: no separator and ending with ':', or indented less than the hash line. */
function isSubBlockHeading(content: string, field: FieldLine | null, fieldIndent: number | null): boolean {
  if (field === null) return isHeading(content);
  return field.value === "" && fieldIndent !== null && field.indent < fieldIndent;
}

function addLine(open: OpenRecord, content: string, field: FieldLine | null, index: number, file: string): void {
  if (isSubBlockHeading(content, field, open.fieldIndent)) {
    open.headings += 1;
    return;
  }
  if (!field) {
    throw malformedHostFile(file, index + 1, `expected a line '<label> : <value>' inside a record, found '${content.trim()}'`);
  }
  if (open.headings > 0) return;
  if (open.position < REQUIRED_FIELDS) readLeadingLine(open, open.position, field, index, file);
  open.position += 1;
}

/** The three lines after the key: certificate hash, application ID, certificate store name. */
function readLeadingLine(open: OpenRecord, position: number, field: FieldLine, index: number, file: string): void {
  const value = nullable(field.value);
  if (position === 0) {
    if (value !== null && !CERT_HASH.test(value)) {
      throw malformedHostFile(file, index + 1, `expected a certificate hash of 40 hexadecimal digits (or nothing), found '${value}'`);
    }
    open.record.thumbprint = value === null ? null : value.toUpperCase();
    open.hashIndex = index;
    open.fieldIndent = field.indent;
  } else if (position === 1) {
    if (value !== null && !APP_ID.test(value)) {
      throw malformedHostFile(file, index + 1, `expected an application ID such as {4dc3e181-e14b-4a21-b022-59fc669b0914}, found '${value}'`);
    }
    open.record.appId = value;
  } else {
    open.record.storeName = value;
  }
}

function close(open: OpenRecord, endLine: number, file: string): SslCertEntry {
  if (open.position < REQUIRED_FIELDS || open.hashIndex === null) {
    throw malformedHostFile(
      file,
      open.keyIndex + 1,
      `the record ${open.record.endpoint} has ${Math.min(open.position, REQUIRED_FIELDS)} of the ${REQUIRED_FIELDS} lines every record starts ` +
        `with (certificate hash, application ID, certificate store name)`,
    );
  }
  return { record: open.record, line: open.keyIndex + 1, hashLine: open.hashIndex, endLine };
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

/**
 * `(null)` and nothing both mean "not set" (`(null)` in the captures above; nothing in
 * https://adrianjnkns.medium.com/http-and-https-bindings-in-iis-5d8c1350e5ad).
 */
function nullable(value: string): string | null {
  return value === "" || value === "(null)" ? null : value;
}

/**
 * ipport: IPv4:port or [IPv6]:port; ccs: a port alone; scopedccs or hostnameport: any other host:port.
 *
 * INFERRED: a scoped-CCS record's key value is a host:port like an SNI record's, so only its key label tells them
 * apart. The one published evidence (segor/SslCertBinding.Net, src/SslCertBinding.Net.Tests/Helpers/CertConfigCmd.cs,
 * whose tests run against real netsh on GitHub's windows-latest) reads the key labels `IP:port`, `Hostname:port`,
 * `CCS:port` and `Scoped CCS:port`. A host:port key whose label holds the upper-case word "CCS" is taken for a
 * scoped-CCS record, on the assumption that translations keep that abbreviation (UNCERTAIN: no translated capture of
 * one is published). Taking it for an SNI record would make a rebind compare the wrong record.
 */
function endpointKind(label: string, value: string): HttpSysRecord["kind"] | null {
  const shape = endpointShape(value);
  if (shape === "port") return "ccs";
  if (shape === "address") return "ipport";
  if (shape === null) return null;
  return /(^|[^A-Za-z])CCS([^A-Za-z]|$)/.test(label) ? "scopedccs" : "hostnameport";
}
