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
  // `*.` and at least two labels (`*.com` covers nothing); the wildcard stands for one label, not empty, without a dot.
  const labelLength = target.length - (pattern.length - 1);
  if (labelLength <= 0 || pattern.indexOf(".", 2) < 0) return false;
  if (target.indexOf(".") !== labelLength) return false;
  for (let i = 1; i < pattern.length; i++) if (pattern.charCodeAt(i) !== target.charCodeAt(labelLength - 1 + i)) return false;
  return true;
}

/** True when one of the certificate's names covers the host. */
export function namesCover(certNames: readonly string[], host: string): boolean {
  for (const name of certNames) if (nameCovers(name, host)) return true;
  return false;
}

/** The hosts none of the certificate's names cover. */
export function uncoveredHosts(certNames: readonly string[], hosts: readonly string[]): string[] {
  const uncovered: string[] = [];
  for (const host of hosts) if (!namesCover(certNames, host)) uncovered.push(host);
  return uncovered;
}
