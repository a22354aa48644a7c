/*
 * Thumbprints that are well formed but probably not what the user meant: a certificate no store holds and nothing is
 * bound to (a typo, or a thumbprint of another server), and a rebind whose new certificate expires before the old one
 * (old and new swapped). Warnings, never refusals: the run does what it was asked.
 */
import type { Certificate } from "../certificate.js";
import type { Thumbprint } from "../thumbprint.js";

/** A warning the module and scripts can act on: a code, a sentence, the thumbprint it is about. */
export interface ThumbprintCheck {
  code: "CR2013" | "CR2014";
  message: string;
  target: Thumbprint;
}

/** CR2013: no store of the host holds `thumbprint`, and nothing is bound to it. */
export function unknownThumbprint(thumbprint: Thumbprint, role: string, certificates: readonly Certificate[], isBound: boolean): ThumbprintCheck | null {
  if (isBound || certificates.some((c) => c.thumbprint === thumbprint)) return null;
  return {
    code: "CR2013",
    message: `No certificate store of this host holds ${role}${thumbprint}, and nothing is bound to it: check the thumbprint for a typo, or that it is one of this server's certificates.`,
    target: thumbprint,
  };
}

/** CR2014: the new certificate expires before the old one: old and new may be swapped. */
export function swappedPair(old: Certificate | null, replacement: Certificate | null): ThumbprintCheck | null {
  if (!old || !replacement || replacement.notAfter >= old.notAfter) return null;
  return {
    code: "CR2014",
    message:
      `The new certificate ${replacement.thumbprint} expires on ${replacement.notAfter.toISOString()}, before the old one ${old.thumbprint} ` +
      `(${old.notAfter.toISOString()}): are the old and the new thumbprint swapped?`,
    target: replacement.thumbprint,
  };
}
