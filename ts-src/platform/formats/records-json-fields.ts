import type { HttpSysExtendedParam, HttpSysRecordKind } from "../../core/model.js";

/* The fields of records.json (docs/snapshot-host.md), shared by its strict reader and its quick reader. */

export const RECORDS_JSON_VERSION = 1;

export const TOP_FIELDS = ["version", "records"] as const;

/** The endpoint shape each kind of record has. */
export const KINDS: Record<HttpSysRecordKind, "address" | "host" | "port"> = {
  ipport: "address",
  hostnameport: "host",
  ccs: "port",
  scopedccs: "host",
};

export const RECORD_FIELDS = [
  "kind",
  "endpoint",
  "hash",
  "appId",
  "storeName",
  "certCheckMode",
  "revocationFreshnessTime",
  "revocationUrlRetrievalTimeout",
  "sslCtlIdentifier",
  "sslCtlStoreName",
  "flags",
  "extended",
] as const;

interface ExtendedShape {
  name: HttpSysExtendedParam["name"];
  fields: readonly string[];
}

/** The fields of each extended parameter shape. */
const EXTENDED_SHAPES: Record<number, ExtendedShape> = {
  0: { name: "http2Window", fields: ["type", "name", "flags", "receiveWindowSize"] },
  1: { name: "http2SettingsLimits", fields: ["type", "name", "flags", "maxSettingsPerFrame", "maxSettingsPerMinute"] },
  2: { name: "performance", fields: ["type", "name", "flags", "performanceType", "buffer"] },
  4: { name: "errorHeaders", fields: ["type", "name", "flags", "statusCode", "headers"] },
};
const OTHER_SHAPE: ExtendedShape = { name: "other", fields: ["type", "name", "flags"] };

/** The name and fields of the extended parameter of `type`: "other" with type, name and flags alone for a type not known. */
export const extendedShapeOf = (type: number): ExtendedShape => EXTENDED_SHAPES[type] ?? OTHER_SHAPE;
export const HEADER_FIELDS = ["name", "value"];

export const UINT32_MAX = 0xffffffff;
export const UINT64_MAX = (1n << 64n) - 1n;

/** An extended parameter's `flags`: a ULONGLONG as a decimal string (below 20 digits it is below 2^64 without a BigInt). */
export const isUlonglongText = (value: string) => /^(0|[1-9]\d{0,19})$/.test(value) && (value.length < 20 || BigInt(value) <= UINT64_MAX);

/** A performance parameter's `buffer`: bytes as hexadecimal digit pairs. */
export const HEX_PAIRS = /^([0-9A-Fa-f]{2})*$/;
