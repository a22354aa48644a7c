import type { EventTime } from "./model.js";

// 2026-11-20T09:14:02.5176243Z: the event log writes UTC with up to seven fractional digits (100 ns ticks).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export interface TimeParseOptions {
  /** What a date-time without Z or an offset means: UTC (the event log's own values) or not allowed (user input). */
  withoutZone: "utc" | "refuse";
}

/** Parses an ISO 8601 date or date-time; null when it is not one (or names a day or hour that does not exist). */
export function parseIsoTime(text: string, options: TimeParseOptions): EventTime | null {
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

/** Negative when a is earlier than b. */
export function compareTimes(a: EventTime, b: EventTime): number {
  return a.ms - b.ms || a.ticks - b.ticks;
}

export const isoOf = (time: EventTime): string => new Date(time.ms).toISOString();
