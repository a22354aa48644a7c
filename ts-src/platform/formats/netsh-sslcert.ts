import { malformedHostFile } from "../../core/errors.js";
import type { HttpSysRecord } from "../../core/model.js";
import { APP_ID, CERT_HASH, endpointShape } from "./record-endpoint.js";
import { contentOf, isHeading, isSubBlockHeading, lineStartsOf, nullable, sharedStrings, splitField, type FieldLine } from "./netsh-sslcert-lines.js";

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
 * (httpsys-records-json.ts). A line's shape is read by netsh-sslcert-lines.ts; a rebind's lines are rewritten by
 * netsh-sslcert-rebind.ts.
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
