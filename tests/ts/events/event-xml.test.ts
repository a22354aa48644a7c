import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EventFormatError, MAX_EVENT_DEPTH, parseEventXml } from "../../../ts-src/events/event-xml.js";
import { details, eventXml, NS } from "./support.js";

const OLD = "0f70c94c6482e61b0a43b9816e830ed7b30b8c44";
const NEW = "fac2be397b0ef579e4c64ae777717b344007ba2c";

describe("parseEventXml: every event id", () => {
  const single = (id: number) => eventXml({ id, payload: details("CertificateDetails", OLD) });
  const table: { id: number; kind: string; xml: string; thumbprint: string | null; old: string | null; next: string | null }[] = [
    { id: 1001, kind: "Replaced", xml: eventXml({ id: 1001, payload: `<Action>Renew</Action>${details("OldCertificateDetails", OLD)}${details("NewCertificateDetails", NEW)}` }), thumbprint: null, old: OLD, next: NEW },
    { id: 1002, kind: "Expired", xml: single(1002), thumbprint: OLD, old: null, next: null },
    { id: 1003, kind: "ExpiringSoon", xml: single(1003), thumbprint: OLD, old: null, next: null },
    { id: 1004, kind: "Deleted", xml: single(1004), thumbprint: OLD, old: null, next: null },
    { id: 1005, kind: "Archived", xml: single(1005), thumbprint: OLD, old: null, next: null },
    { id: 1006, kind: "Installed", xml: single(1006), thumbprint: OLD, old: null, next: null },
    { id: 1007, kind: "Exported", xml: single(1007), thumbprint: OLD, old: null, next: null },
    { id: 1008, kind: "KeyAssociated", xml: single(1008), thumbprint: OLD, old: null, next: null },
    { id: 1009, kind: "KeyAssociationFailed", xml: single(1009), thumbprint: OLD, old: null, next: null },
    { id: 1010, kind: "DeletedFromDirectory", xml: single(1010), thumbprint: OLD, old: null, next: null },
    { id: 4242, kind: "Unknown", xml: single(4242), thumbprint: OLD, old: null, next: null },
    { id: 1008, kind: "KeyAssociated", xml: eventXml({ id: 1008, userData: "<UserData/>" }), thumbprint: null, old: null, next: null },
  ];
  for (const { id, kind, xml, thumbprint, old, next } of table) {
    it(`reads ${id} as ${kind}${thumbprint === null && old === null ? " (without a payload)" : ""}`, () => {
      const { record } = parseEventXml(xml, "System");
      assert.equal(record.id, id);
      assert.equal(record.kind, kind);
      assert.equal(record.thumbprint, thumbprint?.toUpperCase() ?? null);
      assert.equal(record.oldThumbprint, old?.toUpperCase() ?? null);
      assert.equal(record.newThumbprint, next?.toUpperCase() ?? null);
    });
  }

  it("reads every field of a 1001, in the order of the contract, describing the new certificate", () => {
    const xml = eventXml({
      id: 1001,
      recordId: 42,
      payload: `<Action>Renew</Action>${details("OldCertificateDetails", OLD, "2026-12-20T00:00:00Z", ["CN=old"])}${details("NewCertificateDetails", NEW, "2027-11-20T00:00:00Z", ["CN=www.contoso.com", "www.contoso.com"])}`,
    });
    const { record, time, notes } = parseEventXml(xml, "System");
    assert.deepEqual(record, {
      id: 1001,
      kind: "Replaced",
      timeCreated: "2026-11-20T09:14:02.517Z",
      recordId: 42,
      channel: "System",
      computer: "WEB01.contoso.com",
      action: "Renew",
      thumbprint: null,
      oldThumbprint: OLD.toUpperCase(),
      newThumbprint: NEW.toUpperCase(),
      subjectNames: ["CN=www.contoso.com", "www.contoso.com"],
      notAfter: "2027-11-20T00:00:00.000Z",
      template: "WebServer",
    });
    assert.deepEqual(time, { ms: Date.UTC(2026, 10, 20, 9, 14, 2, 517), ticks: 6243 });
    assert.deepEqual(notes, []);
  });

  it("takes the channel from the log it reads, not from the event", () => {
    assert.equal(parseEventXml(eventXml(), "User").record.channel, "User");
  });
});

describe("parseEventXml: tolerances", () => {
  const thumbprintOf = (xml: string) => parseEventXml(xml, "System").record.thumbprint;

  it("matches elements by local name, whatever the prefix or namespace", () => {
    const xml =
      `<ev:Event xmlns:ev='${NS}'><ev:System><ev:EventID>1006</ev:EventID><ev:TimeCreated ev:SystemTime='2026-11-20T09:14:02Z'/>` +
      `<ev:EventRecordID>7</ev:EventRecordID><ev:Computer>WEB01</ev:Computer></ev:System><ev:UserData>` +
      `<c:CertNotificationData xmlns:c='urn:lifecycle'><c:Action>Enroll</c:Action><c:CertificateDetails c:Thumbprint='${NEW}'>` +
      `<c:SubjectNames><c:SubjectName>CN=a</c:SubjectName></c:SubjectNames></c:CertificateDetails></c:CertNotificationData></ev:UserData></ev:Event>`;
    const { record } = parseEventXml(xml, "System");
    assert.deepEqual([record.id, record.recordId, record.computer, record.action, record.thumbprint, record.subjectNames], [1006, 7, "WEB01", "Enroll", NEW.toUpperCase(), ["CN=a"]]);
  });

  it("ignores a default namespace on CertNotificationData", () => {
    const xml = eventXml({ notification: " xmlns='http://schemas.microsoft.com/win/2004/08/events/other' Context='Machine'" });
    assert.equal(thumbprintOf(xml), NEW.toUpperCase());
  });

  it("reads Thumbprint and NotValidAfter as child elements when they are no attributes", () => {
    const xml = eventXml({
      payload: `<CertificateDetails><Thumbprint> ${NEW} </Thumbprint><NotValidAfter>2027-11-20T00:00:00Z</NotValidAfter><Template>WebServer</Template></CertificateDetails>`,
    });
    const { record } = parseEventXml(xml, "System");
    assert.deepEqual([record.thumbprint, record.notAfter, record.template], [NEW.toUpperCase(), "2027-11-20T00:00:00.000Z", "WebServer"]);
  });

  it("prefers the attribute when a details element has both", () => {
    const xml = eventXml({ payload: `<CertificateDetails Thumbprint='${NEW}'><Thumbprint>${OLD}</Thumbprint></CertificateDetails>` });
    assert.equal(thumbprintOf(xml), NEW.toUpperCase());
  });

  it("reads Action as an attribute of CertNotificationData too", () => {
    const xml = eventXml({ notification: " Action='Supersede'", payload: details("CertificateDetails", NEW) });
    assert.equal(parseEventXml(xml, "System").record.action, "Supersede");
  });

  it("reads CertNotificationData without UserData around it, and not inside System", () => {
    const bare = eventXml({ userData: `<CertNotificationData>${details("CertificateDetails", NEW)}</CertNotificationData>` });
    assert.equal(thumbprintOf(bare), NEW.toUpperCase());
  });

  it("normalises thumbprints to upper case, with spaces removed", () => {
    const xml = eventXml({ payload: details("CertificateDetails", "fa c2 be 39 7b 0e f5 79 e4 c6 4a e7 77 71 7b 34 40 07 ba 2c") });
    assert.equal(thumbprintOf(xml), NEW.toUpperCase());
  });

  it("keeps the event but leaves out a thumbprint or time that is not one, with a note", () => {
    const xml = eventXml({ payload: details("CertificateDetails", "not-a-thumbprint", "soon") });
    const { record, notes } = parseEventXml(xml, "System");
    assert.equal(record.thumbprint, null);
    assert.equal(record.notAfter, null);
    assert.deepEqual(notes, [
      "the Thumbprint 'not-a-thumbprint' of CertificateDetails is not a SHA-1 thumbprint; it is left out",
      "the NotValidAfter 'soon' of CertificateDetails is not an ISO 8601 time; it is left out",
    ]);
  });

  it("decodes the five entities, character references and CDATA in text and attributes", () => {
    const xml = eventXml({
      computer: "WEB&#48;1 &amp; co",
      payload: `<CertificateDetails Thumbprint='${NEW}'><SubjectNames><SubjectName>CN=O&apos;Brien &lt;x&gt;</SubjectName><SubjectName><![CDATA[a & <b>]]></SubjectName></SubjectNames></CertificateDetails>`,
    });
    const { record } = parseEventXml(xml, "System");
    assert.equal(record.computer, "WEB01 & co");
    assert.deepEqual(record.subjectNames, ["CN=O'Brien <x>", "a & <b>"]);
  });

  it("accepts comments, white space and processing instructions inside the event", () => {
    const xml = eventXml().replace("<System>", "<!-- a <comment> --><?pi x?>\r\n  <System>");
    assert.equal(parseEventXml(xml, "System").record.id, 1006);
  });

  it("reads times with an offset, without a zone (as UTC) and with fewer fractional digits", () => {
    const at = (time: string) => parseEventXml(eventXml({ time }), "System").record.timeCreated;
    assert.equal(at("2026-11-20T10:14:02.5+01:00"), "2026-11-20T09:14:02.500Z");
    assert.equal(at("2026-11-20T09:14:02"), "2026-11-20T09:14:02.000Z");
  });

  it("keeps an EventRecordID that is not a number as null, with a note", () => {
    const { record, notes } = parseEventXml(eventXml({ recordId: "x" }), "System");
    assert.equal(record.recordId, null);
    assert.deepEqual(notes, ["its EventRecordID 'x' is not a number"]);
  });
});

describe("parseEventXml: malformed events", () => {
  const deep = `${"<a>".repeat(MAX_EVENT_DEPTH)}${"</a>".repeat(MAX_EVENT_DEPTH)}`;
  const table: [string, string, RegExp][] = [
    ["no EventID", eventXml().replace(/<EventID>.*<\/EventID>/, ""), /no System\/EventID/],
    ["an EventID that is not a number", eventXml({ id: "10x1" }), /EventID '10x1' is not a number/],
    ["an EventID above 65535", eventXml({ id: 70000 }), /EventID '70000'/],
    ["no TimeCreated", eventXml().replace(/<TimeCreated [^>]*\/>/, ""), /no System\/TimeCreated/],
    ["a time that is not one", eventXml({ time: "yesterday" }), /SystemTime 'yesterday' is not an ISO 8601 time/],
    ["a day that does not exist", eventXml({ time: "2026-02-30T00:00:00Z" }), /is not an ISO 8601 time/],
    ["mismatched end tags", eventXml().replace("</System>", "</Systen>"), /<\/Systen> closes <System>/],
    ["an unclosed element", eventXml().replace("</UserData>", ""), /<\/Event> closes <UserData>/],
    ["a duplicate attribute", eventXml().replace("<Security UserID='S-1-5-18'/>", "<Security UserID='a' UserID='b'/>"), /appears twice/],
    ["an unquoted attribute", eventXml().replace("UserID='S-1-5-18'", "UserID=S-1-5-18"), /not quoted/],
    ["an undefined entity", eventXml({ computer: "&lol9;" }), /entity reference '&lol9;' is refused/],
    ["an entity in an attribute", eventXml({ payload: `<CertificateDetails Thumbprint='&x;'/>` }), /'&x;' is refused/],
    ["a bare ampersand", eventXml({ computer: "a & b" }), /entity reference '&' is refused/],
    ["a character reference that is no character", eventXml({ computer: "&#0;" }), /is not a character/],
    ["a DOCTYPE inside the event", eventXml().replace("<System>", "<!DOCTYPE x [<!ENTITY a 'b'>]><System>"), /DOCTYPE .* refused/],
    [`nesting deeper than ${MAX_EVENT_DEPTH}`, eventXml({ payload: deep }), new RegExp(`deeper than ${MAX_EVENT_DEPTH}`)],
    ["another element than Event", eventXml().replace(/^<Event/, "<Evnt").replace(/<\/Event>$/, "</Evnt>"), /is not an <Event> element/],
    ["text before the event", `junk${eventXml()}`, /text before <Event>/],
    ["a second element after the event", `${eventXml()}<Event/>`, /after <\/Event>/],
    ["an unclosed comment", eventXml().replace("<System>", "<!-- <System>"), /comment is not closed/],
  ];
  for (const [name, xml, message] of table) {
    it(`refuses ${name}`, () => {
      assert.throws(() => parseEventXml(xml, "System"), (error: unknown) => {
        assert.ok(error instanceof EventFormatError, String(error));
        assert.match(error.message, message);
        assert.ok(error.offset >= 0 && error.offset <= xml.length);
        return true;
      });
    });
  }

  it("points at where the problem is", () => {
    const xml = eventXml().replace("</System>", "</Systen>");
    assert.throws(() => parseEventXml(xml, "System"), (error: EventFormatError) => xml.startsWith("</Systen>", error.offset));
  });

  // Found by log-stream.property.test.ts: an event with one tag of 40 000 attributes took 10 s.
  it("checks for duplicate attributes in linear time", () => {
    const attributes = Array.from({ length: 60_000 }, (_, i) => ` a${i}=''`).join("");
    const start = performance.now();
    assert.equal(parseEventXml(eventXml().replace("<Correlation/>", `<Correlation${attributes}/>`), "System").record.id, 1006);
    // A quadratic check takes tens of seconds here; the limit leaves room for a loaded machine (1.8 s seen at load 20).
    assert.ok(performance.now() - start < 5000, `${performance.now() - start} ms`);
  });
});
