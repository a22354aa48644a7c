import { isIPv4, isIPv6 } from "node:net";

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
