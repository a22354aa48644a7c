import type { HttpSysRecord } from "../model.js";

/**
 * The SNI records an IP-specific ipport record hides from clients that connect to its address. INFERRED from
 * peers' reports that one IP-specific binding makes every SNI site on that IP serve its certificate
 * (peers-and-pains.md pain 10: win-acme#1686, #94; certify#474): HTTP.sys looks for an exact IP:port record
 * before a hostname:port one.
 */
export function shadowedSniRecords(record: HttpSysRecord, records: readonly HttpSysRecord[]): string[] {
  if (record.kind !== "ipport") return [];
  const portAt = record.endpoint.lastIndexOf(":");
  const ip = record.endpoint.slice(0, portAt);
  const port = record.endpoint.slice(portAt + 1);
  if (ip === "0.0.0.0" || ip === "[::]") return [];
  return records
    .filter((r) => r.kind === "hostnameport" && r.endpoint.slice(r.endpoint.lastIndexOf(":") + 1) === port)
    .map((r) => r.endpoint);
}
