import { malformedHostFile } from "../../core/errors.js";
import { recordKeyId, type RecordKey } from "../../core/endpoints.js";
import type { HttpSysExtendedParam, HttpSysRecord, HttpSysRecordKind } from "../../core/model.js";
import { JsonScanError, lineFinder, scanJson, type JsonMember, type JsonNode } from "./json-scan.js";
import { quickRecordsJsonEntries } from "./records-json-quick.js";
import { APP_ID, CERT_HASH, endpointPort, endpointShape } from "./record-endpoint.js";
import { extendedShapeOf, HEADER_FIELDS, HEX_PAIRS, isUlonglongText, KINDS, RECORD_FIELDS, RECORDS_JSON_VERSION, TOP_FIELDS, UINT32_MAX, UINT64_MAX } from "./records-json-fields.js";
import { extendedParamOf, settingsOf, type CheckedFields } from "./records-json-record.js";

export { RECORDS_JSON_VERSION } from "./records-json-fields.js";
export { printWithRecordEdits, unappliedRecordEdits } from "./records-json-edit.js";

/*
 * `httpsys/records.json` of a snapshot host: the HTTP.sys SSL records in the structure of the HTTP Server API
 * (HTTP_SERVICE_CONFIG_SSL_SET and its SNI, CCS and scoped-CCS forms, HTTP_SERVICE_CONFIG_SSL_PARAM and
 * HTTP_SERVICE_CONFIG_SSL_PARAM_EX; Windows SDK http.h), one object per record with every field. The format, field
 * by field, is in docs/snapshot-host.md. Read strictly (anything else is CR2003 naming the file, the line and the
 * record) and edited byte for byte: a rebind replaces the hash value (and the store name value) of the records it
 * changes, and every other byte of the file stays as it was.
 * A file is first read quickly (records-json-quick.ts: JSON.parse, and one pass for where the edited values stand);
 * the strict scanner here reads it when the quick reading has any doubt, and says what is wrong and where.
 */

/** Where a value stands in the text: [start, end) in UTF-16 units of the decoded text. */
interface Span {
  start: number;
  end: number;
}

export interface RecordsJsonEntry {
  record: HttpSysRecord;
  /** 1-based line of the record's object. */
  line: number;
  hash: Span;
  storeName: Span;
}

export interface RecordsJsonDocument {
  file: string;
  /** The text read, BOM included: printing it with edits replaces only the values edited. */
  text: string;
  entries: readonly RecordsJsonEntry[];
  /** Records of a kind that needs a certificate but carry no hash. */
  warnings: readonly string[];
}

/** One record's new hash, and its new store name when `storeName` is not undefined (null writes `null`). */
export interface RecordsJsonEdit {
  key: RecordKey;
  thumbprint: string;
  storeName: string | null | undefined;
}

/** The file's bytes as text: UTF-8 (a BOM allowed), refused otherwise, so that the text prints back to the same bytes. */
export function decodeRecordsJson(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformedHostFile(file, null, "is not UTF-8 text; write it as UTF-8 (docs/snapshot-host.md, records.json)");
  }
}

/** `strict`: read with the strict scanner alone (tests compare it with the quick reading, which is tried first). */
export function parseRecordsJson(text: string, file: string, options: { strict?: boolean } = {}): RecordsJsonDocument {
  const quick = options.strict ? null : quickRecordsJsonEntries(text);
  if (quick !== null) quick.forEach(oneRecordPerKey(file));
  const entries = quick ?? strictEntries(text, file);
  const warnings = entries
    .filter(({ record }) => (record.kind === "ipport" || record.kind === "hostnameport") && record.thumbprint === null)
    .map(({ record, line }) => `${file}, line ${line}: the ${record.kind} record ${record.endpoint} has no certificate hash.`);
  return { file, text, entries, warnings };
}

/** The entries read by the strict scanner, which says what is wrong and where. */
function strictEntries(text: string, file: string): RecordsJsonEntry[] {
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineAt = lineFinder(text);
  let root: JsonNode;
  try {
    root = scanJson(text, from);
  } catch (error) {
    if (error instanceof JsonScanError) throw malformedHostFile(file, lineAt(error.offset), `not JSON: ${error.detail}`);
    throw error;
  }
  const fail = (node: { start: number }, detail: string): never => {
    throw malformedHostFile(file, lineAt(node.start), detail);
  };
  const top = members(root, TOP_FIELDS, "the file", fail);
  if (top.version!.type !== "number" || top.version!.value !== RECORDS_JSON_VERSION) {
    fail(top.version!, `"version" must be ${RECORDS_JSON_VERSION}, found ${text.slice(top.version!.start, top.version!.end)}`);
  }
  const list = top.records!;
  if (list.type !== "array") return fail(list, `"records" must be an array of record objects`);
  const check = oneRecordPerKey(file);
  return list.items.map((node, index) => {
    const entry = readRecord(node, index, text, lineAt(node.start), fail);
    check(entry, index);
    return entry;
  });
}

/** A check, called on each entry in order, that refuses a record with the kind and endpoint of an earlier one. */
function oneRecordPerKey(file: string): (entry: RecordsJsonEntry, index: number) => void {
  const seen = new Map<string, number>();
  return (entry, index) => {
    const { record } = entry;
    const id = recordKeyId(record);
    const first = seen.get(id);
    if (first !== undefined) {
      const detail = `record ${index + 1} (${record.kind} ${record.endpoint}) has the same kind and endpoint as record ${first + 1}; HTTP.sys holds one record per key`;
      throw malformedHostFile(file, entry.line, detail);
    }
    seen.set(id, index);
  };
}

type Fail = (node: { start: number }, detail: string) => never;

const fieldSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The members of an object that must have exactly `fields`, by name. */
function members(node: JsonNode, fields: readonly string[], what: string, fail: Fail): Record<string, JsonNode> {
  if (node.type !== "object") return fail(node, `${what} must be a JSON object`);
  let known = fieldSets.get(fields);
  if (known === undefined) fieldSets.set(fields, (known = new Set(fields)));
  const byKey: Record<string, JsonNode> = {};
  for (const member of node.members) {
    if (!known.has(member.key)) failMember(member, `${what} has a field "${member.key}" this format does not have (it has ${fields.join(", ")})`, fail);
    byKey[member.key] = member.value;
  }
  // Keys are known and given once each (the scanner refuses a key given twice): as many as the fields, none is missing.
  if (node.members.length !== fields.length) {
    const missing = fields.filter((field) => !(field in byKey));
    fail(node, `${what} lacks ${missing.map((f) => `"${f}"`).join(", ")}`);
  }
  return byKey;
}

function failMember(member: JsonMember, detail: string, fail: Fail): never {
  return fail({ start: member.keyStart }, detail);
}

/** `record 3 (ipport 0.0.0.0:443)`, or `record 3` while its kind and endpoint are not known to be valid. */
function recordLabel(node: JsonNode, index: number): string {
  const value = (key: string) => {
    const member = node.type === "object" ? node.members.find((m) => m.key === key)?.value : undefined;
    return member?.type === "string" ? member.value : undefined;
  };
  const kind = value("kind");
  const endpoint = value("endpoint");
  if (kind === undefined || !(kind in KINDS) || endpoint === undefined) return `record ${index + 1}`;
  return `record ${index + 1} (${kind} ${JSON.stringify(endpoint).slice(1, -1)})`;
}

function readRecord(node: JsonNode, index: number, text: string, line: number, outerFail: Fail): RecordsJsonEntry {
  const fail: Fail = (at, detail) => outerFail(at, `${recordLabel(node, index)}: ${detail}`);
  const f = members(node, RECORD_FIELDS, "a record", fail);
  const kind = f.kind!;
  if (kind.type !== "string" || !(kind.value in KINDS)) {
    return fail(kind, `"kind" must be one of ${Object.keys(KINDS).join(", ")}, found ${text.slice(kind.start, kind.end)}`);
  }
  const recordKind = kind.value as HttpSysRecordKind;
  const endpointNode = f.endpoint!;
  if (endpointNode.type !== "string") return fail(endpointNode, `"endpoint" must be a string`);
  const endpoint = endpointNode.value;
  const shape = endpointShape(endpoint);
  if (shape !== KINDS[recordKind] || endpointPort(endpoint) > 65535) {
    const expected = { address: "an IPv4:port or [IPv6]:port", host: "a host name and a port (host:port)", port: "a port alone" }[KINDS[recordKind]];
    fail(endpointNode, `"endpoint" of a ${recordKind} record must be ${expected}, port 0 to 65535`);
  }

  const hash = nullableString(f.hash!, "hash", fail);
  if (hash !== null && !CERT_HASH.test(hash)) fail(f.hash!, `"hash" must be 40 hexadecimal digits or null, found ${JSON.stringify(hash)}`);
  if (hash !== null && (recordKind === "ccs" || recordKind === "scopedccs")) {
    fail(f.hash!, `a ${recordKind} record carries no certificate hash ("hash": null): its certificate is the host's file on the certificate share`);
  }
  const appId = nullableString(f.appId!, "appId", fail);
  if (appId !== null && !APP_ID.test(appId)) fail(f.appId!, `"appId" must be a GUID in braces such as {4dc3e181-e14b-4a21-b022-59fc669b0914}, or null`);
  const storeName = nullableString(f.storeName!, "storeName", fail);

  const settings = settingsOf(checkedFields(f, text, fail));
  return {
    record: { kind: recordKind, endpoint, thumbprint: hash === null ? null : hash.toUpperCase(), appId, storeName, settings },
    line,
    hash: { start: f.hash!.start, end: f.hash!.end },
    storeName: { start: f.storeName!.start, end: f.storeName!.end },
  };
}

/** The members of an object, each checked as the strict reader checks it: refused with what is wrong and where. */
function checkedFields(fields: Record<string, JsonNode>, text: string, fail: Fail): CheckedFields {
  return {
    uint: (key, max = UINT32_MAX) => uint(fields[key]!, key, max, text, fail),
    nullableString: (key) => nullableString(fields[key]!, key, fail),
    hexPairs(key) {
      const node = fields[key]!;
      if (node.type !== "string" || !HEX_PAIRS.test(node.value)) fail(node, `"${key}" must be the bytes as a string of hexadecimal digit pairs`);
      return (node as { value: string }).value;
    },
    headers: (key) => errorHeaders(fields[key]!, fail),
    extended: (key) => extendedParams(fields[key]!, text, fail),
  };
}

function nullableString(node: JsonNode, name: string, fail: Fail): string | null {
  if (node.type === "null") return null;
  if (node.type !== "string") return fail(node, `"${name}" must be a string or null`);
  return node.value;
}

function uint(node: JsonNode, name: string, max: number, text: string, fail: Fail): number {
  if (node.type !== "number" || !/^(0|[1-9]\d*)$/.test(node.raw) || node.value > max) {
    return fail(node, `"${name}" must be a whole number from 0 to ${max}, found ${text.slice(node.start, node.end)}`);
  }
  return node.value;
}

const uint32 = (node: JsonNode, name: string, text: string, fail: Fail) => uint(node, name, UINT32_MAX, text, fail);

function extendedParams(node: JsonNode, text: string, fail: Fail): HttpSysExtendedParam[] | null {
  if (node.type === "null") return null;
  if (node.type !== "array") return fail(node, `"extended" must be an array of extended parameters, or null`);
  const types = new Set<number>();
  return node.items.map((item) => {
    if (item.type !== "object") return fail(item, `an extended parameter must be a JSON object`);
    const typeNode = item.members.find((m) => m.key === "type")?.value;
    if (typeNode === undefined) return fail(item, `an extended parameter lacks "type"`);
    const type = uint32(typeNode, "type", text, fail);
    if (types.has(type)) fail(item, `two extended parameters of type ${type}; a record has one of each ParamType`);
    types.add(type);
    const shape = extendedShapeOf(type);
    const fields = members(item, shape.fields, `the extended parameter of type ${type}`, fail);
    const name = fields.name!;
    if (name.type !== "string" || name.value !== shape.name) fail(name, `"name" of the extended parameter of type ${type} must be "${shape.name}"`);
    const flagsNode = fields.flags!;
    if (flagsNode.type !== "string" || !isUlonglongText(flagsNode.value)) {
      fail(flagsNode, `"flags" of an extended parameter must be a decimal string from "0" to "${UINT64_MAX}" (a ULONGLONG)`);
    }
    return extendedParamOf(type, (flagsNode as { value: string }).value, checkedFields(fields, text, fail));
  });
}

function errorHeaders(node: JsonNode, fail: Fail): { name: string; value: string }[] {
  if (node.type !== "array") return fail(node, `"headers" must be an array of {"name", "value"} objects`);
  return node.items.map((item) => {
    const fields = members(item, HEADER_FIELDS, "a header", fail);
    const name = fields.name!;
    const value = fields.value!;
    if (name.type !== "string" || value.type !== "string") return fail(item, `a header's "name" and "value" must be strings`);
    return { name: name.value, value: value.value };
  });
}

/** The file for these records, every field written (the form of docs/snapshot-host.md). */
export function printRecordsJson(records: readonly HttpSysRecord[]): string {
  const objects = records.map((record) => {
    if (record.settings === null) throw new Error(`the ${record.kind} record ${record.endpoint} has no settings to write`);
    const { settings } = record;
    return {
      kind: record.kind,
      endpoint: record.endpoint,
      hash: record.thumbprint,
      appId: record.appId,
      storeName: record.storeName,
      certCheckMode: settings.certCheckMode,
      revocationFreshnessTime: settings.revocationFreshnessTime,
      revocationUrlRetrievalTimeout: settings.revocationUrlRetrievalTimeout,
      sslCtlIdentifier: settings.sslCtlIdentifier,
      sslCtlStoreName: settings.sslCtlStoreName,
      flags: settings.flags,
      extended: settings.extended,
    };
  });
  return `${JSON.stringify({ version: RECORDS_JSON_VERSION, records: objects }, null, 2)}\n`;
}
