/*
 * The scan of one plain event for its summary (event-summary.ts): the decoder's rules (names, nesting, quoted unique
 * attributes, no '<' in a value, one root <Event>, depth) checked in place, the values that matter noted, and the
 * slots of its pattern (event-patterns.ts) noted so that events with the same markup are matched, not scanned.
 */
import {
  canLearnPattern,
  DOUBLE_QUOTED,
  ELEMENT_TEXT,
  EVENT_ID,
  IN_DOUBLE_QUOTES,
  IN_SINGLE_QUOTES,
  learnPattern,
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
import { BANG, DOUBLE_QUOTE, EQUALS, GT, isName, localAt, QUESTION, sameName, scanName, SINGLE_QUOTE, SLASH } from "./event-chars.js";
import { skipSpace } from "../platform/formats/xml-rules.js";
import { MAX_EVENT_DEPTH } from "./event-xml.js";

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

// The scan of the event being looked at: what it has found so far (scanEvent resets it).
let learnable = false;
let slots = 0;
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
/** Where the '<' after the tag just read is. */
let nextLt = -1;
/** Whether the start tag just read ended with '/>'. */
let selfClosing = false;

/** Notes a stretch of the event as a slot of the pattern being learnt (or gives up learning when there are too many). */
function slot(from: number, to: number, kind: number): void {
  if (slots === MAX_SLOTS) learnable = false;
  else {
    slotStarts[slots] = from;
    slotEnds[slots] = to;
    slotKinds[slots++] = kind;
  }
}

/**
 * Scans the event text[start, end) by the decoder's rules; false when it must be decoded instead. What it found is
 * then read with scannedValues().
 */
export function scanEvent(xml: string, start: number, end: number): boolean {
  learnable = canLearnPattern();
  slots = eventIds = recordIds = depth = values = 0;
  closed = false;
  eventIdStart = eventIdEnd = recordIdStart = recordIdEnd = timeStart = timeEnd = -1;
  let i = start;
  let lt = xml.indexOf("<", start);
  for (;;) {
    if (lt >= end) lt = -1;
    if (!keepText(xml, i, lt < 0 ? end : lt)) return false;
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === BANG || next === QUESTION) return false;
    i = next === SLASH ? endTag(xml, lt, end) : startTag(xml, lt, end);
    if (i < 0) return false;
    lt = nextLt;
  }
  return depth === 0 && closed && eventIdStart >= 0 && timeStart >= 0;
}

/** The text xml[i, textEnd) before the next tag: white space only outside the root, in one piece in a kept element. */
function keepText(xml: string, i: number, textEnd: number): boolean {
  if (learnable && depth > 0) slot(i, textEnd, roles[depth - 1]! >= KEEPS_TEXT ? roles[depth - 1]! : TEXT);
  if (textEnd > i) {
    if (depth === 0) {
      if (skipSpace(xml, i) < textEnd) return false;
    } else if (roles[depth - 1]! >= KEEPS_TEXT) {
      if (textEnds[depth - 1]! > textStarts[depth - 1]!) return false; // text in pieces
      textStarts[depth - 1] = i;
      textEnds[depth - 1] = textEnd;
    }
  }
  return true;
}

/** The end tag at `lt`: it must close the open element; a kept element's text is noted. Where to go on, or -1. */
function endTag(xml: string, lt: number, end: number): number {
  if (depth === 0) return -1;
  const top = depth - 1;
  const name = nameStarts[top]!;
  const nameLength = nameEnds[top]! - name;
  if (lt + 2 + nameLength >= end) return -1;
  for (let k = 0; k < nameLength; k++) if (xml.charCodeAt(lt + 2 + k) !== xml.charCodeAt(name + k)) return -1;
  const close = skipSpace(xml, lt + 2 + nameLength);
  if (close >= end || xml.charCodeAt(close) !== GT) return -1;
  const role = roles[top]!;
  if (role >= KEEPS_TEXT) {
    const from = textStarts[top]!;
    const to = textEnds[top]!;
    if (role === EVENT_ID) {
      if (eventIdStart < 0) [eventIdStart, eventIdEnd] = [from, to];
    } else if (role === RECORD_ID) {
      if (recordIdStart < 0) [recordIdStart, recordIdEnd] = [from, to];
    } else if (to > from) {
      if (values === MAX_VALUES) return -1;
      valueStarts[values] = from;
      valueEnds[values] = to;
      valueRoles[values++] = role | ELEMENT_TEXT;
    }
  }
  depth = top;
  if (depth === 0) closed = true;
  nextLt = xml.indexOf("<", close + 1);
  return close + 1;
}

/** The start tag at `lt`: its role, its attributes, and the element opened (unless it closes itself). Where to go on, or -1. */
function startTag(xml: string, lt: number, end: number): number {
  const nameStart = lt + 1;
  const nameEnd = scanName(xml, nameStart);
  if (nameEnd === nameStart || nameEnd >= end || closed || depth >= MAX_EVENT_DEPTH) return -1;
  const local = localAt;
  const parent = depth === 0 ? -1 : roles[depth - 1]!;
  let role = OTHER;
  if (parent === -1) {
    if (!isName(xml, local, nameEnd, "Event")) return -1;
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
  // The next '<' is where the next step starts: no '<' may come before the tag's end.
  nextLt = xml.indexOf("<", nameStart);
  const at = scanAttributes(xml, nameEnd, end, timeCreated);
  if (at < 0) return -1;
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
  return at;
}

/**
 * The attributes of the start tag whose name ends at `at`: checked (names, '=', quotes, unique, no '<' in a value),
 * and the values that matter noted. Where the tag ends (after its '>'; `selfClosing` says which end), or -1.
 */
function scanAttributes(xml: string, at: number, end: number, timeCreated: boolean): number {
  let count = 0;
  let tagTime = false;
  for (;;) {
    const from = at;
    at = skipSpace(xml, at);
    if (at >= end) return -1;
    const ch = xml.charCodeAt(at);
    if (ch === SLASH && xml.charCodeAt(at + 1) === GT) {
      selfClosing = true;
      return at + 2;
    }
    if (ch === GT) {
      selfClosing = false;
      return at + 1;
    }
    if (at === from) return -1;
    const attributeEnd = scanName(xml, at);
    const attributeLocal = localAt;
    if (attributeEnd === at || count === MAX_ATTRIBUTES) return -1;
    for (let a = 0; a < count; a++) if (sameName(xml, attributeStarts[a]!, attributeEnds[a]!, at, attributeEnd)) return -1;
    attributeStarts[count] = at;
    attributeEnds[count++] = attributeEnd;
    let j = skipSpace(xml, attributeEnd);
    if (xml.charCodeAt(j) !== EQUALS) return -1;
    j = skipSpace(xml, j + 1);
    const quote = xml.charCodeAt(j);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return -1;
    const close = xml.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", j + 1);
    if (close < 0 || close >= end || (nextLt >= 0 && nextLt < close)) return -1;
    const valueRole = isName(xml, attributeLocal, attributeEnd, "Thumbprint") ? THUMBPRINT : isName(xml, attributeLocal, attributeEnd, "NotValidAfter") ? NOT_AFTER : OTHER;
    let kind = quote === DOUBLE_QUOTE ? DOUBLE_QUOTED : SINGLE_QUOTED;
    if (valueRole !== OTHER) {
      kind = valueRole;
      if (close > j + 1) {
        if (values === MAX_VALUES) return -1;
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
}

/** What the last scan found: the event id's and time's text, the record id's, and the values to check with their roles. */
export function scannedValues(xml: string): { eventId: string; systemTime: string; recordId: string | null; texts: string[]; kinds: number[] } {
  const texts: string[] = [];
  const kinds: number[] = [];
  for (let v = 0; v < values; v++) {
    const text = xml.slice(valueStarts[v], valueEnds[v]);
    texts.push(valueRoles[v]! & ELEMENT_TEXT ? text.trim() : text);
    kinds.push(valueRoles[v]! & ~ELEMENT_TEXT);
  }
  const recordId = recordIdStart < 0 ? null : xml.slice(recordIdStart, recordIdEnd);
  return { eventId: xml.slice(eventIdStart, eventIdEnd), systemTime: xml.slice(timeStart, timeEnd), recordId, texts, kinds };
}

/** Learns the pattern of the event the last scan read, when its text can stand for others (event-patterns.ts). */
export function learnScannedPattern(xml: string, start: number, end: number): void {
  if (learnable && eventIds === 1 && recordIds <= 1) learnPattern(xml, start, end, slots);
}
