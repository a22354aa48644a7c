import { isIPv4, isIPv6 } from "node:net";
import { recordKeyId, type RecordKey } from "../../core/endpoints.js";
import type { HttpSysRecord } from "../../core/model.js";

/**
 * What an HTTP.sys record key looks like: `address` an IPv4:port or [IPv6]:port (ipport), `host` any other
 * host:port (hostnameport, scopedccs), `port` a port alone (ccs); null when it is none of them.
 */
export function endpointShape(value: string): "address" | "host" | "port" | null {
  if (/^\d{1,5}$/.test(value)) return "port";
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match) return null;
  const host = match[1]!;
  if (host.startsWith("[")) return host.endsWith("]") && isIPv6(host.slice(1, -1)) ? "address" : null;
  if (isIPv4(host)) return "address";
  if (/^[\d.]+$/.test(host)) return null;
  return /^[^\s:[\]/\\()]+$/u.test(host) ? "host" : null;
}

/** The port of a record key (the number after the last ':', or the key itself for ccs). */
export function endpointPort(value: string): number {
  return Number(value.slice(value.lastIndexOf(":") + 1));
}

/** A record's certificate hash as netsh prints it and records.json holds it: 40 hexadecimal digits, either case. */
export const CERT_HASH = /^[0-9A-Fa-f]{40}$/;

/** A record's AppId: a GUID in braces, `{4dc3e181-e14b-4a21-b022-59fc669b0914}`. */
export const APP_ID = /^\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}$/;

/**
 * The entry of `byKey` (entries by recordKeyId) whose hash an edit to `thumbprint` replaces; throws when the
 * thumbprint is not 40 hexadecimal digits, the file has no such record, or the record carries no hash (ccs, scopedccs).
 */
export function entryToEdit<E extends { record: HttpSysRecord }>(byKey: ReadonlyMap<string, E>, file: string, key: RecordKey, thumbprint: string): E {
  if (!CERT_HASH.test(thumbprint)) throw new Error(`'${thumbprint}' is not a 40-hex-digit thumbprint`);
  const entry = byKey.get(recordKeyId(key));
  if (!entry) throw new Error(`${file} has no ${key.kind} record ${key.endpoint}`);
  if (entry.record.kind === "ccs" || entry.record.kind === "scopedccs") {
    throw new Error(`the ${entry.record.kind} record ${key.endpoint} carries no certificate hash`);
  }
  return entry;
}
