/*
 * A quick look at one event (the text parseEventXml takes), for `events` to decide whether it needs decoding: what
 * the filters and the choice of the newest events need — the id, the time, the record id, whether decoding could add
 * a note, whether it carries a given thumbprint — read in place, without building the record. Only plain events are
 * looked at this way: no '&', no comment, CDATA section, processing instruction or DOCTYPE, at most MAX_VALUES
 * Thumbprint and NotValidAfter values, every kept element's text in one piece (what wevtutil writes). For any other
 * event, and for every event parseEventXml would refuse, the answer is null: "decode it", and the decoder says what
 * is wrong. So it is never stricter nor looser than the decoder: it checks the same rules (names, nesting, quoted
 * unique attributes, no '<' in a value, one root <Event>, depth) and gives up on the rest.
 */
import { tryNormalizeThumbprint } from "../core/thumbprint.js";
import { parseIsoTime } from "./event-time.js";
import {
  canLearnPattern,
  DOUBLE_QUOTED,
  ELEMENT_TEXT,
  EVENT_ID,
  IN_DOUBLE_QUOTES,
  IN_SINGLE_QUOTES,
  learnPattern,
  matchPattern,
  MAX_SLOTS,
  NOT_AFTER,
  RECORD_ID,
  SINGLE_QUOTED,
  slotEnds,
  slotKinds,
  slotStarts,
  SYSTEM_TIME,
  TEXT,
  THUMBPRINT,
} from "./event-patterns.js";
import { NAME_CLASS, skipSpace } from "../platform/formats/xml-rules.js";
import { MAX_EVENT_DEPTH } from "./event-xml.js";
import type { EventTime } from "./model.js";

export interface EventSummary {
  id: number;
  time: EventTime;
  /** EventRecordID when it is a number (else noteless is false). */
  recordId: number | null;
  /** False when decoding the event could add a note: a record id, thumbprint or NotValidAfter that is not one. */
  noteless: boolean;
  /**
   * Whether one of the event's Thumbprint attributes or elements (anywhere in it: the record's thumbprints are among
   * them) is the thumbprint asked about.
   */
  carries: boolean;
}

const OTHER = 0;
const EVENT = 1;
const SYSTEM = 2;
/** Roles from EVENT_ID on keep their text. */
const KEEPS_TEXT = EVENT_ID;
const MAX_ATTRIBUTES = 16;
const MAX_VALUES = 16;

// One event is looked at at a time: the open elements, the start tag's attributes and the values to check live here.
const nameStarts = new Int32Array(MAX_EVENT_DEPTH);
const nameEnds = new Int32Array(MAX_EVENT_DEPTH);
const roles = new Uint8Array(MAX_EVENT_DEPTH);
const textStarts = new Int32Array(MAX_EVENT_DEPTH);
const textEnds = new Int32Array(MAX_EVENT_DEPTH);
const attributeStarts = new Int32Array(MAX_ATTRIBUTES);
const attributeEnds = new Int32Array(MAX_ATTRIBUTES);
const valueStarts = new Int32Array(MAX_VALUES);
const valueEnds = new Int32Array(MAX_VALUES);
const valueRoles = new Uint8Array(MAX_VALUES);


/**
 * The summary of the event text[start, end) when it is plain and well-formed; null when it must be decoded
 * (parseEventXml). `ampersand`: where the first '&' at or after `start` is (-1: none). `thumbprint`: the normalised
 * thumbprint `carries` is about, or null. An event with the markup of one read before (only its text and attribute
 * values differ) is matched by that event's pattern (event-patterns.ts); any other is scanned, and its pattern learnt.
 */
export function summarizeEvent(xml: string, start: number, end: number, ampersand: number, thumbprint: string | null): EventSummary | null {
  if (ampersand >= 0 && ampersand < end) return null;
  const match = matchPattern(xml, start, end);
  if (match !== null) return summaryOf(match.eventId, match.systemTime, match.recordId, match.values, match.roles, thumbprint);
  return scanEvent(xml, start, end, thumbprint);
}

/** The summary from the values an event's pattern or its scan found: null when the decoder would refuse the event. */
export function summaryOf(eventId: string, systemTime: string, recordId: string | null, values: readonly string[], roles: ArrayLike<number>, thumbprint: string | null): EventSummary | null {
  const id = wholeNumber(eventId, 0, eventId.length, 5);
  if (id === null || id > 65535) return null;
  const time = parseIsoTime(systemTime, { withoutZone: "utc" });
  if (!time) return null;
  const record = recordId === null ? null : wholeNumber(recordId, 0, recordId.length, 15);
  let noteless = recordId === null || record !== null;
  let carries = false;
  for (let v = 0; v < values.length; v++) {
    const verdict = checkValue(values[v]!, roles[v]!, thumbprint);
    if (verdict === NOTED) noteless = false;
    if (verdict === CARRIES) carries = true;
  }
  return { id, time, recordId: record, noteless, carries };
}

const NOTED = 1;
const CARRIES = 2;

/**
 * NOTED when decoding would note the value (a Thumbprint or NotValidAfter that is not one), CARRIES when it is the
 * thumbprint. The value as the decoder reads it: an attribute's as it is, an element's text trimmed.
 */
function checkValue(value: string, role: number, thumbprint: string | null): number {
  if (value.length === 0) return 0;
  if (role === NOT_AFTER) return parseIsoTime(value, { withoutZone: "utc" }) === null ? NOTED : 0;
  if (value.length === 40 && isHex(value, 0, 40)) return thumbprint !== null && sameHex(value, 0, thumbprint) ? CARRIES : 0;
  const normalized = tryNormalizeThumbprint(value);
  if (normalized === null) return NOTED;
  return normalized === thumbprint ? CARRIES : 0;
}

function scanEvent(xml: string, start: number, end: number, thumbprint: string | null): EventSummary | null {
  let learnable = canLearnPattern();
  let slots = 0;
  const slot = (from: number, to: number, kind: number) => {
    if (slots === MAX_SLOTS) learnable = false;
    else {
      slotStarts[slots] = from;
      slotEnds[slots] = to;
      slotKinds[slots++] = kind;
    }
  };
  let eventIds = 0;
  let recordIds = 0;
  let depth = 0;
  let closed = false;
  let eventIdStart = -1;
  let eventIdEnd = -1;
  let recordIdStart = -1;
  let recordIdEnd = -1;
  let timeStart = -1;
  let timeEnd = -1;
  let values = 0;
  let i = start;
  let lt = xml.indexOf("<", start);
  for (;;) {
    if (lt >= end) lt = -1;
    const textEnd = lt < 0 ? end : lt;
    if (learnable && depth > 0) slot(i, textEnd, roles[depth - 1]! >= KEEPS_TEXT ? roles[depth - 1]! : TEXT);
    if (textEnd > i) {
      if (depth === 0) {
        if (skipSpace(xml, i) < textEnd) return null;
      } else if (roles[depth - 1]! >= KEEPS_TEXT) {
        if (textEnds[depth - 1]! > textStarts[depth - 1]!) return null; // text in pieces
        textStarts[depth - 1] = i;
        textEnds[depth - 1] = textEnd;
      }
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === BANG || next === QUESTION) return null;
    if (next === SLASH) {
      if (depth === 0) return null;
      const top = depth - 1;
      const name = nameStarts[top]!;
      const nameLength = nameEnds[top]! - name;
      if (lt + 2 + nameLength >= end) return null;
      for (let k = 0; k < nameLength; k++) if (xml.charCodeAt(lt + 2 + k) !== xml.charCodeAt(name + k)) return null;
      const close = skipSpace(xml, lt + 2 + nameLength);
      if (close >= end || xml.charCodeAt(close) !== GT) return null;
      const role = roles[top]!;
      if (role >= KEEPS_TEXT) {
        const from = textStarts[top]!;
        const to = textEnds[top]!;
        if (role === EVENT_ID) {
          if (eventIdStart < 0) [eventIdStart, eventIdEnd] = [from, to];
        } else if (role === RECORD_ID) {
          if (recordIdStart < 0) [recordIdStart, recordIdEnd] = [from, to];
        } else if (to > from) {
          if (values === MAX_VALUES) return null;
          valueStarts[values] = from;
          valueEnds[values] = to;
          valueRoles[values++] = role | ELEMENT_TEXT;
        }
      }
      depth = top;
      if (depth === 0) closed = true;
      i = close + 1;
      lt = xml.indexOf("<", i);
      continue;
    }
    // A start tag.
    const nameStart = lt + 1;
    const nameEnd = scanName(xml, nameStart);
    if (nameEnd === nameStart || nameEnd >= end || closed || depth >= MAX_EVENT_DEPTH) return null;
    const local = localAt;
    const parent = depth === 0 ? -1 : roles[depth - 1]!;
    let role = OTHER;
    if (parent === -1) {
      if (!isName(xml, local, nameEnd, "Event")) return null;
      role = EVENT;
    } else if (parent === EVENT && isName(xml, local, nameEnd, "System")) role = SYSTEM;
    else if (parent === SYSTEM && isName(xml, local, nameEnd, "EventID")) role = EVENT_ID;
    else if (parent === SYSTEM && isName(xml, local, nameEnd, "EventRecordID")) role = RECORD_ID;
    else if (isName(xml, local, nameEnd, "Thumbprint")) role = THUMBPRINT;
    else if (isName(xml, local, nameEnd, "NotValidAfter")) role = NOT_AFTER;
    if (parent >= KEEPS_TEXT) learnable = false; // a kept element with children: its text may come in pieces
    if (role === EVENT_ID) eventIds++;
    if (role === RECORD_ID) recordIds++;
    const timeCreated = parent === SYSTEM && timeStart < 0 && isName(xml, local, nameEnd, "TimeCreated");
    // The attributes: checked, and the values that matter noted. The next '<' is where the next step starts: no
    // '<' may come before the tag's end.
    const nextLt = xml.indexOf("<", nameStart);
    let count = 0;
    let at = nameEnd;
    let selfClosing = false;
    let tagTime = false;
    for (;;) {
      const from = at;
      at = skipSpace(xml, at);
      if (at >= end) return null;
      const ch = xml.charCodeAt(at);
      if (ch === SLASH && xml.charCodeAt(at + 1) === GT) {
        selfClosing = true;
        at += 2;
        break;
      }
      if (ch === GT) {
        at++;
        break;
      }
      if (at === from) return null;
      const attributeEnd = scanName(xml, at);
      const attributeLocal = localAt;
      if (attributeEnd === at || count === MAX_ATTRIBUTES) return null;
      for (let a = 0; a < count; a++) if (sameName(xml, attributeStarts[a]!, attributeEnds[a]!, at, attributeEnd)) return null;
      attributeStarts[count] = at;
      attributeEnds[count++] = attributeEnd;
      let j = skipSpace(xml, attributeEnd);
      if (xml.charCodeAt(j) !== EQUALS) return null;
      j = skipSpace(xml, j + 1);
      const quote = xml.charCodeAt(j);
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return null;
      const close = xml.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", j + 1);
      if (close < 0 || close >= end || (nextLt >= 0 && nextLt < close)) return null;
      const valueRole = isName(xml, attributeLocal, attributeEnd, "Thumbprint") ? THUMBPRINT : isName(xml, attributeLocal, attributeEnd, "NotValidAfter") ? NOT_AFTER : OTHER;
      let kind = quote === DOUBLE_QUOTE ? DOUBLE_QUOTED : SINGLE_QUOTED;
      if (valueRole !== OTHER) {
        kind = valueRole;
        if (close > j + 1) {
          if (values === MAX_VALUES) return null;
          valueStarts[values] = j + 1;
          valueEnds[values] = close;
          valueRoles[values++] = valueRole;
        }
      } else if (timeCreated && !tagTime && isName(xml, attributeLocal, attributeEnd, "SystemTime")) {
        tagTime = true;
        timeStart = j + 1;
        timeEnd = close;
        kind = SYSTEM_TIME;
      }
      if (learnable) slot(j + 1, close, kind | (quote === DOUBLE_QUOTE ? IN_DOUBLE_QUOTES : IN_SINGLE_QUOTES));
      at = close + 1;
    }
    if (selfClosing) {
      if (role === EVENT_ID && eventIdStart < 0) eventIdStart = eventIdEnd = at;
      else if (role === RECORD_ID && recordIdStart < 0) recordIdStart = recordIdEnd = at;
      if (depth === 0) closed = true;
    } else {
      nameStarts[depth] = nameStart;
      nameEnds[depth] = nameEnd;
      roles[depth] = role;
      textStarts[depth] = 0;
      textEnds[depth] = 0;
      depth++;
    }
    i = at;
    lt = nextLt;
  }
  if (depth > 0 || !closed || eventIdStart < 0 || timeStart < 0) return null;
  const texts: string[] = [];
  const kinds: number[] = [];
  for (let v = 0; v < values; v++) {
    const text = xml.slice(valueStarts[v], valueEnds[v]);
    texts.push(valueRoles[v]! & ELEMENT_TEXT ? text.trim() : text);
    kinds.push(valueRoles[v]! & ~ELEMENT_TEXT);
  }
  const summary = summaryOf(xml.slice(eventIdStart, eventIdEnd), xml.slice(timeStart, timeEnd), recordIdStart < 0 ? null : xml.slice(recordIdStart, recordIdEnd), texts, kinds, thumbprint);
  if (summary && learnable && eventIds === 1 && recordIds <= 1) learnPattern(xml, start, end, slots);
  return summary;
}

/**
 * The number text[start, end) holds once trimmed, with 1 to `digits` digits (the decoder's /^\d{1,N}$/ after
 * trim()); null when it holds anything else.
 */
function wholeNumber(text: string, start: number, end: number, digits: number): number | null {
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

function isHex(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower case
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Whether the 40 hex digits at `start` are the upper-case thumbprint `wanted`, in any case. */
function sameHex(text: string, start: number, wanted: string): boolean {
  for (let k = 0; k < 40; k++) {
    const c = text.charCodeAt(start + k);
    if ((c >= 0x61 ? c - 0x20 : c) !== wanted.charCodeAt(k)) return false;
  }
  return true;
}

const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const GT = 0x3e;
const EQUALS = 0x3d;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

const nameClass = (c: number) => (c < 128 ? NAME_CLASS[c]! : 0);

/** Where the local part of the name scanName read last starts. */
let localAt = 0;

/** The end of the name at `at` (xml-rules.ts's rule: `[A-Za-z_][-A-Za-z0-9_.]*`, then at most one `:` part). */
function scanName(text: string, at: number): number {
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

const isName = (text: string, start: number, end: number, name: string) => end - start === name.length && text.startsWith(name, start);

function sameName(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (text.charCodeAt(aStart + k) !== text.charCodeAt(bStart + k)) return false;
  return true;
}
