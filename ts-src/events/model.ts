import type { LifecycleChannel } from "../platform/ports.js";

/**
 * The certificate lifecycle event ids (VERIFIED 3rd party,
 * https://detection-wiki-dev.pages.dev/microsoft-windows-certificateservicesclient-lifecycle-system/) and the kind
 * each is reported as.
 */
export const EVENT_KINDS: ReadonlyMap<number, string> = new Map([
  [1001, "Replaced"],
  [1002, "Expired"],
  [1003, "ExpiringSoon"],
  [1004, "Deleted"],
  [1005, "Archived"],
  [1006, "Installed"],
  [1007, "Exported"],
  [1008, "KeyAssociated"],
  [1009, "KeyAssociationFailed"],
  [1010, "DeletedFromDirectory"],
]);

/** Any other id is kept, as kind Unknown. */
export const UNKNOWN_KIND = "Unknown";

export const kindOf = (id: number): string => EVENT_KINDS.get(id) ?? UNKNOWN_KIND;

/**
 * The channels as wevtutil and Get-WinEvent name them (VERIFIED, Microsoft's IIS blog on the rebind task:
 * https://learn.microsoft.com/archive/blogs/erezs_iis_blog/certificates-on-the-rebound).
 */
export const CHANNEL_NAMES: Readonly<Record<LifecycleChannel, string>> = {
  System: "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational",
  User: "Microsoft-Windows-CertificateServicesClient-Lifecycle-User/Operational",
};

export const LIFECYCLE_CHANNELS: readonly LifecycleChannel[] = ["System", "User"];

/** One lifecycle event as `certrebind events` reports it (docs/cli-contract.md, `events`). */
export interface LifecycleEventRecord {
  id: number;
  kind: string;
  /** ISO 8601 UTC, millisecond precision. */
  timeCreated: string;
  recordId: number | null;
  channel: LifecycleChannel;
  computer: string | null;
  action: string | null;
  /** The certificate of a single-certificate event (CertificateDetails); upper case. */
  thumbprint: string | null;
  /** Event 1001: the replaced certificate (OldCertificateDetails). */
  oldThumbprint: string | null;
  /** Event 1001: the replacement (NewCertificateDetails). */
  newThumbprint: string | null;
  /** Of the event's certificate; for 1001 of the new one (of the old one when the new one names none). */
  subjectNames: string[];
  notAfter: string | null;
  template: string | null;
}

/**
 * Orders events in time beyond the millisecond: the event log keeps 100-nanosecond ticks, which JavaScript dates
 * cannot hold, so the ticks below the millisecond are kept apart.
 */
export interface EventTime {
  ms: number;
  /** 0–9999: the 100-nanosecond ticks below the millisecond. */
  ticks: number;
}

export interface ParsedEvent {
  record: LifecycleEventRecord;
  time: EventTime;
}

/**
 * What looks at each event before it is decoded (read-events.ts), in text, the reader's buffer (one flat string per
 * generation). It returns whether it accounted for the event without decoding it.
 */
export interface EventGlance {
  /** At an event's start tag, before its end is looked for: the end it found and accounted the event to, or -1. */
  atStart(text: string, start: number, generation: number): number;
  /** The event text[start, end) the reader found: true when accounted for. */
  whole(text: string, start: number, end: number, generation: number): boolean;
}
