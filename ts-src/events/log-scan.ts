/*
 * The text scans the lifecycle log reader (log-stream.ts) makes between events: where a tag ends, where an event
 * ends, where the next line starts. Each works on the reader's buffer at an offset and never copies it.
 */
import { isNameChar, isNameStart, nameEnd } from "../platform/formats/xml-rules.js";

/** A tag outside the events (the root element, an event's start tag). */
export const MAX_TAG_CHARS = 64 * 1024;

/** Where skipping a broken event stops: after its end tag, or at the next event's start tag (resumed there). */
export const EVENT_END_OR_START = /<\/(?:[A-Za-z_][-A-Za-z0-9_.]*:)?Event[ \t\r\n]*>|<(?:[A-Za-z_][-A-Za-z0-9_.]*:)?Event(?=[ \t\r\n>/])/g;

export const NOT_YET = -1;
export const BROKEN = -2;

/**
 * The `>` that ends the tag starting at `lt`, outside quoted attribute values; NOT_YET when it is not in the text
 * (or not within MAX_TAG_CHARS), BROKEN when a '<' comes first.
 */
export function tagEnd(text: string, lt: number): number {
  let quote: string | null = null;
  const limit = Math.min(text.length, lt + MAX_TAG_CHARS);
  for (let i = lt + 1; i < limit; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ">") {
      return i;
    } else if (ch === "<") {
      return BROKEN;
    }
  }
  return NOT_YET;
}

export function readName(text: string, at: number): string | null {
  const end = nameEnd(text, at);
  return end === at ? null : text.slice(at, end);
}

/** The offset from `from` of the first character in [from, to) that is not XML white space, or -1 (once an event). */
export function firstNonSpace(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return i - from;
  }
  return -1;
}

/**
 * Where the first event end tag (`</Event>`, prefixed or not) from `from` ends, or -1; or, when the start tag of another event (`<Event` or
 * `<prefix:Event` then white space, '>' or '/') comes first, -2 - its offset. Found from the word "Event" (a few
 * times an event) rather than by a regular expression, which tries a match at each of an event's 36 end tags.
 */
export function eventEnd(text: string, from: number): number {
  for (let at = text.indexOf("Event", from); at >= 0; at = text.indexOf("Event", at + 5)) {
    const after = text.charCodeAt(at + 5);
    if (after === 0x3e /* > */ || after === 0x2f /* / */ || after === 0x20 || after === 0x09 || after === 0x0d || after === 0x0a) {
      const next = eventStartAt(text, at, from);
      if (next >= 0) return -2 - next;
    }
    let close = at + 5;
    while (text.charCodeAt(close) === 0x20 || text.charCodeAt(close) === 0x09 || text.charCodeAt(close) === 0x0d || text.charCodeAt(close) === 0x0a) close++;
    if (text.charCodeAt(close) !== 0x3e /* > */) continue;
    // `</Event` or `</prefix:Event`, starting at `from` or after.
    let start = at;
    if (text.charCodeAt(at - 1) === 0x3a /* : */) {
      start = at - 1;
      while (start - 1 >= from && isNameChar(text.charCodeAt(start - 1))) start--;
      if (start === at - 1 || !isNameStart(text.charCodeAt(start))) continue;
    }
    if (start - 2 >= from && text.charCodeAt(start - 1) === 0x2f /* / */ && text.charCodeAt(start - 2) === 0x3c /* < */) return close + 1;
  }
  return -1;
}

/** The '<' of the start tag whose name ends with the word "Event" at `at` (`<Event`, `<prefix:Event`), or -1. */
function eventStartAt(text: string, at: number, from: number): number {
  let start = at;
  if (text.charCodeAt(at - 1) === 0x3a /* : */) {
    start = at - 1;
    while (start - 1 >= from && isNameChar(text.charCodeAt(start - 1))) start--;
    if (start === at - 1 || !isNameStart(text.charCodeAt(start))) return -1;
  }
  return start - 1 >= from && text.charCodeAt(start - 1) === 0x3c /* < */ ? start - 1 : -1;
}

/**
 * Where the DOCTYPE read from `at` ends (after its '>'), following quotes and the internal subset's brackets, or -1
 * when it goes on past the text: `state` then holds the open quote and bracket depth for the next chunk.
 */
export function doctypeEnd(text: string, at: number, state: { quote: string | null; depth: number }): number {
  for (let i = at; i < text.length; i++) {
    const ch = text[i]!;
    if (state.quote !== null) {
      if (ch === state.quote) state.quote = null;
    } else if (ch === '"' || ch === "'") {
      state.quote = ch;
    } else if (ch === "[") {
      state.depth++;
    } else if (ch === "]") {
      state.depth = Math.max(0, state.depth - 1);
    } else if (ch === ">" && state.depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

export function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}
