/*
 * The lifecycle log as wevtutil prints it with /f:xml, read as a stream: text chunks go in, events and problems
 * come out, and what is held at any time is bounded (one event of at most MAX_EVENT_CHARS, or one tag of at most
 * MAX_TAG_CHARS, plus the chunk being read), however long the log is.
 *
 * Accepted around the events: nothing (wevtutil without /e:) or one root element of any name (with /e:Events;
 * several roots one after another are accepted too), an XML declaration, comments and white space. Each
 * `<Event>` (any prefix) is cut out up to its first `</Event>` and parsed on its own (event-xml.ts), so a malformed
 * event is reported with its position and skipped while the others are still read; an event that another event's
 * start tag follows before its end tag (an end tag lost, a log cut and appended to) is malformed too, and reading
 * goes on at that start tag: a broken event never swallows the next. Also reported and skipped:
 * a DOCTYPE (never read, so no entity is ever defined or expanded), an event larger than MAX_EVENT_CHARS (skipped
 * without being held), other elements and text outside the events, and a log that ends inside an event.
 */
import type { LifecycleChannel } from "../platform/ports.js";
import { localName } from "../platform/formats/xml-rules.js";
import { EventFormatError, parseEventXml } from "./event-xml.js";
import { BROKEN, countLines, doctypeEnd, EVENT_END_OR_START, eventEnd, firstNonSpace, MAX_TAG_CHARS, NOT_YET, readName, tagEnd } from "./log-scan.js";
import type { EventGlance, ParsedEvent } from "./model.js";

/** Far above any lifecycle event (a few kilobytes, more with hundreds of subject names). */
export const MAX_EVENT_CHARS = 1024 * 1024;

export type LogItem =
  | ({ type: "event"; notes: string[]; position: LogPosition } & ParsedEvent)
  | { type: "problem"; message: string; position: LogPosition; skippedEvent: boolean };

export interface LogPosition {
  /** 1-based number of the event in the log (counting every `<Event>` start tag), or null outside an event. */
  event: number | null;
  line: number;
}

type Mode =
  | { kind: "outside" }
  | { kind: "event"; ordinal: number; line: number; searchFrom: number }
  | { kind: "skip"; until: RegExp; keep: number; what: string; line: number }
  | { kind: "doctype"; quote: string | null; depth: number; line: number };

/** Splits a log into events as its text arrives. Feed it with write(), then call end(). */
export class LifecycleLogReader {
  private buffer = "";
  /** Lines before buffer[0]. */
  private lineAtStart = 1;
  /** The last line counted, so that lines are counted once: an offset in the buffer and the line it is on. */
  private counted = { offset: 0, line: 1 };
  private mode: Mode = { kind: "outside" };
  private root: string | null = null;
  private ordinal = 0;
  private ended = false;
  private inText = false;

  /** Which text the buffer is: a new number each time a chunk is added (for glance). */
  private generation = 0;
  private static generations = 0;

  /** `glance`, when given, sees each event first: an event it accounts for yields no item. */
  constructor(
    private readonly channel: LifecycleChannel,
    private readonly glance?: EventGlance,
  ) {}

  /** Events and problems found in the text read so far. */
  write(chunk: string): LogItem[] {
    if (this.ended) throw new Error("write() after end()");
    // One flat string (join copies both into one): what is scanned and cut in place, `+=` would make a rope of it.
    this.buffer = this.buffer.length === 0 ? chunk : [this.buffer, chunk].join("");
    this.generation = ++LifecycleLogReader.generations;
    const items: LogItem[] = [];
    this.process(items);
    return items;
  }

  /** The rest: what the log's end completes or leaves unfinished. */
  end(): LogItem[] {
    this.ended = true;
    const items: LogItem[] = [];
    this.process(items);
    const mode = this.mode;
    if (mode.kind === "event") {
      items.push(this.problem(`the log ends inside event ${mode.ordinal}: it is cut off`, { event: mode.ordinal, line: mode.line }, true));
    } else if (mode.kind === "skip" && mode.what) {
      items.push(this.problem(`the log ends inside ${mode.what}`, { event: null, line: mode.line }, false));
    } else if (mode.kind === "doctype") {
      items.push(this.problem("the log ends inside its DOCTYPE", { event: null, line: mode.line }, false));
    } else if (this.root !== null) {
      items.push(this.problem(`the log ends before </${this.root}>: it may be cut off`, { event: null, line: this.lineAt(this.buffer.length) }, false));
    }
    this.buffer = "";
    return items;
  }

  private process(items: LogItem[]): void {
    // Each step returns where the next one starts, or null once it has kept (wait()) what it still needs.
    for (let at: number | null = 0; at !== null; ) at = this.step(at, items);
  }

  /** Handles what starts at `at`; returns where to go on, or null when more text is needed. */
  private step(at: number, items: LogItem[]): number | null {
    switch (this.mode.kind) {
      case "outside":
        return this.outside(at, items);
      case "event":
        return this.inEvent(at, items);
      case "skip":
        return this.skip(at);
      case "doctype":
        return this.doctype(at);
    }
  }

  private outside(at: number, items: LogItem[]): number | null {
    const buffer = this.buffer;
    const lt = buffer.indexOf("<", at);
    const textEnd = lt < 0 ? buffer.length : lt;
    const first = firstNonSpace(buffer, at, textEnd);
    if (first >= 0 && !this.inText) {
      const text = buffer.slice(at + first, Math.min(textEnd, at + first + 40)).trimEnd();
      items.push(this.problem(`text outside the events ('${text}') is ignored`, { event: null, line: this.lineAt(at + first) }, false));
    }
    // A run of text that goes on in the next chunk is reported once.
    this.inText = lt < 0 && (this.inText || first >= 0);
    if (lt < 0) return this.wait(buffer.length);
    // Enough text to tell a tag from a comment from a CDATA section from a DOCTYPE.
    if (!this.ended && (buffer.length - lt < 2 || (buffer[lt + 1] === "!" && buffer.length - lt < 9))) return this.wait(lt);
    const glanced = this.glance?.atStart(buffer, lt, this.generation) ?? -1;
    if (glanced >= 0) {
      this.ordinal++;
      return glanced;
    }
    const line = this.lineAt(lt);
    return buffer[lt + 1] === "?" || buffer[lt + 1] === "!" ? this.outsideMarkup(lt, line, items) : this.outsideTag(lt, line, items);
  }

  /** A declaration, processing instruction, comment, CDATA section or (any other `<!`) DOCTYPE at `lt`, outside the events. */
  private outsideMarkup(lt: number, line: number, items: LogItem[]): number {
    const buffer = this.buffer;
    if (buffer.startsWith("<?", lt)) return this.startSkip(lt + 2, /\?>/g, 1, "an XML declaration or processing instruction", line);
    if (buffer.startsWith("<!--", lt)) return this.startSkip(lt + 4, /-->/g, 2, "a comment", line);
    if (buffer.startsWith("<![CDATA[", lt)) {
      items.push(this.problem("a CDATA section outside the events is ignored", { event: null, line }, false));
      return this.startSkip(lt + 9, /]]>/g, 2, "a CDATA section", line);
    }
    items.push(this.problem("a DOCTYPE is refused and skipped: no entity it declares is ever expanded, and events that use one are skipped", { event: null, line }, false));
    this.mode = { kind: "doctype", quote: null, depth: 0, line };
    return lt + 2;
  }

  /** A start or end tag at `lt`, outside the events: an event's, the root's or another element's. */
  private outsideTag(lt: number, line: number, items: LogItem[]): number | null {
    const buffer = this.buffer;
    const close = tagEnd(buffer, lt);
    if (close === NOT_YET && buffer.length - lt <= MAX_TAG_CHARS && !this.ended) return this.wait(lt);
    if (close < 0) {
      const why = close === BROKEN ? "is not closed before the next '<'" : `is longer than ${MAX_TAG_CHARS} characters or not closed`;
      if (this.isEventStart(lt)) {
        const ordinal = ++this.ordinal;
        items.push(this.problem(`event ${ordinal} is malformed and skipped: its start tag ${why}`, { event: ordinal, line }, true));
        return this.startSkip(lt + 1, EVENT_END_OR_START, 80, "", line);
      }
      items.push(this.problem(`a tag outside the events ${why}: it is skipped`, { event: null, line }, false));
      return close === BROKEN ? lt + 1 : this.startSkip(lt + 1, />/g, 0, "", line);
    }
    if (buffer[lt + 1] === "/") {
      const name = readName(buffer, lt + 2);
      if (this.root !== null && name === this.root) this.root = null;
      else items.push(this.problem(`the end tag </${name ?? "?"}> outside an event is ignored`, { event: null, line }, false));
      return close + 1;
    }
    const name = readName(buffer, lt + 1);
    if (name === null) {
      items.push(this.problem("a '<' that starts no tag is ignored", { event: null, line }, false));
      return lt + 1;
    }
    const selfClosing = buffer[close - 1] === "/";
    if (localName(name) === "Event") {
      const ordinal = ++this.ordinal;
      if (selfClosing) {
        this.emitEvent(lt, close + 1, ordinal, line, items);
        return close + 1;
      }
      this.mode = { kind: "event", ordinal, line, searchFrom: close + 1 };
      return lt;
    }
    if (this.root === null && !selfClosing) {
      this.root = name;
      return close + 1;
    }
    if (selfClosing && this.root === null) return close + 1; // <Events/>: an empty log
    items.push(this.problem(`the element <${name}> outside the events is skipped`, { event: null, line }, false));
    if (selfClosing) return close + 1;
    return this.startSkip(close + 1, new RegExp(`</${name.replace(/[.]/g, "\\.")}[ \\t\\r\\n]*>`, "g"), name.length + 16, "", line);
  }

  private inEvent(at: number, items: LogItem[]): number | null {
    const mode = this.mode as Extract<Mode, { kind: "event" }>;
    const end = eventEnd(this.buffer, Math.max(mode.searchFrom, at));
    if (end < -1) {
      // Another event starts before this one ends: this one is broken, the next one is read from its start tag.
      const next = -end - 2;
      items.push(this.problem(`event ${mode.ordinal} is malformed and skipped: it is not closed before the next <Event> (line ${this.lineAt(next)})`, { event: mode.ordinal, line: mode.line }, true));
      this.mode = { kind: "outside" };
      return next;
    }
    if (end >= 0) {
      if (end - at > MAX_EVENT_CHARS) {
        items.push(this.tooLarge(mode));
      } else {
        this.emitEvent(at, end, mode.ordinal, mode.line, items);
      }
      this.mode = { kind: "outside" };
      return end;
    }
    if (this.buffer.length - at > MAX_EVENT_CHARS) {
      items.push(this.tooLarge(mode));
      this.mode = { kind: "skip", until: EVENT_END_OR_START, keep: 80, what: "", line: mode.line };
      return this.buffer.length;
    }
    // An end tag may be split between this chunk and the next.
    mode.searchFrom = Math.max(mode.searchFrom, this.buffer.length - 80);
    return this.wait(at);
  }

  private tooLarge(mode: Extract<Mode, { kind: "event" }>): LogItem {
    return this.problem(`event ${mode.ordinal} is larger than ${MAX_EVENT_CHARS} characters: it is refused and skipped`, { event: mode.ordinal, line: mode.line }, true);
  }

  /** The event buffer[start, end). */
  private emitEvent(start: number, end: number, ordinal: number, line: number, items: LogItem[]): void {
    if (this.glance?.whole(this.buffer, start, end, this.generation)) return;
    const xml = this.buffer.slice(start, end);
    try {
      const parsed = parseEventXml(xml, this.channel);
      items.push({ type: "event", record: parsed.record, time: parsed.time, notes: parsed.notes, position: { event: ordinal, line } });
    } catch (error) {
      if (!(error instanceof EventFormatError)) throw error;
      const errorLine = line + countLines(xml, 0, Math.min(error.offset, xml.length));
      items.push(this.problem(`event ${ordinal} is malformed and skipped: ${error.message}`, { event: ordinal, line: errorLine }, true));
    }
  }

  private startSkip(from: number, until: RegExp, keep: number, what: string, line: number): number {
    this.mode = { kind: "skip", until, keep, what, line };
    return from;
  }

  private skip(at: number): number | null {
    const mode = this.mode as Extract<Mode, { kind: "skip" }>;
    mode.until.lastIndex = at;
    const match = mode.until.exec(this.buffer);
    if (match) {
      this.mode = { kind: "outside" };
      // A start tag (EVENT_END_OR_START) is read again as the next event's.
      return mode.until === EVENT_END_OR_START && match[0][1] !== "/" ? match.index : match.index + match[0].length;
    }
    // Nothing of the skipped text is kept but the tail an end marker may start in.
    return this.wait(Math.max(at, this.buffer.length - mode.keep));
  }

  /** Skips `<!DOCTYPE ... [ ... ]>` without reading it. */
  private doctype(at: number): number | null {
    const end = doctypeEnd(this.buffer, at, this.mode as Extract<Mode, { kind: "doctype" }>);
    if (end < 0) return this.wait(this.buffer.length);
    this.mode = { kind: "outside" };
    return end;
  }

  private isEventStart(lt: number): boolean {
    const name = readName(this.buffer, lt + 1);
    return name !== null && localName(name) === "Event";
  }

  /** Stops this round: `keepFrom` and what follows stay for the next chunk. */
  private wait(keepFrom: number): null {
    this.discard(keepFrom);
    return null;
  }

  private discard(upTo: number): void {
    if (upTo <= 0) return;
    const mode = this.mode;
    this.lineAtStart = this.lineAt(upTo);
    this.buffer = this.buffer.slice(upTo);
    this.counted = { offset: 0, line: this.lineAtStart };
    if (mode.kind === "event") mode.searchFrom = Math.max(0, mode.searchFrom - upTo);
  }

  /** The line of an offset in the buffer, counting on from the last offset asked for when it is further on. */
  private lineAt(offset: number): number {
    const from = offset >= this.counted.offset ? this.counted : { offset: 0, line: this.lineAtStart };
    const line = from.line + countLines(this.buffer, from.offset, offset);
    this.counted = { offset, line };
    return line;
  }

  private problem(message: string, position: LogPosition, skippedEvent: boolean): LogItem {
    return { type: "problem", message, position, skippedEvent };
  }
}
