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
 * Strict by the one XML tokenizer's rules (platform/formats/xml-rules.ts, xml-tokenizer.ts): tags nest and match,
 * attributes are quoted and unique, only XML's five predefined entities and character references are decoded, any
 * other reference and a DOCTYPE are refused (nothing is ever expanded), depth is capped. Memory is bounded by the
 * caller, which hands over events of limited size (log-stream.ts).
 */
import { describeReceived, tryNormalizeThumbprint } from "../core/thumbprint.js";
import type { LifecycleChannel } from "../platform/ports.js";
import { localName, XmlSyntaxError } from "../platform/formats/xml-rules.js";
import { XML_END_OF_TEXT, XML_END_TAG, XML_START_TAG, XmlTokenizer } from "../platform/formats/xml-tokenizer.js";
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

/** Parses one `<Event>` element. Throws EventFormatError when it is malformed or lacks its id or time. */
export function parseEventXml(xml: string, channel: LifecycleChannel): ParsedEventXml {
  try {
    return new EventReader(new XmlTokenizer(xml, { maxDepth: MAX_EVENT_DEPTH, root: "Event" }), channel).read();
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new EventFormatError(error.message, error.offset);
    throw error;
  }
}

class EventReader {
  private readonly stack: Frame[] = [];
  private eventId: string | null = null;
  private systemTime: string | null = null;
  private recordId: string | null = null;
  private computer: string | null = null;
  private action: string | null = null;
  private readonly details = new Map<string, Details>();
  private readonly notes: string[] = [];

  constructor(
    private readonly tokens: XmlTokenizer,
    private readonly channel: LifecycleChannel,
  ) {}

  read(): ParsedEventXml {
    const tokens = this.tokens;
    for (let kind = tokens.next(); kind !== XML_END_OF_TEXT; kind = tokens.next()) {
      if (kind === XML_START_TAG) {
        const frame = this.open(tokens.name(), tokens.start);
        if (tokens.selfClosing) this.finish(frame);
        else this.stack.push(frame);
      } else if (kind === XML_END_TAG) {
        this.finish(this.stack.pop()!);
      } else {
        const top = this.stack[this.stack.length - 1]!;
        if (KEEPS_TEXT.has(top.role)) top.text += tokens.textValue();
      }
    }
    return this.result();
  }

  /** The value of the start tag's attribute with this local name, whatever its prefix. */
  private attribute(local: string): string | null {
    const index = this.tokens.attributes.indexOf(local, true);
    return index < 0 ? null : this.tokens.attributes.value(index);
  }

  /** What the new element is, from its local name and its parent's role; reads the attributes that matter. */
  private open(name: string, offset: number): Frame {
    const local = localName(name);
    const parent = this.stack[this.stack.length - 1];
    const frame: Frame = { role: "other", text: "", details: null };
    if (!parent) {
      if (local !== "Event") throw new EventFormatError(`<${name}> is not an <Event> element`, offset);
      frame.role = "event";
      return frame;
    }
    switch (parent.role) {
      case "event":
        if (local === "System") frame.role = "system";
        else if (local === "CertNotificationData") this.notification(frame);
        break;
      case "system":
        if (local === "EventID") frame.role = "eventId";
        else if (local === "EventRecordID") frame.role = "recordId";
        else if (local === "Computer") frame.role = "computer";
        else if (local === "TimeCreated") this.systemTime ??= this.attribute("SystemTime");
        break;
      case "notification":
        if (local === "Action") frame.role = "action";
        else if (DETAILS.has(local) && !this.details.has(local)) {
          const details: Details = {
            element: local,
            thumbprint: this.attribute("Thumbprint"),
            thumbprintText: "",
            notAfter: this.attribute("NotValidAfter"),
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
          parent.details!.template ??= this.attribute("Name");
        } else if (local === "SubjectNames") frame.role = "subjectNames";
        break;
      case "subjectNames":
        frame.details = parent.details;
        if (local === "SubjectName") frame.role = "subjectName";
        break;
      case "other":
        // UserData (or any wrapper) around CertNotificationData: the payload's placement is matched loosely.
        if (local === "CertNotificationData" && !this.insideSystem()) this.notification(frame);
        break;
      default:
        break;
    }
    return frame;
  }

  private notification(frame: Frame): void {
    frame.role = "notification";
    this.action ??= this.attribute("Action");
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

/** A value for a note: at most 60 characters, invisible and control characters spelled out (one line). */
function shorten(text: string): string {
  return describeReceived(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
