import { domainToASCII } from "node:url";

/**
 * Host-name coverage as TLS clients check it (RFC 6125 §6.4): case-insensitive, compared as A-labels,
 * a wildcard only as the whole left-most label and matching exactly one label.
 */
export function toALabel(name: string): string {
  let label = A_LABELS.get(name);
  if (label === undefined) {
    if (A_LABELS.size >= 100_000) A_LABELS.clear();
    A_LABELS.set(name, (label = aLabelOf(name)));
  }
  return label;
}

/**
 * Names already converted: each host is compared with every name of the certificate, and a rebind of 11,000
 * records compares the same two or three certificate names thousands of times (domainToASCII is a call into C++).
 */
const A_LABELS = new Map<string, string>();

function aLabelOf(name: string): string {
  const trimmed = name.trim().replace(/\.$/, "");
  if (trimmed.startsWith("*.")) {
    const rest = domainToASCII(trimmed.slice(2));
    return rest ? `*.${rest}` : "";
  }
  return domainToASCII(trimmed) || "";
}

export function nameCovers(certName: string, host: string): boolean {
  const pattern = toALabel(certName);
  const target = toALabel(host);
  if (!pattern || !target) return false;
  if (!pattern.startsWith("*.")) return pattern === target;
  const suffix = pattern.slice(1);
  if (!target.endsWith(suffix)) return false;
  const label = target.slice(0, target.length - suffix.length);
  return label.length > 0 && !label.includes(".") && suffix.split(".").length >= 3;
}

/** True when one of the certificate's names covers the host. */
export function namesCover(certNames: readonly string[], host: string): boolean {
  return certNames.some((name) => nameCovers(name, host));
}

/** The hosts none of the certificate's names cover. */
export function uncoveredHosts(certNames: readonly string[], hosts: readonly string[]): string[] {
  return hosts.filter((host) => !namesCover(certNames, host));
}
