/*
 * One lifecycle event, `<Event>…</Event>` as wevtutil prints it with /f:xml, parsed strictly and read tolerantly
 * (Microsoft's IIS task reads `…/NewCertificateDetails/@Thumbprint`, tests/fixtures/tasks/SOURCES.md; 3rd-party
 * samples: https://detection-wiki-dev.pages.dev/microsoft-windows-certificateservicesclient-lifecycle-system/1001):
 *   - elements and attributes are matched by local name: any namespace, declared or not, and any prefix is ignored
 *     (the namespace of CertNotificationData is UNCERTAIN);
 *   - Thumbprint and NotValidAfter are read as attributes of the details element (Thumbprint: VERIFIED) or, when
 *     there is no such attribute, as child elements (NotValidAfter's placement is UNCERTAIN);
 *   - Action is a child element of CertNotificationData (VERIFIED, 3rd party), or an attribute;
 *   - SubjectNames/SubjectName are repeated elements with text (INFERRED); Template carries a Name attribute
 *     (VERIFIED, 3rd party), or text.
 * Strict: tags must nest and match, attributes be quoted and unique, and only XML's five predefined entities and
 * character references are decoded. DOCTYPE and entity declarations are refused, and so is any other entity
 * reference: nothing is ever expanded. Depth is capped. Memory is bounded by the caller, which hands over events of
 * limited size (log-stream.ts).
 */
import { describeReceived, tryNormalizeThumbprint } from "../core/thumbprint.js";
import type { LifecycleChannel } from "../platform/ports.js";
import { isoOf, parseIsoTime } from "./event-time.js";
import { type EventTime, kindOf, type ParsedEvent } from "./model.js";

/** Deeper nesting than any lifecycle event has (Event/UserData/CertNotificationData/…/SubjectNames/SubjectName: 6). */
export const MAX_EVENT_DEPTH = 32;

export class EventFormatError extends Error {
  constructor(
    message: string,
    /** Offset in the event's text. */
    readonly offset: number,
  ) {
    super(message);
    this.name = "EventFormatError";
  }
}

export interface ParsedEventXml extends ParsedEvent {
  /** What was odd but did not make the event unusable: a thumbprint that is not one, a time that is not one. */
  notes: string[];
}

type Role =
  | "event"
  | "system"
  | "eventId"
  | "recordId"
  | "computer"
  | "notification"
  | "action"
  | "details"
  | "detailThumbprint"
  | "detailNotAfter"
  | "detailTemplate"
  | "subjectNames"
  | "subjectName"
  | "other";

interface Frame {
  name: string;
  role: Role;
  /** Text gathered for the roles that keep text. */
  text: string;
  details: Details | null;
}

interface Details {
  element: string;
  thumbprint: string | null;
  thumbprintText: string;
  notAfter: string | null;
  notAfterText: string;
  template: string | null;
  templateText: string;
  subjectNames: string[];
}

const KEEPS_TEXT = new Set<Role>(["eventId", "recordId", "computer", "action", "detailThumbprint", "detailNotAfter", "detailTemplate", "subjectName"]);
const DETAILS = new Set(["CertificateDetails", "OldCertificateDetails", "NewCertificateDetails"]);

const ENTITY = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export const localName = (name: string): string => name.slice(name.indexOf(":") + 1);

/** Parses one `<Event>` element. Throws EventFormatError when it is malformed or lacks its id or time. */
export function parseEventXml(xml: string, channel: LifecycleChannel): ParsedEventXml {
  return new EventReader(xml, channel).read();
}

class EventReader {
  private readonly stack: Frame[] = [];
  private closed = false;
  private eventId: string | null = null;
  private systemTime: string | null = null;
  private recordId: string | null = null;
  private computer: string | null = null;
  private action: string | null = null;
  private readonly details = new Map<string, Details>();
  private readonly notes: string[] = [];
  /** The attributes of the start tag being read; one list, filled again for each tag. */
  private readonly attributes: Attributes;
  /** Whether the event has an '&' at all: most have none, and then no text or value needs decoding. */
  private readonly ampersands: boolean;

  constructor(
    private readonly xml: string,
    private readonly channel: LifecycleChannel,
  ) {
    this.attributes = new Attributes(xml);
    this.ampersands = xml.includes("&");
  }

  read(): ParsedEventXml {
    const xml = this.xml;
    let i = 0;
    while (i < xml.length) {
      const lt = xml.indexOf("<", i);
      const textEnd = lt < 0 ? xml.length : lt;
      if (textEnd > i) this.text(i, textEnd, true);
      if (lt < 0) break;
      const next = xml.charCodeAt(lt + 1);
      if (next === SLASH) {
        i = this.endTag(lt);
      } else if (next !== BANG && next !== QUESTION) {
        i = this.startTag(lt);
      } else if (xml.startsWith("<!--", lt)) {
        i = this.skipPast(lt, "-->", "a comment");
      } else if (xml.startsWith("<![CDATA[", lt)) {
        const end = this.skipPast(lt, "]]>", "a CDATA section");
        this.text(lt + 9, end - 3, false, lt);
        i = end;
      } else if (next === QUESTION) {
        i = this.skipPast(lt, "?>", "a processing instruction");
      } else {
        throw new EventFormatError("a DOCTYPE or entity declaration is refused (entities are never expanded)", lt);
      }
    }
    if (this.stack.length > 0) {
      throw new EventFormatError(`the event ends before <${this.stack[this.stack.length - 1]!.name}> is closed`, xml.length);
    }
    if (!this.closed) throw new EventFormatError("no <Event> element", 0);
    return this.result();
  }

  private skipPast(from: number, terminator: string, what: string): number {
    const end = this.xml.indexOf(terminator, from);
    if (end < 0) throw new EventFormatError(`${what} is not closed`, from);
    return end + terminator.length;
  }

  /** The text from `start` to `end` (CDATA: `decode` false, reported at `offset`); sliced only when it is kept. */
  private text(start: number, end: number, decode: boolean, offset = start): void {
    const xml = this.xml;
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (skipSpace(xml, start) < end) throw new EventFormatError(this.closed ? "text after </Event>" : "text before <Event>", offset);
      return;
    }
    // Entity references are checked in all text, kept or not; only kept text is cut out of the event.
    const entities = decode && this.ampersands && hasAmpersand(xml, start, end);
    if (KEEPS_TEXT.has(top.role)) top.text += entities ? decodeText(xml.slice(start, end), offset) : xml.slice(start, end);
    else if (entities) decodeText(xml.slice(start, end), offset);
  }

  private endTag(lt: number): number {
    const xml = this.xml;
    // Mostly the end tag of the open element: its name is checked in place, without scanning it as a name.
    const open = this.stack[this.stack.length - 1];
    if (open && xml.startsWith(open.name, lt + 2) && !nameGoesOn(xml, lt + 2 + open.name.length, open.name)) {
      const close = skipSpace(xml, lt + 2 + open.name.length);
      if (xml.charCodeAt(close) === GT) {
        this.stack.pop();
        this.finish(open);
        if (this.stack.length === 0) this.closed = true;
        return close + 1;
      }
    }
    const end = this.readName(lt + 2);
    const close = skipSpace(xml, end);
    // The name is compared in place; it is cut out of the event only for a message.
    const name = () => xml.slice(lt + 2, end);
    if (xml.charCodeAt(close) !== GT) throw new EventFormatError(`the end tag </${name()}> is not closed`, lt);
    const frame = this.stack.pop();
    if (!frame) throw new EventFormatError(`</${name()}> has no matching start tag`, lt);
    if (frame.name.length !== end - lt - 2 || !xml.startsWith(frame.name, lt + 2)) throw new EventFormatError(`</${name()}> closes <${frame.name}>`, lt);
    this.finish(frame);
    if (this.stack.length === 0) this.closed = true;
    return close + 1;
  }

  private startTag(lt: number): number {
    const xml = this.xml;
    const nameEnd = this.readName(lt + 1);
    const name = xml.slice(lt + 1, nameEnd);
    const attributes = this.attributes;
    attributes.clear();
    let i = nameEnd;
    let selfClosing = false;
    for (;;) {
      const at = skipSpace(xml, i);
      const ch = xml.charCodeAt(at);
      if (ch === SLASH && xml.charCodeAt(at + 1) === GT) {
        selfClosing = true;
        i = at + 2;
        break;
      }
      if (ch === GT) {
        i = at + 1;
        break;
      }
      if (at === i) throw new EventFormatError(`unexpected character in <${name}>`, at);
      const attributeEnd = this.readName(at);
      const attribute = xml.slice(at, attributeEnd);
      let j = skipSpace(xml, attributeEnd);
      if (xml.charCodeAt(j) !== EQUALS) throw new EventFormatError(`attribute ${attribute} of <${name}> has no value`, j);
      j = skipSpace(xml, j + 1);
      const quote = xml[j];
      if (quote !== '"' && quote !== "'") throw new EventFormatError(`attribute ${attribute} of <${name}> is not quoted`, j);
      const close = xml.indexOf(quote, j + 1);
      if (close < 0) throw new EventFormatError(`attribute ${attribute} of <${name}> is not closed`, j);
      const lessThan = xml.indexOf("<", j + 1);
      if (lessThan >= 0 && lessThan < close) throw new EventFormatError(`attribute ${attribute} of <${name}> contains '<'`, j);
      if (attributes.has(attribute)) throw new EventFormatError(`attribute ${attribute} appears twice in <${name}>`, at);
      // A value with a reference is decoded (and so checked) now; any other is cut out only if it is asked for.
      attributes.add(attribute, j + 1, close, this.ampersands && hasAmpersand(xml, j + 1, close) ? decodeText(xml.slice(j + 1, close), j + 1) : null);
      i = close + 1;
    }
    if (this.closed) throw new EventFormatError(`<${name}> after </Event>`, lt);
    if (this.stack.length >= MAX_EVENT_DEPTH) {
      throw new EventFormatError(`elements are nested deeper than ${MAX_EVENT_DEPTH} levels`, lt);
    }
    const frame = this.open(name, attributes, lt);
    if (selfClosing) {
      this.finish(frame);
      if (this.stack.length === 0) this.closed = true;
    } else {
      this.stack.push(frame);
    }
    return i;
  }

  /** The end of the name at `at`; throws when there is none. */
  private readName(at: number): number {
    const end = nameEnd(this.xml, at);
    if (end === at) throw new EventFormatError("a tag name was expected", at);
    return end;
  }

  /** What the new element is, from its local name and its parent's role; reads the attributes that matter. */
  private open(name: string, attributes: Attributes, offset: number): Frame {
    const local = localName(name);
    const parent = this.stack[this.stack.length - 1];
    const frame: Frame = { name, role: "other", text: "", details: null };
    if (!parent) {
      if (local !== "Event") throw new EventFormatError(`<${name}> is not an <Event> element`, offset);
      frame.role = "event";
      return frame;
    }
    switch (parent.role) {
      case "event":
        if (local === "System") frame.role = "system";
        else if (local === "CertNotificationData") this.notification(frame, attributes);
        break;
      case "system":
        if (local === "EventID") frame.role = "eventId";
        else if (local === "EventRecordID") frame.role = "recordId";
        else if (local === "Computer") frame.role = "computer";
        else if (local === "TimeCreated") this.systemTime ??= attributes.get("SystemTime");
        break;
      case "notification":
        if (local === "Action") frame.role = "action";
        else if (DETAILS.has(local) && !this.details.has(local)) {
          const details: Details = {
            element: local,
            thumbprint: attributes.get("Thumbprint"),
            thumbprintText: "",
            notAfter: attributes.get("NotValidAfter"),
            notAfterText: "",
            template: null,
            templateText: "",
            subjectNames: [],
          };
          this.details.set(local, details);
          frame.role = "details";
          frame.details = details;
        }
        break;
      case "details":
        frame.details = parent.details;
        if (local === "Thumbprint") frame.role = "detailThumbprint";
        else if (local === "NotValidAfter") frame.role = "detailNotAfter";
        else if (local === "Template") {
          frame.role = "detailTemplate";
          parent.details!.template ??= attributes.get("Name");
        } else if (local === "SubjectNames") frame.role = "subjectNames";
        break;
      case "subjectNames":
        frame.details = parent.details;
        if (local === "SubjectName") frame.role = "subjectName";
        break;
      case "other":
        // UserData (or any wrapper) around CertNotificationData: the payload's placement is matched loosely.
        if (local === "CertNotificationData" && !this.insideSystem()) this.notification(frame, attributes);
        break;
      default:
        break;
    }
    return frame;
  }

  private notification(frame: Frame, attributes: Attributes): void {
    frame.role = "notification";
    this.action ??= attributes.get("Action");
  }

  private insideSystem(): boolean {
    return this.stack.some((frame) => frame.role === "system");
  }

  private finish(frame: Frame): void {
    const text = frame.text.trim();
    const details = frame.details;
    switch (frame.role) {
      case "eventId":
        this.eventId ??= text;
        break;
      case "recordId":
        this.recordId ??= text;
        break;
      case "computer":
        this.computer ??= text;
        break;
      case "action":
        this.action ??= text;
        break;
      case "detailThumbprint":
        details!.thumbprintText ||= text;
        break;
      case "detailNotAfter":
        details!.notAfterText ||= text;
        break;
      case "detailTemplate":
        details!.templateText ||= text;
        break;
      case "subjectName":
        if (text) details!.subjectNames.push(text);
        break;
      default:
        break;
    }
  }

  private result(): ParsedEventXml {
    if (this.eventId === null) throw new EventFormatError("it has no System/EventID", 0);
    if (!/^\d{1,5}$/.test(this.eventId) || Number(this.eventId) > 65535) {
      throw new EventFormatError(`its EventID '${shorten(this.eventId)}' is not a number from 0 to 65535`, 0);
    }
    if (this.systemTime === null) throw new EventFormatError("it has no System/TimeCreated/@SystemTime", 0);
    const time = parseIsoTime(this.systemTime, { withoutZone: "utc" });
    if (!time) throw new EventFormatError(`its TimeCreated/@SystemTime '${shorten(this.systemTime)}' is not an ISO 8601 time`, 0);

    const single = this.details.get("CertificateDetails") ?? null;
    const old = this.details.get("OldCertificateDetails") ?? null;
    const next = this.details.get("NewCertificateDetails") ?? null;
    const described = single ?? next ?? old;
    const subjectNames = (single?.subjectNames.length ? single : next?.subjectNames.length ? next : old)?.subjectNames ?? [];
    const recordId = this.recordId !== null && /^\d{1,15}$/.test(this.recordId) ? Number(this.recordId) : null;
    if (this.recordId !== null && recordId === null) this.notes.push(`its EventRecordID '${shorten(this.recordId)}' is not a number`);
    const id = Number(this.eventId);
    return {
      record: {
        id,
        kind: kindOf(id),
        timeCreated: isoOf(time),
        recordId,
        channel: this.channel,
        computer: this.computer || null,
        action: this.action || null,
        thumbprint: this.thumbprint(single),
        oldThumbprint: this.thumbprint(old),
        newThumbprint: this.thumbprint(next),
        subjectNames,
        notAfter: this.notAfter(described),
        template: (described?.template ?? described?.templateText) || null,
      },
      time,
      notes: this.notes,
    };
  }

  private thumbprint(details: Details | null): string | null {
    if (!details) return null;
    const raw = details.thumbprint ?? details.thumbprintText;
    if (!raw) return null;
    const thumbprint = tryNormalizeThumbprint(raw);
    if (!thumbprint) this.notes.push(`the Thumbprint '${shorten(raw)}' of ${details.element} is not a SHA-1 thumbprint; it is left out`);
    return thumbprint;
  }

  private notAfter(details: Details | null): string | null {
    const raw = details ? (details.notAfter ?? details.notAfterText) : "";
    if (!raw) return null;
    const time: EventTime | null = parseIsoTime(raw, { withoutZone: "utc" });
    if (!time) this.notes.push(`the NotValidAfter '${shorten(raw)}' of ${details!.element} is not an ISO 8601 time; it is left out`);
    return time ? isoOf(time) : null;
  }
}

/** A start tag's attributes: names, and where each value is in the event (or its decoded text). */
class Attributes {
  count = 0;
  private readonly names: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly decoded: (string | null)[] = [];
  // A set, not a scan of `names`: a tag with tens of thousands of attributes must not take quadratic time.
  private readonly seen = new Set<string>();

  constructor(private readonly xml: string) {}

  clear(): void {
    this.count = 0;
    this.seen.clear();
  }

  add(name: string, start: number, end: number, decoded: string | null): void {
    this.seen.add(name);
    const i = this.count++;
    this.names[i] = name;
    this.starts[i] = start;
    this.ends[i] = end;
    this.decoded[i] = decoded;
  }

  has(name: string): boolean {
    return this.seen.has(name);
  }

  /** The value of the attribute with this local name, whatever its prefix. */
  get(wanted: string): string | null {
    for (let i = 0; i < this.count; i++) {
      if (localName(this.names[i]!) === wanted) return this.decoded[i] ?? this.xml.slice(this.starts[i], this.ends[i]);
    }
    return null;
  }
}

/** Decodes XML's five entities and character references; refuses every other entity reference and a bare '&'. */
function decodeText(raw: string, offset: number): string {
  if (!raw.includes("&")) return raw;
  let out = "";
  let last = 0;
  ENTITY.lastIndex = 0;
  for (let match = ENTITY.exec(raw); match; match = ENTITY.exec(raw)) {
    const bare = raw.indexOf("&", last);
    if (bare < match.index) break;
    out += raw.slice(last, match.index);
    const [, hex, decimal, named] = match;
    if (named) out += NAMED[named]!;
    else {
      const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new EventFormatError(`the character reference ${match[0]} is not a character`, offset + match.index);
      }
      out += String.fromCodePoint(code);
    }
    last = ENTITY.lastIndex;
  }
  const bare = raw.indexOf("&", last);
  if (bare >= 0) {
    const reference = /^&[^;\s<&]{0,40};?/.exec(raw.slice(bare))![0];
    throw new EventFormatError(
      `the entity reference '${reference}' is refused: only &amp; &lt; &gt; &quot; &apos; and character references are read, nothing is expanded`,
      offset + bare,
    );
  }
  return out + raw.slice(last);
}

/** A value for a note: at most 60 characters, invisible and control characters spelled out (one line). */
function shorten(text: string): string {
  return describeReceived(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

const SLASH = 0x2f; // /
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?
const GT = 0x3e; // >
const EQUALS = 0x3d; // =
const COLON = 0x3a; // :

// The parser's inner loop (about 36 elements and 14 attributes an event): scanned by character code, or with a sticky
// regular expression's test(), never with a match, which allocates.

/** Where the white space (XML's: space, tab, CR, LF) from `at` ends. */
export function skipSpace(text: string, at: number): number {
  for (;;) {
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return at;
    at++;
  }
}

export const isNameStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
export const isNameChar = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

/** Whether the name `name`, found in `text` up to `end`, would be read longer there (NAME below). */
function nameGoesOn(text: string, end: number, name: string): boolean {
  const c = text.charCodeAt(end);
  return isNameChar(c) || (c === COLON && !name.includes(":") && isNameStart(text.charCodeAt(end + 1)));
}

const NAME = /[A-Za-z_][-A-Za-z0-9_.]*(?::[A-Za-z_][-A-Za-z0-9_.]*)?/y;

/** The end of the name `[A-Za-z_][-A-Za-z0-9_.]*(:[A-Za-z_][-A-Za-z0-9_.]*)?` at `at`, or `at` when none starts there. */
export function nameEnd(text: string, at: number): number {
  NAME.lastIndex = at;
  return NAME.test(text) ? NAME.lastIndex : at; // test() allocates no match
}

function hasAmpersand(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0x26) return true;
  return false;
}
