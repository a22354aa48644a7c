import { CertRebindError } from "../core/errors.js";
import { withRemedy } from "../core/remedy.js";
import type { EventLog, EventQuery, LifecycleChannel } from "../platform/ports.js";
import { summarizeEvent } from "./event-summary.js";
import { type EventFilter, matchesFilter, NewestEvents, summaryMatches } from "./filter.js";
import { LifecycleLogReader, type LogItem } from "./log-stream.js";
import { CHANNEL_NAMES, type LifecycleEventRecord, type ParsedEvent } from "./model.js";
import { decoded, RetainedChunks, type UndecodedEvent } from "./undecoded-events.js";

/** Problems listed one by one per channel; the rest are counted, so that warnings stay bounded too. */
export const LISTED_PROBLEMS = 10;

export interface EventsRequest {
  channels: readonly LifecycleChannel[];
  filter: EventFilter;
  /** The newest `max` matching events are kept; 0 keeps all of them. */
  max: number;
}

export interface ChannelReport {
  channel: LifecycleChannel;
  /** The channel's name on Windows, its file on a snapshot host. */
  log: string;
  /** False when the log does not exist (or, for one of several channels on Windows, is disabled). */
  found: boolean;
  /** Well-formed events read (on Windows: those wevtutil returned for the pushed-down query). */
  read: number;
  /** Malformed events skipped. */
  skipped: number;
}

export interface EventsData {
  events: LifecycleEventRecord[];
  /** Events that matched the filter; more than events.length when --max cut the list. */
  matched: number;
  max: number;
  truncated: boolean;
  channels: ChannelReport[];
}

/**
 * Reads the channels one after the other, streaming: each log is parsed as it arrives, every event is filtered at
 * once, and only the newest `max` matches are kept. Malformed events become warnings (the first LISTED_PROBLEMS
 * per channel, then a count). A missing snapshot log is a warning. On Windows a missing or disabled channel is
 * CR4005 (exit 4), unless several channels were asked for and another one could be read: then it is a warning.
 * `decodeEvery` decodes every event, as before event-summary.ts: the same answer, slower (what tests compare with).
 */
export async function readLifecycleEvents(log: EventLog, request: EventsRequest, options: { decodeEvery?: boolean } = {}): Promise<{ data: EventsData; warnings: string[] }> {
  const newest = new NewestEvents<ParsedEvent | UndecodedEvent>(request.max);
  const warnings: string[] = [];
  const channels: ChannelReport[] = [];
  const unavailable: CertRebindError[] = [];
  const query: EventQuery = {
    ids: request.filter.ids ? [...request.filter.ids].sort((a, b) => a - b) : null,
    after: request.filter.after ? new Date(request.filter.after.ms) : null,
    before: request.filter.before ? new Date(request.filter.before.ms + (request.filter.before.ticks > 0 ? 1 : 0)) : null,
  };
  // The next '&' in the reader's text (a plain event has none), found once per stretch of text, not once per event.
  const ampersands = { generation: -1, at: -1 };
  const chunks = new RetainedChunks();
  const unfiltered = query.ids === null && query.after === null && query.before === null;

  for (const channel of request.channels) {
    const name = log.describe?.(channel) ?? CHANNEL_NAMES[channel];
    const report: ChannelReport = { channel, log: name, found: false, read: 0, skipped: 0 };
    channels.push(report);
    let source: AsyncIterable<string> | null;
    try {
      source = await log.readEvents(channel, query);
    } catch (error) {
      if (error instanceof CertRebindError && error.code === "CR4005" && request.channels.length > 1) {
        unavailable.push(error);
        continue;
      }
      throw error;
    }
    if (source === null) {
      warnings.push(`The ${channel} lifecycle log is missing: ${name} does not exist, so it adds no events.`);
      continue;
    }
    report.found = true;
    let listed = 0;
    let unlisted = 0;
    const problem = (message: string) => {
      if (listed < LISTED_PROBLEMS) {
        listed++;
        warnings.push(`${name}: ${message}`);
      } else {
        unlisted++;
      }
    };
    const take = (item: LogItem) => {
      if (item.type === "problem") {
        if (item.skippedEvent) report.skipped++;
        problem(`${item.message} (line ${item.position.line}).`);
        return;
      }
      report.read++;
      if (!matchesFilter(item, request.filter)) return;
      for (const note of item.notes) problem(`event ${item.position.event} (line ${item.position.line}, record ${item.record.recordId ?? "?"}): ${note}.`);
      newest.offer(item);
    };
    // An event is decoded when it is listed, or when decoding it could add a note or decide the filter: a plain,
    // well-formed event (event-summary.ts) that the filter refuses is only counted, and one that matches is kept
    // undecoded among the newest until the end. See bench/README.md for the figures.
    const glance = (text: string, start: number, end: number, generation: number): boolean => {
      if (generation !== ampersands.generation || (ampersands.at >= 0 && ampersands.at < start)) {
        ampersands.at = text.indexOf("&", start);
        ampersands.generation = generation;
      }
      const summary = summarizeEvent(text, start, end, ampersands.at, request.filter.thumbprint);
      if (summary === null) return false;
      const matches = summaryMatches(summary, request.filter);
      // With --max 0 every match is listed: it is decoded at once.
      if (matches === "decode" || (matches && (!summary.noteless || request.max === 0))) return false;
      report.read++;
      if (!matches) return true;
      if (!newest.mightKeep(summary.time)) {
        newest.offerDropped();
        return true;
      }
      chunks.keep(generation);
      const dropped = newest.offer({ time: summary.time, record: { channel, recordId: summary.recordId }, text: text.slice(start, end), generation });
      if (dropped && "text" in dropped) chunks.release(dropped);
      chunks.copyIfMany(newest.kept, generation);
      return true;
    };
    // The items of each chunk are taken in a plain loop: awaited one by one (an async generator of items), the bench's 100,000
    // events took 1.9 s to read instead of 1.3 s.
    const reader = new LifecycleLogReader(channel, options.decodeEvery ? undefined : glance);
    for await (const chunk of source) for (const item of reader.write(chunk)) take(item);
    for (const item of reader.end()) take(item);
    if (unlisted > 0) warnings.push(`${name}: ${unlisted} more problem(s) are not listed; ${report.skipped} malformed event(s) were skipped in all.`);
    if (report.read === 0 && report.skipped === 0 && unfiltered) {
      warnings.push(`The ${channel} lifecycle log (${name}) is empty: it holds no events.`);
    }
  }

  if (unavailable.length === request.channels.length && unavailable[0]) throw unavailable[0];
  for (const error of unavailable) warnings.push(error.message);

  const kept = newest.newestFirst().map(decoded);
  const truncated = newest.offered > kept.length;
  if (truncated) {
    warnings.push(withRemedy(`${newest.offered} events match; only the newest ${kept.length} are listed.`, "raiseMax"));
  }
  return {
    data: { events: kept.map((e) => e.record), matched: newest.offered, max: request.max, truncated, channels },
    warnings,
  };
}
