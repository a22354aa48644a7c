/*
 * The markup of the events read so far, learnt as patterns (event-summary.ts): most events of a log have the markup
 * of an event before them and differ in their values only, and one regular expression reads such an event in native
 * code where the scan reads it character by character.
 */

/** Roles of values, and kinds of the slots of a pattern. */
export const EVENT_ID = 3;
export const RECORD_ID = 4;
export const THUMBPRINT = 5;
export const NOT_AFTER = 6;
/** Slot kinds of a pattern besides the roles: any text, an attribute value, the SystemTime. */
export const TEXT = 7;
export const SINGLE_QUOTED = 8;
export const DOUBLE_QUOTED = 9;
export const SYSTEM_TIME = 10;
/** Flags of a slot: inside "…", inside '…'. */
export const IN_DOUBLE_QUOTES = 16;
export const IN_SINGLE_QUOTES = 32;
/** A value that is an element's text (trimmed as the decoder trims it), not an attribute's. */
export const ELEMENT_TEXT = 64;

/** Where the scan found an event's texts and attribute values, in order: what learnPattern() makes a pattern of. */
export const MAX_SLOTS = 256;
export const slotStarts = new Int32Array(MAX_SLOTS);
export const slotEnds = new Int32Array(MAX_SLOTS);
export const slotKinds = new Uint8Array(MAX_SLOTS);

/**
 * The markup of an event read before, as a sticky regular expression: its tags literally, every text and attribute
 * value as "any characters but '<' and '&'" (and the quote), the values a summary needs captured. An event it matches
 * from start to end has the same elements, names and attributes as one the scan found plain and well-formed (with at
 * most one EventID and EventRecordID, none holding elements): it is plain and well-formed too, and its values are where
 * the scan found them.
 */
interface Template {
  pattern: RegExp;
  /** The role of each captured group (EVENT_ID, RECORD_ID, SYSTEM_TIME, THUMBPRINT or NOT_AFTER), with ELEMENT_TEXT. */
  groups: number[];
}

/** A log has a few shapes of events (one per event id, more or less); more than this and the rest are scanned. */
const MAX_TEMPLATES = 32;
/** The patterns by the event id they were learnt from (shapes differ by id): an event tries those of its id only. */
const templates = new Map<number, Template[]>();
let templateCount = 0;

export const canLearnPattern = () => templateCount < MAX_TEMPLATES;

/**
 * The digits after the event's first "EventID>" (its id, as written in most events), or -1: which patterns to try.
 * With `end` -1 (not known yet) the first "EventID>" of the text from `start` on.
 */
function templateKey(xml: string, start: number, end: number): number {
  const at = xml.indexOf("EventID>", start);
  if (at < 0 || (end >= 0 && at >= end)) return -1;
  let key = 0;
  for (let i = at + 8; i < at + 14; i++) {
    const d = xml.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return i === at + 8 ? -1 : key;
    key = key * 10 + d;
  }
  return -1;
}

/** Forgets the patterns learnt so far: the next event of each shape is scanned again. */
export function forgetEventPatterns(): void {
  templates.clear();
  templateCount = 0;
}

export function learnPattern(xml: string, start: number, end: number, slots: number): void {
  let source = "";
  let at = start;
  const groups: number[] = [];
  for (let s = 0; s < slots; s++) {
    source += escapeRegExp(xml.slice(at, slotStarts[s]));
    const flags = slotKinds[s]!;
    const kind = flags & ~(IN_DOUBLE_QUOTES | IN_SINGLE_QUOTES);
    const characters = flags & IN_DOUBLE_QUOTES ? '[^<&"]*' : flags & IN_SINGLE_QUOTES ? "[^<&']*" : "[^<&]*";
    if (kind === TEXT || kind === SINGLE_QUOTED || kind === DOUBLE_QUOTED) source += characters;
    else {
      source += `(${characters})`;
      groups.push(flags & (IN_DOUBLE_QUOTES | IN_SINGLE_QUOTES) ? kind : kind | ELEMENT_TEXT);
    }
    at = slotEnds[s]!;
  }
  source += escapeRegExp(xml.slice(at, end));
  const key = templateKey(xml, start, end);
  const list = templates.get(key);
  const template = { pattern: new RegExp(source, "y"), groups };
  if (list) list.push(template);
  else templates.set(key, [template]);
  templateCount++;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** What a pattern read of an event: the values a summary is made of (reused from one event to the next). */
export interface PatternMatch {
  eventId: string;
  systemTime: string;
  recordId: string | null;
  /** Thumbprint and NotValidAfter values, as the decoder reads them, and the role of each. */
  values: string[];
  roles: number[];
  /** Where the event ends: after its end tag. */
  end: number;
}

const found: PatternMatch = { eventId: "", systemTime: "", recordId: null, values: [], roles: [], end: -1 };

/**
 * The values of the event xml[start, end) read by a pattern it matches from start to end; null when none does.
 * With `end` -1, the event that starts at `start` and ends where the pattern's end tag does: a pattern's markup is an
 * event's up to its first `</Event>`, with no event start tag, and its values hold no '<', so that is where the log
 * reader would find the event's end (log-scan.ts, eventEnd).
 */
export function matchPattern(xml: string, start: number, end: number): PatternMatch | null {
  const list = templates.get(templateKey(xml, start, end));
  if (list === undefined) return null;
  for (let t = 0; t < list.length; t++) {
    const template = list[t]!;
    template.pattern.lastIndex = start;
    const match = template.pattern.exec(xml);
    if (match === null || (end >= 0 && template.pattern.lastIndex !== end)) continue;
    if (t > 0) [list[t - 1], list[t]] = [template, list[t - 1]!]; // the more frequent first
    found.eventId = "";
    found.systemTime = "";
    found.recordId = null;
    found.values.length = 0;
    found.roles.length = 0;
    found.end = template.pattern.lastIndex;
    for (let g = 0; g < template.groups.length; g++) {
      const role = template.groups[g]! & ~ELEMENT_TEXT;
      const value = match[g + 1]!;
      if (role === EVENT_ID) found.eventId = value;
      else if (role === RECORD_ID) found.recordId = value;
      else if (role === SYSTEM_TIME) found.systemTime = value;
      else {
        found.values.push(template.groups[g]! & ELEMENT_TEXT ? value.trim() : value);
        found.roles.push(role);
      }
    }
    return found;
  }
  return null;
}
