import fc from "fast-check";
import { kindOf, type LifecycleEventRecord } from "../../../../ts-src/events/model.js";
import type { LifecycleChannel } from "../../../../ts-src/platform/ports.js";
import {
  attribute,
  declaration,
  element,
  eol,
  indent,
  renderNodes,
  shuffled,
  text,
  tuple,
  trivia,
  withTrivia,
  xmlValue,
  type XmlAttr,
  type XmlElement,
  type XmlNode,
} from "./xml-document.js";

/*
 * Lifecycle logs as `wevtutil qe … /f:xml` prints them, generated with each event's expected record: ids, times with
 * zero to seven fraction digits and any zone, thumbprints and NotValidAfter as attributes or child elements, Action
 * as element or attribute, Template by Name or text, any namespace prefix, with or without the `/e:` root element,
 * comments, CDATA sections and character references in the text.
 */

export interface GeneratedLog {
  text: string;
  records: LifecycleEventRecord[];
}

const NS = "http://schemas.microsoft.com/win/2004/08/events/event";

interface Time {
  text: string;
  iso: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An ISO 8601 time as the event log or a user writes it, and the instant it names (to the millisecond). */
const isoTime: fc.Arbitrary<Time> = fc
  .record({
    seconds: fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }),
    fraction: fc.stringMatching(/^[0-9]{0,7}$/),
    zone: fc.constantFrom("Z", "Z", "", "z", "+01:00", "-05:30", "+0000", "+14:00"),
    separator: fc.constantFrom("T", "T", " "),
  })
  .map(({ seconds, fraction, zone, separator }) => {
    const sign = zone.startsWith("-") ? -1 : 1;
    const offset = /^[+-]/.test(zone) ? sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) : 0;
    const local = new Date((seconds + offset * 60) * 1000);
    const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
    const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
    const ms = seconds * 1000 + Number(fraction.padEnd(7, "0").slice(0, 3));
    return { text: `${date}${separator}${clock}${fraction ? `.${fraction}` : ""}${zone}`, iso: new Date(ms).toISOString() };
  });

/** A thumbprint as it may be written, and what it normalises to (null: not a thumbprint). */
const thumbprint: fc.Arbitrary<{ text: string; value: string | null }> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[0-9a-fA-F]{40}$/).map((h) => ({ text: h, value: h.toUpperCase() })) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f]{40}$/).map((h) => ({ text: h.replace(/(..)(?!$)/g, "$1 "), value: h.toUpperCase() })) },
  { weight: 1, arbitrary: fc.constantFrom("not-a-thumbprint", "1234", "zz".repeat(20)).map((t) => ({ text: t, value: null })) },
);

interface Details {
  element: "CertificateDetails" | "OldCertificateDetails" | "NewCertificateDetails";
  thumbprint: { text: string; value: string | null } | null;
  thumbprintAs: "attribute" | "element";
  notAfter: Time | { text: string; iso: null } | null;
  notAfterAs: "attribute" | "element";
  template: { value: string; as: "name" | "text" } | null;
  subjectNames: string[];
}

const details = (name: Details["element"]): fc.Arbitrary<Details> =>
  fc.record({
    element: fc.constant(name),
    thumbprint: fc.option(thumbprint, { nil: null, freq: 6 }),
    thumbprintAs: fc.constantFrom<"attribute" | "element">("attribute", "element"),
    notAfter: fc.option(fc.oneof({ weight: 5, arbitrary: isoTime }, { weight: 1, arbitrary: fc.constant({ text: "someday", iso: null }) }), { nil: null }),
    notAfterAs: fc.constantFrom<"attribute" | "element">("attribute", "element"),
    template: fc.option(fc.record({ value: xmlValue(16), as: fc.constantFrom<"name" | "text">("name", "text") }), { nil: null }),
    subjectNames: fc.array(xmlValue(20), { maxLength: 3 }),
  });

interface GeneratedEvent {
  id: string;
  time: Time;
  recordId: string | null;
  computer: string | null;
  action: { value: string; as: "element" | "attribute" } | null;
  details: Details[];
}

const generatedEvent: fc.Arbitrary<GeneratedEvent> = fc.record({
  id: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1001, max: 1010 }).map(String) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 65535 }).map(String) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map((n) => ` ${pad(n, 5)}\r\n`) },
  ),
  time: isoTime,
  recordId: fc.option(fc.oneof(fc.nat().map(String), fc.constant("x")), { nil: null }),
  computer: fc.option(xmlValue(20), { nil: null }),
  action: fc.option(fc.record({ value: xmlValue(10), as: fc.constantFrom<"element" | "attribute">("element", "attribute") }), { nil: null }),
  details: fc.oneof(
    fc.constant<Details[]>([]),
    details("CertificateDetails").map((d) => [d]),
    fc.tuple(details("OldCertificateDetails"), details("NewCertificateDetails")).map(([o, n]) => [o, n]),
  ),
});

/** The record parseEventXml must make of a generated event (event-xml.ts: which value wins where). */
function expectedRecord(event: GeneratedEvent, channel: LifecycleChannel): LifecycleEventRecord {
  const find = (name: Details["element"]) => event.details.find((d) => d.element === name) ?? null;
  const single = find("CertificateDetails");
  const old = find("OldCertificateDetails");
  const next = find("NewCertificateDetails");
  const described = single ?? next ?? old;
  const names = (d: Details | null) => (d ? d.subjectNames.map((n) => n.trim()).filter(Boolean) : []);
  const withNames = names(single).length ? single : names(next).length ? next : old;
  const id = Number(event.id.trim());
  const template = described?.template ?? null;
  return {
    id,
    kind: kindOf(id),
    timeCreated: event.time.iso,
    recordId: event.recordId !== null && /^\d{1,15}$/.test(event.recordId) ? Number(event.recordId) : null,
    channel,
    computer: event.computer?.trim() || null,
    action: (event.action?.as === "attribute" ? event.action.value : event.action?.value.trim()) || null,
    thumbprint: single?.thumbprint?.value ?? null,
    oldThumbprint: old?.thumbprint?.value ?? null,
    newThumbprint: next?.thumbprint?.value ?? null,
    subjectNames: names(withNames),
    notAfter: described?.notAfter?.iso ?? null,
    template: (template?.as === "name" ? template.value : template?.value.trim()) || null,
  };
}

const value = (name: string, content: string) => element(name, fc.constant([]), withTrivia(text(fc.constant(content)).map((t) => [t])));
const empty = (name: string, attrs: fc.Arbitrary<XmlAttr[]> = fc.constant([])) => element(name, attrs, fc.constant([]));

function detailsElement(d: Details, p: string): fc.Arbitrary<XmlElement> {
  const attrs: fc.Arbitrary<XmlAttr>[] = [];
  const children: fc.Arbitrary<XmlNode>[] = [];
  if (d.thumbprint) {
    if (d.thumbprintAs === "attribute") attrs.push(attribute("Thumbprint", fc.constant(d.thumbprint.text)));
    else children.push(value(`${p}Thumbprint`, d.thumbprint.text));
  }
  if (d.notAfter) {
    if (d.notAfterAs === "attribute") attrs.push(attribute("NotValidAfter", fc.constant(d.notAfter.text)));
    else children.push(value(`${p}NotValidAfter`, d.notAfter.text));
  }
  if (d.template) {
    children.push(d.template.as === "name" ? empty(`${p}Template`, tuple([attribute("Name", fc.constant(d.template.value))])) : value(`${p}Template`, d.template.value));
  }
  children.push(element(`${p}SubjectNames`, fc.constant([]), withTrivia(tuple(d.subjectNames.map((n) => value(`${p}SubjectName`, n))))));
  children.push(element(`${p}EKUs`, fc.constant([]), tuple([empty(`${p}EKU`, tuple([attribute("Name", fc.constant("Server Authentication")), attribute("OID", fc.constant("1.3.6.1.5.5.7.3.1"))]))])));
  return element(`${p}${d.element}`, shuffled(tuple(attrs)), withTrivia(tuple(children)));
}

function eventElement(event: GeneratedEvent, prefix: string | null): fc.Arbitrary<XmlElement> {
  const p = prefix ? `${prefix}:` : "";
  const system = element(
    `${p}System`,
    fc.constant([]),
    withTrivia(
      tuple([
        empty(`${p}Provider`, tuple([attribute("Name", fc.constant("Microsoft-Windows-CertificateServicesClient-Lifecycle-System"))])),
        value(`${p}EventID`, event.id),
        value(`${p}Level`, "4"),
        empty(`${p}TimeCreated`, tuple([attribute("SystemTime", fc.constant(event.time.text))])),
        ...(event.recordId === null ? [] : [value(`${p}EventRecordID`, event.recordId)]),
        value(`${p}Channel`, "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"),
        ...(event.computer === null ? [] : [value(`${p}Computer`, event.computer)]),
      ]),
    ),
  );
  const notificationAttrs = [attribute("ProcessName", fc.constant("certreq.exe")), ...(event.action?.as === "attribute" ? [attribute("Action", fc.constant(event.action.value))] : [])];
  const payload = [...(event.action?.as === "element" ? [value(`${p}Action`, event.action.value)] : []), ...event.details.map((d) => detailsElement(d, p))];
  const notification = element(`${p}CertNotificationData`, shuffled(tuple(notificationAttrs)), withTrivia(tuple(payload)));
  const userData = element(`${p}UserData`, fc.constant([]), tuple([notification]));
  const xmlns = attribute(prefix ? `xmlns:${prefix}` : "xmlns", fc.constant(NS));
  return element(`${p}Event`, tuple([xmlns]), withTrivia(tuple([system, userData])));
}

/** A log of the System channel with up to five events, and their records in the order of the log. */
export const generatedLog: fc.Arbitrary<GeneratedLog> =
  fc
    .tuple(fc.array(generatedEvent, { maxLength: 5 }), fc.constantFrom<string | null>(null, null, "e", "evt"), fc.constantFrom<string | null>("Events", "Events", null))
    .chain(([events, prefix, rootName]) => {
      const children = withTrivia(tuple(events.map((e) => eventElement(e, prefix))));
      const root: fc.Arbitrary<XmlNode[]> = rootName === null ? children : element(rootName, fc.constant([]), children).map((r) => [r]);
      return fc.record({ nodes: root, declaration, eol, indent, before: fc.array(trivia, { maxLength: 2 }) }).map(({ nodes, ...style }) => ({
        text: renderLog(nodes, style),
        records: events.map((e) => expectedRecord(e, "System")),
      }));
    });

function renderLog(nodes: XmlNode[], style: { declaration: string | null; eol: "\n" | "\r\n"; indent: string | null; before: XmlNode[] }): string {
  const declaration = style.declaration === null ? "" : style.declaration + style.eol;
  return declaration + renderNodes([...style.before, ...nodes], style.eol, style.indent);
}
