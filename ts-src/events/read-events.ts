import { CertRebindError } from "../core/errors.js";
import { withRemedy } from "../core/remedy.js";
import type { EventLog, EventQuery, LifecycleChannel } from "../platform/ports.js";
import { matchPattern } from "./event-patterns.js";
import { type EventSummary, summarizeEvent, summaryOf } from "./event-summary.js";
import { type EventFilter, matchesFilter, NewestEvents, summaryMatches } from "./filter.js";
import { LifecycleLogReader, type LogItem, MAX_EVENT_CHARS } from "./log-stream.js";
import { CHANNEL_NAMES, type EventGlance, type LifecycleEventRecord, type ParsedEvent } from "./model.js";
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
  const run: EventsRun = {
    request,
    newest: new NewestEvents<ParsedEvent | UndecodedEvent>(request.max),
    chunks: new RetainedChunks(),
    ampersands: { generation: -1, at: -1 },
    warnings: [],
    decodeEvery: options.decodeEvery === true,
  };
  const { newest, warnings } = run;
  const channels: ChannelReport[] = [];
  const unavailable: CertRebindError[] = [];
  const query = toEventQuery(request.filter);
  const unfiltered = query.ids === null && query.after === null && query.before === null;

  for (const channel of request.channels) {
    const name = log.describe?.(channel) ?? CHANNEL_NAMES[channel];
    const report: ChannelReport = { channel, log: name, found: false, read: 0, skipped: 0 };
    channels.push(report);
    const source = await openChannel(log, channel, query, request.channels.length > 1, unavailable);
    if (source === UNAVAILABLE) continue;
    if (source === null) {
      warnings.push(`The ${channel} lifecycle log is missing: ${name} does not exist, so it adds no events.`);
      continue;
    }
    report.found = true;
    await readChannel(source, report, run);
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

/** What reading the channels of one request shares: the newest matches, the text they are kept in, the warnings. */
interface EventsRun {
  request: EventsRequest;
  newest: NewestEvents<ParsedEvent | UndecodedEvent>;
  chunks: RetainedChunks;
  /** The next '&' in the reader's text (a plain event has none), found once per stretch of text, not once per event. */
  ampersands: { generation: number; at: number };
  warnings: string[];
  decodeEvery: boolean;
}

/** The filter as the query pushed down to the event log (ids sorted, times as Dates, `before` rounded up). */
function toEventQuery(filter: EventFilter): EventQuery {
  return {
    ids: filter.ids ? [...filter.ids].sort((a, b) => a - b) : null,
    after: filter.after ? new Date(filter.after.ms) : null,
    before: filter.before ? new Date(filter.before.ms + (filter.before.ticks > 0 ? 1 : 0)) : null,
  };
}

const UNAVAILABLE = Symbol("unavailable");

/** The channel's text; null when its log is missing; UNAVAILABLE (noted) when it is one of several and cannot be read. */
async function openChannel(log: EventLog, channel: LifecycleChannel, query: EventQuery, several: boolean, unavailable: CertRebindError[]): Promise<AsyncIterable<string> | null | typeof UNAVAILABLE> {
  try {
    return await log.readEvents(channel, query);
  } catch (error) {
    if (error instanceof CertRebindError && error.code === "CR4005" && several) {
      unavailable.push(error);
      return UNAVAILABLE;
    }
    throw error;
  }
}

/** The first LISTED_PROBLEMS problems of a channel as warnings, then a count of the rest. */
class ProblemList {
  private listed = 0;
  private unlisted = 0;

  constructor(
    private readonly name: string,
    private readonly warnings: string[],
  ) {}

  add(message: string): void {
    if (this.listed < LISTED_PROBLEMS) {
      this.listed++;
      this.warnings.push(`${this.name}: ${message}`);
    } else {
      this.unlisted++;
    }
  }

  finish(skipped: number): void {
    if (this.unlisted > 0) this.warnings.push(`${this.name}: ${this.unlisted} more problem(s) are not listed; ${skipped} malformed event(s) were skipped in all.`);
  }
}

/** Reads one channel's log: every event counted in `report`, the matches offered to the newest, problems warned. */
async function readChannel(source: AsyncIterable<string>, report: ChannelReport, run: EventsRun): Promise<void> {
  const problems = new ProblemList(report.log, run.warnings);
  const take = (item: LogItem) => {
    if (item.type === "problem") {
      if (item.skippedEvent) report.skipped++;
      problems.add(`${item.message} (line ${item.position.line}).`);
      return;
    }
    report.read++;
    if (!matchesFilter(item, run.request.filter)) return;
    for (const note of item.notes) problems.add(`event ${item.position.event} (line ${item.position.line}, record ${item.record.recordId ?? "?"}): ${note}.`);
    run.newest.offer(item);
  };
  // The items of each chunk are taken in a plain loop: awaited one by one (an async generator of items), the bench's
  // 100,000 events took 1.9 s to read instead of 1.3 s.
  const reader = new LifecycleLogReader(report.channel, run.decodeEvery ? undefined : summaryGlance(report, run));
  for await (const chunk of source) for (const item of reader.write(chunk)) take(item);
  for (const item of reader.end()) take(item);
  problems.finish(report.skipped);
}

/**
 * An event is decoded when it is listed, or when decoding it could add a note or decide the filter: a plain,
 * well-formed event (event-summary.ts) that the filter refuses is only counted, and one that matches is kept
 * undecoded among the newest until the end. An event with the markup of one read before is read at its start tag by
 * that event's pattern, which finds its end too; any other once the reader has found its end. See bench/README.md.
 */
function summaryGlance(report: ChannelReport, run: EventsRun): EventGlance {
  const { request, ampersands } = run;
  const thumbprint = request.filter.thumbprint;
  // Where atStart() found no pattern: whole() does not try them again there.
  const missed = { generation: -1, start: -1 };
  return {
    atStart(text, start, generation) {
      // With --max 0 every match is decoded (in whole()'s turn, which the reader then takes).
      if (request.max === 0) return -1;
      const match = matchPattern(text, start, -1);
      if (match === null) {
        missed.generation = generation;
        missed.start = start;
        return -1;
      }
      const end = match.end;
      if (end - start > MAX_EVENT_CHARS) return -1;
      const summary = summaryOf(match.eventId, match.systemTime, match.recordId, match.values, match.roles, thumbprint);
      return summary !== null && account(summary, report, run, text, start, end, generation) ? end : -1;
    },
    whole(text, start, end, generation) {
      if (generation !== ampersands.generation || (ampersands.at >= 0 && ampersands.at < start)) {
        ampersands.at = text.indexOf("&", start);
        ampersands.generation = generation;
      }
      const tryPatterns = generation !== missed.generation || start !== missed.start;
      const summary = summarizeEvent(text, start, end, ampersands.at, thumbprint, tryPatterns);
      return summary !== null && account(summary, report, run, text, start, end, generation);
    },
  };
}

/** Counts the summarised event text[start, end) and offers it to the newest when it matches; false: decode it. */
function account(summary: EventSummary, report: ChannelReport, run: EventsRun, text: string, start: number, end: number, generation: number): boolean {
  const { request, newest, chunks } = run;
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
  const dropped = newest.offer({ time: summary.time, record: { channel: report.channel, recordId: summary.recordId }, text: text.slice(start, end), generation });
  if (dropped && "text" in dropped) chunks.release(dropped);
  chunks.copyIfMany(newest.kept, generation);
  return true;
}
