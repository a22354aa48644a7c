import type { HttpSysRecord, StoredCertificate } from "../../core/model.js";
import { decodeHostText, spliceHostText, spliceText, type TextReplacement } from "../../platform/files/host-text.js";

/**
 * What a capture does to what it copies: nothing (`none`), or, with `--redact`, host names, site names, IP
 * addresses and thumbprints replaced consistently everywhere (redact/redactor.ts).
 */
export interface Redaction {
  readonly active: boolean;
  /** Where a text names a host, site, address or thumbprint, and what replaces it (XML, netsh text, JSON). */
  replacements(text: string): TextReplacement[];
  /** A record with its endpoint and hash replaced. */
  record(record: HttpSysRecord): HttpSysRecord;
  /** A certificate as the capture writes it: re-issued with the replaced names, its links replaced. */
  certificate(certificate: StoredCertificate): StoredCertificate;
  /** The capture's names of the originals it replaced (for the report: how many of each). */
  counts(): Record<string, number>;
}

export const noRedaction: Redaction = {
  active: false,
  replacements: () => [],
  record: (record) => record,
  certificate: (certificate) => certificate,
  counts: () => ({}),
};

/** The text with its names, addresses and thumbprints replaced. */
export const redactText = (redaction: Redaction, text: string): string => (redaction.active ? spliceText(text, redaction.replacements(text)) : text);

/** A host file's bytes with them replaced, in the file's encoding; every other byte as it was. */
export function redactBytes(redaction: Redaction, bytes: Buffer, file: string): Buffer {
  if (!redaction.active) return bytes;
  const host = decodeHostText(bytes, file);
  return spliceHostText(host, redaction.replacements(host.text), file);
}
