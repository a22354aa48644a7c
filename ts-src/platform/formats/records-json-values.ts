import type { HttpSysExtendedParam, HttpSysRecord, HttpSysRecordKind } from "../../core/model.js";
import { APP_ID, CERT_HASH, endpointPort, endpointShape } from "./record-endpoint.js";
import { extendedShapeOf, HEADER_FIELDS, HEX_PAIRS, isUlonglongText, KINDS, RECORD_FIELDS, RECORDS_JSON_VERSION, TOP_FIELDS, UINT32_MAX } from "./records-json-fields.js";
import { extendedParamOf, settingsOf, type CheckedFields } from "./records-json-record.js";

/*
 * The records of a records.json value as JSON.parse gives it, when every rule of the strict reader
 * (httpsys-records-json.ts) holds; null at the first doubt, and the strict reader then says what is wrong and where.
 * Numbers are taken as JSON.parse reads them: the caller checks that each was written as digits alone.
 */

type Json = Record<string, unknown>;

/** Thrown, and caught in recordsOfValue, where the strict reader would refuse the value. */
class NotStrict extends Error {}

const fail = (): never => {
  throw new NotStrict();
};

export interface QuickRecords {
  records: HttpSysRecord[];
  /** The members of every object read: equal to the text's when no key is given twice. */
  members: number;
}

export function recordsOfValue(root: unknown): QuickRecords | null {
  const counter = { members: 0 };
  try {
    const top = fields(root, TOP_FIELDS, counter);
    if (top.version !== RECORDS_JSON_VERSION || !Array.isArray(top.records)) return null;
    const records = top.records.map((value: unknown) => recordOf(fields(value, RECORD_FIELDS, counter), counter));
    return { records, members: counter.members };
  } catch (error) {
    if (error instanceof NotStrict) return null;
    throw error;
  }
}

/** The object `value`, when it has exactly `names` as keys. */
function fields(value: unknown, names: readonly string[], counter: { members: number }): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail();
  if (Object.keys(value).length !== names.length) return fail();
  for (const name of names) if (!Object.hasOwn(value, name)) return fail();
  counter.members += names.length;
  return value as Json;
}

/** The members of an object, each checked as the strict reader checks it, or a doubt. */
class QuickFields implements CheckedFields {
  constructor(
    private readonly f: Json,
    private readonly counter: { members: number },
  ) {}

  uint(key: string, max?: number): number {
    return uint(this.f[key], max);
  }

  nullableString(key: string): string | null {
    return nullableString(this.f[key]);
  }

  hexPairs(key: string): string {
    const value = this.f[key];
    return typeof value === "string" && HEX_PAIRS.test(value) ? value : fail();
  }

  headers(key: string): { name: string; value: string }[] {
    return errorHeaders(this.f[key], this.counter);
  }

  extended(key: string): HttpSysExtendedParam[] | null {
    return extendedParams(this.f[key], this.counter);
  }
}

const nullableString = (value: unknown): string | null => (value === null || typeof value === "string" ? value : fail());

function uint(value: unknown, max = UINT32_MAX): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max ? value : fail();
}

function recordOf(f: Json, counter: { members: number }): HttpSysRecord {
  const kind = f.kind;
  if (typeof kind !== "string" || !Object.hasOwn(KINDS, kind)) return fail();
  const recordKind = kind as HttpSysRecordKind;
  const endpoint = f.endpoint;
  if (typeof endpoint !== "string" || endpointShape(endpoint) !== KINDS[recordKind] || endpointPort(endpoint) > 65535) return fail();
  const hash = nullableString(f.hash);
  if (hash !== null && (!CERT_HASH.test(hash) || recordKind === "ccs" || recordKind === "scopedccs")) return fail();
  const appId = nullableString(f.appId);
  if (appId !== null && !APP_ID.test(appId)) return fail();
  const storeName = nullableString(f.storeName);
  const settings = settingsOf(new QuickFields(f, counter));
  return { kind: recordKind, endpoint, thumbprint: hash === null ? null : hash.toUpperCase(), appId, storeName, settings };
}

function extendedParams(value: unknown, counter: { members: number }): HttpSysExtendedParam[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) return fail();
  const params: HttpSysExtendedParam[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null || !Object.hasOwn(item, "type")) return fail();
    const type = uint((item as Json).type);
    // A type given twice is refused: a record has a few parameters at most, so the earlier ones are looked at.
    for (const param of params) if (param.type === type) return fail();
    const shape = extendedShapeOf(type);
    const f = fields(item, shape.fields, counter);
    if (f.name !== shape.name || typeof f.flags !== "string" || !isUlonglongText(f.flags)) return fail();
    params.push(extendedParamOf(type, f.flags, new QuickFields(f, counter)));
  }
  return params;
}

function errorHeaders(value: unknown, counter: { members: number }): { name: string; value: string }[] {
  if (!Array.isArray(value)) return fail();
  return value.map((item: unknown) => {
    const f = fields(item, HEADER_FIELDS, counter);
    return typeof f.name === "string" && typeof f.value === "string" ? { name: f.name, value: f.value } : fail();
  });
}
