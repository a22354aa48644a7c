/*
 * The character scans of the quick look at an event (event-summary.ts): names, whole numbers and hex digits read in
 * place by char code, by the same rules as the decoder (event-xml.ts).
 */
import { NAME_CLASS } from "../platform/formats/xml-rules.js";

/**
 * The number text[start, end) holds once trimmed, with 1 to `digits` digits (the decoder's /^\d{1,N}$/ after
 * trim()); null when it holds anything else.
 */
export function wholeNumber(text: string, start: number, end: number, digits: number): number | null {
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) {
      const trimmed = text.slice(start, end).trim();
      return new RegExp(`^\\d{1,${digits}}$`).test(trimmed) ? Number(trimmed) : null;
    }
    value = value * 10 + d;
  }
  return end > start && end - start <= digits ? value : null;
}

export function isHex(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower case
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Whether the 40 hex digits at `start` are the upper-case thumbprint `wanted`, in any case. */
export function sameHex(text: string, start: number, wanted: string): boolean {
  for (let k = 0; k < 40; k++) {
    const c = text.charCodeAt(start + k);
    if ((c >= 0x61 ? c - 0x20 : c) !== wanted.charCodeAt(k)) return false;
  }
  return true;
}

export const SLASH = 0x2f;
export const BANG = 0x21;
export const QUESTION = 0x3f;
export const GT = 0x3e;
export const EQUALS = 0x3d;
const COLON = 0x3a;
export const DOUBLE_QUOTE = 0x22;
export const SINGLE_QUOTE = 0x27;

/** 2: may start a name, 1: may only go on in one, 0: neither (xml-rules.ts's NAME_CLASS). */
const nameClass = (c: number) => (c < 128 ? NAME_CLASS[c]! : 0);

/** Where the local part of the name scanName read last starts. */
export let localAt = 0;

/** The end of the name at `at` (xml-rules.ts's rule: `[A-Za-z_][-A-Za-z0-9_.]*`, then at most one `:` part). */
export function scanName(text: string, at: number): number {
  localAt = at;
  if (nameClass(text.charCodeAt(at)) !== 2) return at;
  let end = at + 1;
  while (nameClass(text.charCodeAt(end)) !== 0) end++;
  if (text.charCodeAt(end) === COLON && nameClass(text.charCodeAt(end + 1)) === 2) {
    localAt = end + 1;
    end += 2;
    while (nameClass(text.charCodeAt(end)) !== 0) end++;
  }
  return end;
}

export const isName = (text: string, start: number, end: number, name: string) => end - start === name.length && text.startsWith(name, start);

export function sameName(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (text.charCodeAt(aStart + k) !== text.charCodeAt(bStart + k)) return false;
  return true;
}
