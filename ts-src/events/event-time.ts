import type { EventTime } from "./model.js";

// 2026-11-20T09:14:02.5176243Z: the event log writes UTC with up to seven fractional digits (100 ns ticks).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export interface TimeParseOptions {
  /** What a date-time without Z or an offset means: UTC (the event log's own values) or not allowed (user input). */
  withoutZone: "utc" | "refuse";
}

/** Parses an ISO 8601 date or date-time; null when it is not one (or names a day or hour that does not exist). */
export function parseIsoTime(text: string, options: TimeParseOptions): EventTime | null {
  const fast = parseUtcTime(text);
  if (fast !== undefined) return fast;
  const match = ISO.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction = "", zone] = match;
  if (h !== undefined && zone === undefined && options.withoutZone === "refuse") return null;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const digits = fraction.padEnd(7, "0");
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, Number(digits.slice(0, 3)));
  // Date.UTC maps years 0–99 to 1900–1999; no lifecycle event is that old, but keep the year as written.
  if (year < 100) ms = new Date(ms).setUTCFullYear(year);
  if (new Date(ms).getUTCDate() !== day) return null; // 2026-02-30
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const offset = zone.slice(1).replace(":", "");
    const offsetHours = Number(offset.slice(0, 2));
    const offsetMinutes = Number(offset.slice(2));
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    ms -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  if (!Number.isFinite(ms)) return null;
  return { ms, ticks: Number(digits.slice(3, 7)) };
}

/**
 * The form the event log writes, `YYYY-MM-DDTHH:MM:SS[.fffffff]Z`, read digit by digit: two of them in every event
 * (TimeCreated and NotValidAfter), and the regular expression's match was a tenth of reading an event. Gives what
 * parseIsoTime's general path gives; undefined for any other form (and for years before 100), which that path reads.
 */
function parseUtcTime(text: string): EventTime | null | undefined {
  const length = text.length;
  if (length < 20 || length === 21 || length > 30 || text.charCodeAt(length - 1) !== 0x5a /* Z */) return undefined;
  if (text.charCodeAt(4) !== 0x2d /* - */ || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54 /* T */) return undefined;
  if (text.charCodeAt(13) !== 0x3a /* : */ || text.charCodeAt(16) !== 0x3a || (length > 20 && text.charCodeAt(19) !== 0x2e /* . */)) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const fraction = length > 20 ? digits(text, 20, length - 21) : 0;
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || fraction < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const places = length > 20 ? length - 21 : 0;
  // In 100 ns units: fewer than seven digits are scaled up, more are cut to seven (POWERS: `**` was a third of the call).
  const ticks = places <= 7 ? fraction * POWERS_OF_TEN[7 - places]! : Math.floor(fraction / POWERS_OF_TEN[places - 7]!);
  const ms = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + Math.floor(ticks / 10_000);
  return { ms, ticks: ticks % 10_000 };
}

/** 10 ** n for the 0 to 9 places a fraction may have beyond or short of seven (parseUtcTime takes 1 to 9). */
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * Days from 1970-01-01 to a day of the proleptic Gregorian calendar (what Date.UTC counts), by arithmetic: Date.UTC
 * was a fifth of reading an event's two times (https://howardhinnant.github.io/date_algorithms.html#days_from_civil).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The number written with `count` decimal digits at `at`, or -1. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Negative when a is earlier than b. */
export function compareTimes(a: EventTime, b: EventTime): number {
  return a.ms - b.ms || a.ticks - b.ticks;
}

const DAY_MS = 86_400_000;
/**
 * `YYYY-MM-DDT` of the days isoOf wrote: an event has two times (created, and its certificate's end), each mostly on a
 * day an event before it had. Bounded: cleared when it holds many days.
 */
const DAYS = new Map<number, string>();

export function isoOf(time: EventTime): string {
  const ms = time.ms;
  const day = Math.floor(ms / DAY_MS);
  const prefix = DAYS.get(day);
  if (prefix === undefined) {
    const iso = new Date(ms).toISOString();
    if (iso.length === 24) {
      if (DAYS.size >= 4096) DAYS.clear();
      DAYS.set(day, iso.slice(0, 11));
    }
    return iso;
  }
  const inDay = ms - day * DAY_MS;
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor(inDay / 60_000) % 60;
  const s = Math.floor(inDay / 1000) % 60;
  const milli = inDay % 1000;
  return `${prefix}${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}:${s < 10 ? "0" : ""}${s}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}
