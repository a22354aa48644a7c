import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LifecycleLogReader, MAX_EVENT_CHARS } from "../../../ts-src/events/log-stream.js";
import { readLifecycleLog } from "../support/read-lifecycle-log.js";
import { eventXml, eventsOf, fixture, problemsOf, readAll } from "./support.js";

const summary = (text: string, size?: number) => eventsOf(readAll(text, size)).map((e) => `${e.id} ${e.recordId} ${e.timeCreated}`);

describe("LifecycleLogReader: the shapes of wevtutil output", () => {
  const newestFirst = ["1003 9 2027-02-11T03:00:04.120Z", "1001 8 2026-03-13T23:08:39.437Z", "1006 7 2026-03-13T23:08:38.991Z"];

  it("reads /e:Events output (a root element), in the order of the log", () => {
    const items = readAll(fixture("qe-system-rd-events-reconstructed.xml"));
    assert.deepEqual(problemsOf(items), []);
    assert.deepEqual(summary(fixture("qe-system-rd-events-reconstructed.xml")), newestFirst);
  });

  it("reads output without a root element (wevtutil without /e:)", () => {
    const items = readAll(fixture("qe-system-no-root-reconstructed.xml"));
    assert.deepEqual(problemsOf(items), []);
    assert.deepEqual(summary(fixture("qe-system-no-root-reconstructed.xml")), [...newestFirst].reverse());
  });

  it("reads the reconstructed 1001 with its verified attributes", () => {
    const [replaced] = eventsOf(readAll(fixture("qe-system-rd-events-reconstructed.xml"))).filter((e) => e.id === 1001);
    assert.deepEqual(replaced, {
      id: 1001,
      kind: "Replaced",
      timeCreated: "2026-03-13T23:08:39.437Z",
      recordId: 8,
      channel: "System",
      computer: "LAB-DC01.ludus.domain",
      action: "Renew",
      thumbprint: null,
      oldThumbprint: "DB0FEA9B641F3814FC5168AE83EF7839AF1BB012",
      newThumbprint: "1A202ED21D19F873E0A448F967DFE428F278FCCD",
      subjectNames: ["CN=LAB-DC01.ludus.domain", "LAB-DC01.ludus.domain"],
      notAfter: "2027-03-13T23:03:38.000Z",
      template: "DomainController",
    });
  });

  it("reads the uncertain alternatives: a namespace on CertNotificationData, Thumbprint and NotValidAfter as elements", () => {
    const [replaced] = eventsOf(readAll(fixture("qe-system-child-elements-reconstructed.xml")));
    assert.equal(replaced!.oldThumbprint, "DB0FEA9B641F3814FC5168AE83EF7839AF1BB012");
    assert.equal(replaced!.newThumbprint, "1A202ED21D19F873E0A448F967DFE428F278FCCD");
    assert.equal(replaced!.notAfter, "2027-03-13T23:03:38.000Z");
  });

  it("gives the same events and problems whatever the chunk size", () => {
    const malformed = eventXml({ id: "x" });
    const text = `<?xml version="1.0"?>\r\n<!-- comment -->\r\n<Events>\r\n${fixture("qe-system-no-root-reconstructed.xml")}${malformed}\r\n<e:Event xmlns:e='urn:e' a='x>y'><e:System><e:EventID>1004</e:EventID><e:TimeCreated SystemTime='2027-01-01T00:00:00Z'/></e:System></e:Event  >\r\n</Events>\r\n`;
    const whole = readAll(text);
    assert.equal(eventsOf(whole).length, 4);
    assert.equal(problemsOf(whole).length, 1);
    for (let size = 1; size <= 64; size++) assert.deepEqual(readAll(text, size), whole, `chunks of ${size}`);
    assert.deepEqual(readAll(text, 997), whole);
  });

  it("reads an empty log, a root without events and white space as no events and no problems", () => {
    for (const text of ["", "\r\n  \r\n", "<Events>\r\n</Events>\r\n", "<Events/>", fixture("qe-empty-channel-reconstructed.xml")]) {
      assert.deepEqual(readAll(text), [], JSON.stringify(text));
    }
  });

  it("accepts several roots one after another (two captures appended)", () => {
    const text = `<Events>${eventXml({ recordId: 1 })}</Events>\r\n<Events>${eventXml({ recordId: 2 })}</Events>`;
    assert.deepEqual(eventsOf(readAll(text)).map((e) => e.recordId), [1, 2]);
  });
});

describe("LifecycleLogReader: problems are reported with their position, and the rest is read", () => {
  it("skips a malformed event, says which and where, and returns the others", () => {
    const text = ["<Events>", eventXml({ recordId: 1 }), eventXml({ recordId: 2 }).replace("</System>", "</Systen>"), eventXml({ recordId: 3 }), "</Events>"].join("\r\n");
    const items = readAll(text, 100);
    assert.deepEqual(eventsOf(items).map((e) => e.recordId), [1, 3]);
    const [problem] = problemsOf(items);
    assert.deepEqual(problem, {
      type: "problem",
      message: "event 2 is malformed and skipped: </Systen> closes <System>",
      position: { event: 2, line: 3 },
      skippedEvent: true,
    });
  });

  it("gives the line of the problem inside a multi-line event", () => {
    const pretty = eventXml({ recordId: 2 }).replace(/></g, ">\n<").replace("<Computer>", "<Computer>&nope;");
    const items = readAll(`<Events>\n${eventXml({ recordId: 1 })}\n${pretty}\n</Events>`);
    const [problem] = problemsOf(items);
    const line = 3 + pretty.slice(0, pretty.indexOf("&nope;")).split("\n").length - 1;
    assert.equal(problem!.position.line, line);
    assert.equal(problem!.position.event, 2);
  });

  const cases: { name: string; text: string; message: RegExp; skipped: boolean; events: number }[] = [
    { name: "text outside the events", text: `<Events>junk${eventXml()}</Events>`, message: /text outside the events \('ju(nk)?'\) is ignored/, skipped: false, events: 1 },
    { name: "an element outside the events", text: `<Events><Other><Event/></Other>${eventXml()}</Events>`, message: /<Other> outside the events is skipped/, skipped: false, events: 1 },
    { name: "a stray end tag", text: `${eventXml()}</Nope>`, message: /<\/Nope> outside an event is ignored/, skipped: false, events: 1 },
    { name: "a self-closing event", text: `<Events><Event/>${eventXml()}</Events>`, message: /event 1 is malformed and skipped: it has no System\/EventID/, skipped: true, events: 1 },
    { name: "a broken start tag", text: `<Events><Event a='1' <System/></Event>${eventXml()}</Events>`, message: /event 1 is malformed and skipped: its start tag is not closed before the next '<'/, skipped: true, events: 1 },
    { name: "a log cut off inside an event", text: `<Events>${eventXml()}${eventXml().slice(0, 300)}`, message: /the log ends inside event 2: it is cut off/, skipped: true, events: 1 },
    { name: "a log cut off before its root's end", text: `<Events>${eventXml()}`, message: /the log ends before <\/Events>: it may be cut off/, skipped: false, events: 1 },
    { name: "a CDATA section outside the events", text: `<Events><![CDATA[<Event>]]>${eventXml()}</Events>`, message: /CDATA section outside the events is ignored/, skipped: false, events: 1 },
  ];
  for (const { name, text, message, skipped, events } of cases) {
    it(`reports ${name}`, () => {
      for (const size of [text.length, 5]) {
        const items = readAll(text, size);
        const problems = problemsOf(items);
        assert.equal(problems.length, 1, JSON.stringify(problems));
        assert.match(problems[0]!.message, message);
        assert.equal(problems[0]!.skippedEvent, skipped);
        assert.equal(eventsOf(items).length, events);
      }
    });
  }
});

describe("LifecycleLogReader: hostile input", () => {
  const lol = (n: number) => `<!ENTITY lol${n} "${`&lol${n - 1};`.repeat(10)}">`;
  const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol0 "lol">\n ${Array.from({ length: 9 }, (_, i) => lol(i + 1)).join("\n ")}\n <!ENTITY tricky "a > b ] c">\n]>\n`;

  it("refuses a DOCTYPE and never expands its entities (billion laughs): the event using one is skipped, the others read", () => {
    const text = `${laughs}<Events>\n${eventXml({ recordId: 1, computer: "&lol9;" })}\n${eventXml({ recordId: 2 })}\n</Events>\n`;
    for (const size of [text.length, 3]) {
      const items = readAll(text, size);
      assert.deepEqual(eventsOf(items).map((e) => e.recordId), [2]);
      const problems = problemsOf(items);
      assert.deepEqual(problems.map((p) => [p.position.event, p.position.line]), [[null, 2], [1, 16]]);
      assert.match(problems[0]!.message, /a DOCTYPE is refused and skipped: no entity it declares is ever expanded/);
      assert.match(problems[1]!.message, /event 1 is malformed and skipped: the entity reference '&lol9;' is refused/);
    }
  });

  it(`refuses an event larger than ${MAX_EVENT_CHARS} characters without holding it, and reads the next one`, async () => {
    const reader = new LifecycleLogReader("System");
    const items = [...reader.write(`<Events>${eventXml({ recordId: 1 })}\n<Event><System><Computer>`)];
    let held = 0;
    const filler = "x".repeat(64 * 1024);
    for (let i = 0; i < 400; i++) {
      items.push(...reader.write(filler)); // 25 MiB of one text node
      held = Math.max(held, (reader as unknown as { buffer: string }).buffer.length);
    }
    items.push(...reader.write(`</Computer></System></Event>\n${eventXml({ recordId: 3 })}</Events>`), ...reader.end());
    assert.deepEqual(eventsOf(items).map((e) => e.recordId), [1, 3]);
    assert.deepEqual(problemsOf(items).map((p) => p.message), [`event 2 is larger than ${MAX_EVENT_CHARS} characters: it is refused and skipped`]);
    assert.ok(held <= MAX_EVENT_CHARS + filler.length, `held ${held} characters`);
  });

  it("refuses absurd nesting inside an event without holding it", () => {
    const reader = new LifecycleLogReader("System");
    const items = [...reader.write(`<Events><Event>`)];
    let held = 0;
    for (let i = 0; i < 200; i++) {
      items.push(...reader.write("<a>".repeat(10_000)));
      held = Math.max(held, (reader as unknown as { buffer: string }).buffer.length);
    }
    items.push(...reader.write(`${"</a>".repeat(10)}</Event>${eventXml({ recordId: 9 })}</Events>`), ...reader.end());
    assert.deepEqual(eventsOf(items).map((e) => e.recordId), [9]);
    assert.match(problemsOf(items)[0]!.message, /event 1 is larger than/);
    assert.ok(held < MAX_EVENT_CHARS + 40_000, `held ${held}`);
  });

  it("skips absurd nesting outside the events without holding it", () => {
    const reader = new LifecycleLogReader("System");
    const items = [...reader.write("<Events><a>")];
    let held = 0;
    for (let i = 0; i < 100; i++) {
      items.push(...reader.write("<a>".repeat(10_000)));
      held = Math.max(held, (reader as unknown as { buffer: string }).buffer.length);
    }
    items.push(...reader.write(`</a>${eventXml({ recordId: 4 })}</Events>`), ...reader.end());
    assert.deepEqual(eventsOf(items).map((e) => e.recordId), [4]);
    assert.ok(held < 1000, `held ${held}`);
  });

  it("skips a tag longer than its limit outside the events", () => {
    const text = `<Events><Other a='${"x".repeat(70 * 1024)}'/>${eventXml({ recordId: 5 })}</Events>`;
    const items = readAll(text, 4096);
    assert.deepEqual(eventsOf(items).map((e) => e.recordId), [5]);
    assert.match(problemsOf(items)[0]!.message, /a tag outside the events is longer than 65536 characters/);
  });
});

describe("readLifecycleLog", () => {
  it("yields the items of every chunk, then those of the end", async () => {
    async function* chunks() {
      yield "<Events>";
      yield eventXml({ recordId: 1 });
      yield eventXml({ recordId: 2 }).slice(0, 100);
    }
    const items = [];
    for await (const item of readLifecycleLog(chunks(), "User")) items.push(item);
    assert.deepEqual(items.map((i) => (i.type === "event" ? `${i.record.channel} ${i.record.recordId}` : i.message)), [
      "User 1",
      "the log ends inside event 2: it is cut off",
    ]);
  });
});
