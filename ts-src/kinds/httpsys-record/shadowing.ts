import type { HttpSysRecord } from "../../core/model.js";

/**
 * The SNI records an IP-specific ipport record hides from clients that connect to its address. INFERRED from
 * peers' reports that one IP-specific binding makes every SNI site on that IP serve its certificate
 * (win-acme/win-acme#1686, #94; webprofusion/certify#474 on GitHub): HTTP.sys looks for an exact IP:port record
 * before a hostname:port one. Build it once per plan: it indexes the SNI records by port.
 */
export function sniRecordsByPort(records: readonly HttpSysRecord[]): (record: HttpSysRecord) => string[] {
  const byPort = new Map<string, string[]>();
  for (const r of records) {
    if (r.kind !== "hostnameport") continue;
    const port = portOf(r.endpoint);
    const list = byPort.get(port);
    if (list) list.push(r.endpoint);
    else byPort.set(port, [r.endpoint]);
  }
  return (record) => {
    if (record.kind !== "ipport") return [];
    const ip = record.endpoint.slice(0, record.endpoint.lastIndexOf(":"));
    if (ip === "0.0.0.0" || ip === "[::]") return [];
    return byPort.get(portOf(record.endpoint)) ?? [];
  };
}

function portOf(endpoint: string): string {
  return endpoint.slice(endpoint.lastIndexOf(":") + 1);
}
