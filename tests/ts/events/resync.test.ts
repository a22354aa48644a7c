import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EventsData } from "../../../ts-src/events/read-events.js";
import { LifecycleLogReader, type LogItem } from "../../../ts-src/events/log-stream.js";
import { run } from "../support/run.js";
import { testDir } from "../support/snapshot.js";
import { eventXml } from "./support.js";

const log = (...events: string[]) => `<Events>\r\n${events.join("\r\n")}\r\n</Events>\r\n`;
const good = (recordId: number) => eventXml({ recordId, time: `2026-11-2${recordId}T09:00:00.000Z` });

function readAll(text: string, chunk: number): LogItem[] {
  const reader = new LifecycleLogReader("System");
  const items: LogItem[] = [];
  for (let at = 0; at < text.length; at += chunk) items.push(...reader.write(text.slice(at, at + chunk)));
  return [...items, ...reader.end()];
}

const summary = (items: LogItem[]) => items.map((i) => (i.type === "event" ? `event ${i.position.event} record ${i.record.recordId}` : `problem ${i.position.event} line ${i.position.line}: ${i.message}`));

describe("a malformed event never swallows its neighbours", () => {
  const cases: [string, string][] = [
    ["an event without its end tag", good(2).replace("</Event>", "")],
    ["an event cut off in the middle", good(2).slice(0, 300)],
    ["an event whose start tag is not closed, nor the event", good(2).replace("</Event>", "").replace(/^<Event xmlns='[^']*'>/, "<Event xmlns='x' ")],
    ["an event whose start tag has an unclosed quote, and no end tag", good(2).replace("</Event>", "").replace(/^<Event xmlns='/, "<Event xmlns=\"")],
  ];
  for (const [name, broken] of cases) {
    for (const chunk of [1, 7, 1 << 20]) {
      it(`${name}: the events before and after it are read, and it is reported with its position (chunks of ${chunk})`, () => {
        const items = readAll(log(good(1), broken, good(3)), chunk);
        const lines = summary(items);
        assert.deepEqual(lines.filter((l) => l.startsWith("event")), ["event 1 record 1", "event 3 record 3"], lines.join("\n"));
        const problems = items.filter((i) => i.type === "problem");
        assert.equal(problems.length, 1, lines.join("\n"));
        assert.deepEqual(problems[0]!.position, { event: 2, line: 3 });
        assert.ok(problems[0]!.type === "problem" && problems[0]!.skippedEvent);
      });
    }
  }

  it("certrebind events lists both neighbours and warns of the broken event with its line", async () => {
    const root = testDir({ "events/Lifecycle-System.xml": log(good(1), good(2).replace("</Event>", ""), good(3)), "events/Lifecycle-User.xml": log(good(4)) });
    const result = await run(["events", "--json", "--host-root", root, "--channel", "System"]);
    assert.equal(result.exitCode, 0, result.stdout);
    const envelope = result.envelope();
    const data = envelope.data as EventsData;
    assert.deepEqual(data.events.map((e) => e.recordId).sort(), [1, 3]);
    assert.equal(data.channels[0]!.skipped, 1);
    assert.equal(envelope.warnings.length, 1, envelope.warnings.join("\n"));
    assert.match(envelope.warnings[0]!, /event 2 is malformed and skipped: it is not closed before the next <Event> \(line 4\) \(line 3\)/);
  });
});
