/*
 * A quick look at one event (the text parseEventXml takes), for `events` to decide whether it needs decoding: what
 * the filters and the choice of the newest events need — the id, the time, the record id, whether decoding could add
 * a note, whether it carries a given thumbprint — read in place, without building the record. Only plain events are
 * looked at this way: no '&', no comment, CDATA section, processing instruction or DOCTYPE, at most MAX_VALUES
 * Thumbprint and NotValidAfter values (event-scan.ts), every kept element's text in one piece (what wevtutil writes).
 * For any other event, and for every event parseEventXml would refuse, the answer is null: "decode it", and the
 * decoder says what is wrong. So it is never stricter nor looser than the decoder: it checks the same rules (names,
 * nesting, quoted unique attributes, no '<' in a value, one root <Event>, depth) and gives up on the rest.
 */
import { tryNormalizeThumbprint } from "../core/thumbprint.js";
import { parseIsoTime } from "./event-time.js";
import { isHex, sameHex, wholeNumber } from "./event-chars.js";
import { matchPattern, NOT_AFTER } from "./event-patterns.js";
import { learnScannedPattern, scanEvent, scannedValues } from "./event-scan.js";
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

/**
 * The summary of the event text[start, end) when it is plain and well-formed; null when it must be decoded
 * (parseEventXml). `ampersand`: where the first '&' at or after `start` is (-1: none). `thumbprint`: the normalised
 * thumbprint `carries` is about, or null. An event with the markup of one read before (only its text and attribute
 * values differ) is matched by that event's pattern (event-patterns.ts), unless `tryPatterns` is false (none matched
 * it already); any other is scanned, and its pattern learnt.
 */
export function summarizeEvent(xml: string, start: number, end: number, ampersand: number, thumbprint: string | null, tryPatterns = true): EventSummary | null {
  if (ampersand >= 0 && ampersand < end) return null;
  const match = tryPatterns ? matchPattern(xml, start, end) : null;
  if (match !== null) return summaryOf(match.eventId, match.systemTime, match.recordId, match.values, match.roles, thumbprint);
  if (!scanEvent(xml, start, end)) return null;
  const found = scannedValues(xml);
  const summary = summaryOf(found.eventId, found.systemTime, found.recordId, found.texts, found.kinds, thumbprint);
  if (summary) learnScannedPattern(xml, start, end);
  return summary;
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

