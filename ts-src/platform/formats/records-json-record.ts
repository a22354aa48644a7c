import type { HttpSysExtendedParam, HttpSysSettings } from "../../core/model.js";

/**
 * The fields of one object of records.json as a reader hands them out, each checked by its rule (docs/snapshot-host.md):
 * the strict reader (httpsys-records-json.ts) refuses a field that breaks it with what is wrong and where, the quick
 * reader (records-json-values.ts) gives up. What the fields make is built here, once for both.
 */
export interface CheckedFields {
  /** A whole number from 0 to `max`, UINT32_MAX when not given. */
  uint(key: string, max?: number): number;
  nullableString(key: string): string | null;
  /** Bytes as a string of hexadecimal digit pairs. */
  hexPairs(key: string): string;
  /** `{"name", "value"}` objects of strings. */
  headers(key: string): { name: string; value: string }[];
  /** Extended parameters, or null. */
  extended(key: string): HttpSysExtendedParam[] | null;
}

/** A record's settings, from the fields of its object. */
export function settingsOf(f: CheckedFields): HttpSysSettings {
  return {
    certCheckMode: f.uint("certCheckMode"),
    revocationFreshnessTime: f.uint("revocationFreshnessTime"),
    revocationUrlRetrievalTimeout: f.uint("revocationUrlRetrievalTimeout"),
    sslCtlIdentifier: f.nullableString("sslCtlIdentifier"),
    sslCtlStoreName: f.nullableString("sslCtlStoreName"),
    flags: f.uint("flags"),
    extended: f.extended("extended"),
  };
}

/** The extended parameter of `type`, whose name and `flags` are checked, from the other fields of its shape (extendedShapeOf). */
export function extendedParamOf(type: number, flags: string, f: CheckedFields): HttpSysExtendedParam {
  switch (type) {
    case 0:
      return { type: 0, name: "http2Window", flags, receiveWindowSize: f.uint("receiveWindowSize") };
    case 1:
      return { type: 1, name: "http2SettingsLimits", flags, maxSettingsPerFrame: f.uint("maxSettingsPerFrame"), maxSettingsPerMinute: f.uint("maxSettingsPerMinute") };
    case 2: {
      const buffer = f.hexPairs("buffer");
      return { type: 2, name: "performance", flags, performanceType: f.uint("performanceType"), buffer };
    }
    case 4:
      return { type: 4, name: "errorHeaders", flags, statusCode: f.uint("statusCode", 0xffff), headers: f.headers("headers") };
    default:
      return { type, name: "other", flags };
  }
}
