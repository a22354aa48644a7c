import { allowsServerAuth, certificateState, type Certificate } from "../certificate.js";
import { uncoveredHosts } from "../hostname.js";
import { withRemedy } from "../remedy.js";

/** Why a target keeps its old certificate: a stable code (docs/cli-contract.md) and a sentence. */
export interface Refusal {
  code: string;
  reason: string;
}

/** What the new certificate must be for any target: key, validity, server authentication. */
export function checkUsable(cert: Certificate, now: Date): Refusal | null {
  if (!cert.hasPrivateKey) {
    return { code: "CR3001", reason: `The new certificate ${cert.thumbprint} in store ${cert.store} has no private key (or its key does not match it), so HTTP.sys could not use it. Import it with its key (a PFX).` };
  }
  const state = certificateState(cert, now);
  if (state === "notYetValid") {
    return { code: "CR3002", reason: `The new certificate is not valid until ${cert.notBefore.toISOString()}; clients would refuse it. Run the rebind after that time.` };
  }
  if (state === "expired") {
    return { code: "CR3003", reason: `The new certificate expired on ${cert.notAfter.toISOString()}; clients would refuse it.` };
  }
  if (!allowsServerAuth(cert)) {
    return { code: "CR3004", reason: `The new certificate is not for server authentication (its extended key usages are ${cert.ekus!.join(", ") || "empty"}; 1.3.6.1.5.5.7.3.1 is needed).` };
  }
  return null;
}

/** Every host name behind the target must be covered by the new certificate (RFC 6125). */
export function checkNames(cert: Certificate, hostnames: readonly string[]): Refusal | null {
  const missing = uncoveredHosts(cert.dnsNames, hostnames);
  if (missing.length === 0) return null;
  return {
    code: "CR3005",
    reason: withRemedy(
      `The new certificate does not cover ${missing.join(", ")} (it names ${cert.dnsNames.join(", ") || "nothing"}); clients of ${missing.length === 1 ? "that host" : "those hosts"} would get a name mismatch.`,
      "allowNameMismatch",
    ),
  };
}
