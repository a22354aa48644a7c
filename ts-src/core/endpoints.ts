import type { HttpSysRecordKind, IisBinding } from "./model.js";
import { toALabel } from "./hostname.js";

/** Which HTTP.sys record serves an IIS https binding (Posh-ACME.Deploy's table, servingRecordId below). */
export interface RecordKey {
  kind: HttpSysRecordKind;
  endpoint: string;
}

export const SSL_FLAG_SNI = 1;
export const SSL_FLAG_CENTRAL_CERT_STORE = 2;

/** The record a binding asks for first: `*` becomes 0.0.0.0, SNI a hostnameport, CCS the port's ccs record. */
export function preferredRecordKey(binding: IisBinding): RecordKey {
  const { ip, port, host } = binding.endpoint;
  if (binding.sslFlags & SSL_FLAG_CENTRAL_CERT_STORE) return { kind: "ccs", endpoint: String(port) };
  if (binding.sslFlags & SSL_FLAG_SNI) return { kind: "hostnameport", endpoint: `${toALabel(host) || host}:${port}` };
  return { kind: "ipport", endpoint: `${wildcardToAny(ip)}:${port}` };
}

/**
 * The entry of `byId` (records by recordKeyId) HTTP.sys takes for a binding, or undefined. It tries the candidates
 * most specific first: a specific-IP ipport record wins over the 0.0.0.0 record of its port, which serves every
 * address without one of its own (the table in Posh-ACME.Deploy's
 * https://github.com/rmbolger/Posh-ACME.Deploy/blob/391f433/Posh-ACME.Deploy/Public/Set-IISCertificateOld.ps1).
 * INFERRED: an IPv6 address falls back to [::] first, then 0.0.0.0. One id string is made per candidate tried, and
 * no key object: the join calls this for every https binding of every site.
 */
export function servingRecord<T>(binding: IisBinding, byId: ReadonlyMap<string, T>): T | undefined {
  const { ip, port, host } = binding.endpoint;
  let found: T | undefined;
  if (binding.sslFlags & SSL_FLAG_CENTRAL_CERT_STORE) return byId.get(`ccs|${port}`);
  if (binding.sslFlags & SSL_FLAG_SNI) return byId.get(`hostnameport|${(toALabel(host) || host).toLowerCase()}:${port}`);
  if ((found = byId.get(`ipport|${wildcardToAny(ip).toLowerCase()}:${port}`)) !== undefined) return found;
  if (ip.startsWith("[") && (found = byId.get(`ipport|[::]:${port}`)) !== undefined) return found;
  return byId.get(`ipport|0.0.0.0:${port}`);
}

function wildcardToAny(ip: string): string {
  return ip === "*" || ip === "" ? "0.0.0.0" : ip;
}

export function recordKeyId(key: RecordKey): string {
  return `${key.kind}|${key.endpoint.toLowerCase()}`;
}

/**
 * A record's endpoint split into where it listens and its port (`:443`), and whether `where` is an address (ipport)
 * or a host name (hostnameport, scopedccs); null for a ccs record or an endpoint without a port.
 */
export function endpointParts(record: RecordKey): { where: string; port: string; by: "address" | "host" } | null {
  const at = record.endpoint.lastIndexOf(":");
  if (record.kind === "ccs" || at < 0) return null;
  return { where: record.endpoint.slice(0, at), port: record.endpoint.slice(at), by: record.kind === "ipport" ? "address" : "host" };
}
