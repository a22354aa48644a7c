import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CertRebindError, ExitCode, toolFailed } from "../../../ts-src/core/errors.js";
import { parseIsoTime } from "../../../ts-src/events/event-time.js";
import type { EventFilter } from "../../../ts-src/events/filter.js";
import { NO_FILTER } from "../support/event-filter.js";
import { LISTED_PROBLEMS, readLifecycleEvents } from "../../../ts-src/events/read-events.js";
import type { EventLog, EventQuery, LifecycleChannel } from "../../../ts-src/platform/ports.js";
import { details, eventXml } from "./support.js";

type Answer = string | string[] | null | Error;

/** An EventLog that answers each channel with text (in chunks when an array), null (missing) or an error. */
function fakeLog(answers: Partial<Record<LifecycleChannel, Answer>>) {
  const queries: { channel: LifecycleChannel; query: EventQuery }[] = [];
  const log: EventLog = {
    async readEvents(channel, query) {
      queries.push({ channel, query });
      const answer = answers[channel] ?? null;
      if (answer instanceof Error) throw answer;
      if (answer === null) return null;
      const chunks = typeof answer === "string" ? [answer] : answer;
      return (async function* () {
        yield* chunks;
      })();
    },
    async channelState() {
      return { exists: true, enabled: true };
    },
    describe: (channel) => `log-${channel}`,
  };
  return { log, queries };
}

const both: LifecycleChannel[] = ["System", "User"];
const request = (filter: Partial<EventFilter> = {}, channels = both, max = 1000) => ({ channels, filter: { ...NO_FILTER, ...filter }, max });
const log = (...events: string[]) => `<Events>\r\n${events.join("\r\n")}\r\n</Events>\r\n`;
const disabled = (channel: LifecycleChannel) => new CertRebindError("CR4005", `channel ${channel} is disabled: wevtutil sl … /e:true`, ExitCode.Environment, channel);

describe("readLifecycleEvents", () => {
  it("merges both channels newest first and reports what each held", async () => {
    const { log: eventLog } = fakeLog({
      System: log(eventXml({ recordId: 1, time: "2026-01-01T00:00:00Z" }), eventXml({ recordId: 3, time: "2026-03-01T00:00:00Z" })),
      User: log(eventXml({ recordId: 2, time: "2026-02-01T00:00:00Z" })),
    });
    const { data, warnings } = await readLifecycleEvents(eventLog, request());
    assert.deepEqual(data.events.map((e) => `${e.channel} ${e.recordId}`), ["System 3", "User 2", "System 1"]);
    assert.deepEqual(data.channels, [
      { channel: "System", log: "log-System", found: true, read: 2, skipped: 0 },
      { channel: "User", log: "log-User", found: true, read: 1, skipped: 0 },
    ]);
    assert.deepEqual([data.matched, data.max, data.truncated], [3, 1000, false]);
    assert.deepEqual(warnings, []);
  });

  it("hands the ids (sorted) and the time window to the adapter", async () => {
    const { log: eventLog, queries } = fakeLog({ System: log() });
    const after = parseIsoTime("2026-11-20T00:00:00Z", { withoutZone: "refuse" })!;
    const before = parseIsoTime("2026-11-21T00:00:00.0000001Z", { withoutZone: "refuse" })!;
    await readLifecycleEvents(eventLog, request({ ids: new Set([1006, 1001]), after, before }, ["System"]));
    assert.deepEqual(queries, [
      // The adapter's query may only be looser than the filter: a time below the millisecond is rounded outwards.
      { channel: "System", query: { ids: [1001, 1006], after: new Date("2026-11-20T00:00:00.000Z"), before: new Date("2026-11-21T00:00:00.001Z") } },
    ]);
  });

  it("answers a missing log with a warning that names it, and no events", async () => {
    const { log: eventLog } = fakeLog({ System: log(eventXml()), User: null });
    const { data, warnings } = await readLifecycleEvents(eventLog, request());
    assert.equal(data.events.length, 1);
    assert.deepEqual(data.channels[1], { channel: "User", log: "log-User", found: false, read: 0, skipped: 0 });
    assert.deepEqual(warnings, ["The User lifecycle log is missing: log-User does not exist, so it adds no events."]);
  });

  it("answers an empty log with a warning, unless a filter may have emptied it", async () => {
    const { log: eventLog } = fakeLog({ System: "", User: log() });
    assert.deepEqual((await readLifecycleEvents(eventLog, request())).warnings, [
      "The System lifecycle log (log-System) is empty: it holds no events.",
      "The User lifecycle log (log-User) is empty: it holds no events.",
    ]);
    assert.deepEqual((await readLifecycleEvents(eventLog, request({ ids: new Set([1001]) }))).warnings, []);
  });

  it("reports malformed events as warnings, the first ones with their position, then a count", async () => {
    const bad = Array.from({ length: LISTED_PROBLEMS + 3 }, (_, i) => eventXml({ recordId: i, id: "x" }));
    const { log: eventLog } = fakeLog({ System: log(eventXml({ recordId: 100 }), ...bad) });
    const { data, warnings } = await readLifecycleEvents(eventLog, request({}, ["System"]));
    assert.deepEqual(data.events.map((e) => e.recordId), [100]);
    assert.equal(data.channels[0]!.skipped, LISTED_PROBLEMS + 3);
    assert.equal(warnings.length, LISTED_PROBLEMS + 1);
    assert.equal(warnings[0], "log-System: event 2 is malformed and skipped: its EventID 'x' is not a number from 0 to 65535 (line 3).");
    assert.equal(warnings[LISTED_PROBLEMS], `log-System: 3 more problem(s) are not listed; ${LISTED_PROBLEMS + 3} malformed event(s) were skipped in all.`);
  });

  it("turns the notes of a matching event into warnings, and not those of others", async () => {
    const odd = eventXml({ id: 1003, recordId: 5, payload: details("CertificateDetails", "xyz") });
    const { log: eventLog } = fakeLog({ System: log(odd) });
    assert.deepEqual((await readLifecycleEvents(eventLog, request({}, ["System"]))).warnings, [
      "log-System: event 1 (line 2, record 5): the Thumbprint 'xyz' of CertificateDetails is not a SHA-1 thumbprint; it is left out.",
    ]);
    assert.deepEqual((await readLifecycleEvents(eventLog, request({ ids: new Set([1001]) }, ["System"]))).warnings, []);
  });

  it("keeps the newest --max events and says how many matched", async () => {
    const events = Array.from({ length: 5 }, (_, i) => eventXml({ recordId: i, time: `2026-01-0${i + 1}T00:00:00Z` }));
    const { log: eventLog } = fakeLog({ System: log(...events) });
    const { data, warnings } = await readLifecycleEvents(eventLog, request({}, ["System"], 2));
    assert.deepEqual(data.events.map((e) => e.recordId), [4, 3]);
    assert.deepEqual([data.matched, data.max, data.truncated], [5, 2, true]);
    assert.deepEqual(warnings, ["5 events match; only the newest 2 are listed. Raise --max (0 lists every one)."]);
  });

  it("reads a log that arrives in many small chunks", async () => {
    const text = log(eventXml({ recordId: 1 }), eventXml({ recordId: 2 }));
    const chunks = text.match(/[^]{1,7}/g)!;
    const { log: eventLog } = fakeLog({ System: chunks });
    const { data } = await readLifecycleEvents(eventLog, request({}, ["System"]));
    assert.deepEqual(data.events.map((e) => e.recordId), [2, 1]);
  });

  describe("a missing or disabled Windows channel (CR4005)", () => {
    it("ends the command when that channel was asked for", async () => {
      const { log: eventLog } = fakeLog({ User: disabled("User") });
      await assert.rejects(readLifecycleEvents(eventLog, request({}, ["User"])), (error: CertRebindError) => error.code === "CR4005");
    });

    it("is a warning when the other channel could be read", async () => {
      const { log: eventLog } = fakeLog({ System: log(eventXml()), User: disabled("User") });
      const { data, warnings } = await readLifecycleEvents(eventLog, request());
      assert.equal(data.events.length, 1);
      assert.equal(data.channels[1]!.found, false);
      assert.deepEqual(warnings, ["channel User is disabled: wevtutil sl … /e:true"]);
    });

    it("ends the command when no channel could be read", async () => {
      const { log: eventLog } = fakeLog({ System: disabled("System"), User: disabled("User") });
      await assert.rejects(readLifecycleEvents(eventLog, request()), /channel System is disabled/);
    });
  });

  it("lets other errors through (a failing tool)", async () => {
    const { log: eventLog } = fakeLog({ System: toolFailed("wevtutil", 5, "Access is denied.") });
    await assert.rejects(readLifecycleEvents(eventLog, request()), (error: CertRebindError) => error.code === "CR4002");
  });
});
