import { CertRebindError, ExitCode } from "./errors.js";

/** A SHA-1 certificate thumbprint: exactly 40 upper-case hexadecimal characters. */
export type Thumbprint = string & { readonly __brand: "Thumbprint" };

// Invisible characters that copying from the certificate dialog or a web page brings along (a U+200E found by
// https://blog.octal.pl/?p=23; the others INFERRED), plus white space, and the separators people type.
const STRIPPED = /[\s\u00A0\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF:-]/gu;
// Control characters too: a message or warning that shows a received value must not break into new lines.
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;
const SHA1_HEX = /^[0-9A-F]{40}$/;
const HEX_40 = /^[0-9A-Fa-f]{40}$/;

export function isThumbprint(value: string): value is Thumbprint {
  return SHA1_HEX.test(value);
}

/** Normalises a thumbprint as typed or pasted; throws CR2001 (exit 2) showing what was received. */
export function normalizeThumbprint(input: string, what = "thumbprint"): Thumbprint {
  const candidate = input.replace(STRIPPED, "").toUpperCase();
  if (isThumbprint(candidate)) return candidate;
  throw new CertRebindError(
    "CR2001",
    `The ${what} '${describeReceived(input)}' is not a certificate thumbprint: after removing spaces, colons and ` +
      `invisible characters it has ${candidate.length} characters${nonHexNote(candidate)}, and a thumbprint is exactly ` +
      `40 hexadecimal characters (0-9, A-F), as shown by Get-ChildItem Cert:\\LocalMachine\\My.`,
    ExitCode.BadInput,
    input,
  );
}

/** Spells out invisible and control characters so a message shows what was really pasted, on one line. */
export function describeReceived(input: string): string {
  const shown = input.replace(INVISIBLE, (ch) => `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`);
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
}

function nonHexNote(candidate: string): string {
  const bad = [...new Set(candidate.replace(/[0-9A-F]/g, ""))];
  if (bad.length === 0) return "";
  const listed = bad.slice(0, 5).map((ch) => `'${describeReceived(ch)}'`).join(", ");
  return ` including ${bad.length === 1 ? "the non-hexadecimal character" : "non-hexadecimal characters"} ${listed}`;
}

/** For values read from host files and tool output: the normalised thumbprint, or null when it is not one. */
export function tryNormalizeThumbprint(input: string | null | undefined): Thumbprint | null {
  if (!input) return null;
  // As files and tools write them (every event of a lifecycle log has one or two): nothing to strip.
  if (input.length === 40 && HEX_40.test(input)) return input.toUpperCase() as Thumbprint;
  const candidate = input.replace(STRIPPED, "").toUpperCase();
  return isThumbprint(candidate) ? candidate : null;
}
