import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatEvent } from "../../../scripts/demo-host/lifecycle-events.js";
import { generateEvents } from "../../../bench/generate-events.js";
import { compareTimes, parseIsoTime } from "../../../ts-src/events/event-time.js";
import { forgetEventPatterns } from "../../../ts-src/events/event-patterns.js";
import type { EventFilter } from "../../../ts-src/events/filter.js";
import { readLifecycleEvents } from "../../../ts-src/events/read-events.js";
import type { EventLog, LifecycleChannel } from "../../../ts-src/platform/ports.js";
import { chunksOf, splitPoints } from "../support/arbitraries/chunks.js";
import { generatedLog } from "../support/arbitraries/lifecycle-events.js";
import { mutatedText } from "../support/arbitraries/mutations.js";
import { checkProperty } from "../support/property.js";

/*
 * `events` decodes only the events it may list (event-summary.ts); every other one it reads through its summary or
 * the pattern of an event of the same markup. Whatever the log, the filter and --max, the answer must be the one of
 * decoding every event: the same events, counts, truncation and warnings, in the same order.
 */

const TOKENS = ["&amp;", "&bogus;", "<!-- c -->", "<![CDATA[x]]>", "<?pi?>", "<!DOCTYPE x>", "<e:Event>", "</Event>", "<Event>", "<EventID>7</EventID>", "'", '"', " x='1'", "<", ">", "/>", "\r\n", "  "];

/** Logs shaped as bench/generate-events.ts writes them (one event a line, oldest first), `count` events from `seed`. */
const benchLog = fc.record({ count: fc.integer({ min: 0, max: 12 }), seed: fc.integer({ min: 1, max: 1000 }), reversed: fc.boolean() }).map(({ count, seed, reversed }) => {
  const lines = [...generateEvents({ events: count, userShare: 0, seed })].map((e) => formatEvent(e));
  if (reversed) lines.reverse();
  return `<Events>\r\n${lines.map((l) => `${l}\r\n`).join("")}</Events>\r\n`;
});

/** Values an event may hold that the decoder refuses, notes, or reads in a way of its own. */
const ODD_VALUES = ["", " ", "  \r\n", "70000", "65535", "65536", "0", "00001", " 1006 ", "\u00a01006", "1006x", "x", "someday", "2026-02-30T00:00:00Z", "2026-11-20", "2026-11-20T09:14:02Z ", " 2026-11-20T09:14:02.5176243Z", "2026-11-20T10:14:02+01:00", "zz", "ab cd ef", "8FC876CB50B71B8BA0E3BC8F9141F35AEDB6EBEC", "8f c8 76 cb 50 b7 1b 8b a0 e3 bc 8f 91 41 f3 5a ed b6 eb ec", " 8fc876cb50b71b8ba0e3bc8f9141f35aedb6ebec", "\u200e8fc876cb50b71b8ba0e3bc8f9141f35aedb6ebec"];

/** The n-th value (counted from `fraction` of them) that `values` finds replaced with an odd one. */
const valueEdit = (values: RegExp) =>
  fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.constantFrom(...ODD_VALUES)).map(([fraction, value]) => (text: string) => {
    const found = [...text.matchAll(values)];
    if (found.length === 0) return text;
    const match = found[Math.floor(fraction * found.length)]!;
    return text.slice(0, match.index) + value + text.slice(match.index + match[0].length);
  });

const oddValue = fc.oneof(
  { weight: 1, arbitrary: valueEdit(/(?<=>)[^<]*(?=<)|(?<==')[^']*(?=')/g) },
  { weight: 3, arbitrary: valueEdit(/(?<=(?:Thumbprint|NotValidAfter|SystemTime)=')[^']*(?=')/g) },
  { weight: 3, arbitrary: valueEdit(/(?<=<(?:EventID|EventRecordID)>)[^<]*(?=<)/g) },
);

const withOddValues = (logs: fc.Arbitrary<string>) => fc.tuple(logs, fc.array(oddValue, { minLength: 1, maxLength: 6 })).map(([text, edits]) => edits.reduce((t, edit) => edit(t), text));

const anyLog = fc.oneof(
  { weight: 2, arbitrary: benchLog },
  { weight: 3, arbitrary: withOddValues(benchLog) },
  { weight: 2, arbitrary: mutatedText(benchLog, TOKENS) },
  { weight: 2, arbitrary: generatedLog.map((log) => log.text) },
  { weight: 2, arbitrary: mutatedText(generatedLog.map((log) => log.text), TOKENS) },
);

/** Thumbprints and times of the log itself, so that filters select some of its events. */
function filterFor(text: string, pick: { ids: number[] | null; after: number | null; before: number | null; thumbprint: number | null }): EventFilter {
  const thumbprints = [...text.matchAll(/[0-9a-fA-F]{40}/g)].map((m) => m[0].toUpperCase());
  const times = [...text.matchAll(/\d{4}-\d{2}-\d{2}T[0-9:.]+Z/g)].map((m) => parseIsoTime(m[0], { withoutZone: "utc" })).filter((t) => t !== null);
  times.sort(compareTimes);
  const timeAt = (n: number | null) => (n === null || times.length === 0 ? null : times[n % times.length]!);
  return {
    ids: pick.ids === null ? null : new Set(pick.ids),
    after: timeAt(pick.after),
    before: timeAt(pick.before),
    thumbprint: pick.thumbprint === null || thumbprints.length === 0 ? null : thumbprints[pick.thumbprint % thumbprints.length]!,
  };
}

const filterPick = fc.record({
  ids: fc.option(fc.array(fc.constantFrom(1001, 1002, 1003, 1004, 1005, 1006, 1007, 7), { minLength: 1, maxLength: 3 }), { nil: null, freq: 3 }),
  after: fc.option(fc.nat(), { nil: null, freq: 2 }),
  before: fc.option(fc.nat(), { nil: null, freq: 3 }),
  thumbprint: fc.option(fc.nat(), { nil: null, freq: 2 }),
});

function logOf(answers: Record<LifecycleChannel, string[]>): EventLog {
  return {
    async readEvents(channel) {
      const chunks = answers[channel];
      return (async function* () {
        yield* chunks;
      })();
    },
    async channelState() {
      return { exists: true, enabled: true };
    },
    describe: (channel) => `log-${channel}`,
  };
}

describe("events through summaries", () => {
  it("answers as decoding every event does, for any log, filter and --max", async (t) => {
    await checkProperty(
      t,
      fc.asyncProperty(anyLog, anyLog, splitPoints, filterPick, fc.constantFrom(0, 1, 2, 3, 5, 100), fc.boolean(), async (system, user, cuts, pick, max, forget) => {
        // Patterns are learnt across cases; forgotten, the first event of each shape is scanned.
        if (forget) forgetEventPatterns();
        const log = logOf({ System: chunksOf(system, cuts), User: chunksOf(user, cuts) });
        const request = { channels: ["System", "User"] as LifecycleChannel[], filter: filterFor(system + user, pick), max };
        const fast = await readLifecycleEvents(log, request);
        const full = await readLifecycleEvents(log, request, { decodeEvery: true });
        assert.deepEqual(fast, full);
      }),
      600,
    );
  });

  it("reads the bench's logs, whose events the patterns match, as decoding every event does", async (t) => {
    await checkProperty(
      t,
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), filterPick, fc.constantFrom(0, 1, 10, 100), async (seed, pick, max) => {
        const lines = [...generateEvents({ events: 300, userShare: 0.2, seed })].map((e) => ({ channel: e.channel, text: formatEvent(e) }));
        const logText = (channel: LifecycleChannel) => `<Events>\r\n${lines.filter((l) => l.channel === channel).map((l) => `${l.text}\r\n`).join("")}</Events>\r\n`;
        const log = logOf({ System: [logText("System")], User: [logText("User")] });
        const request = { channels: ["System", "User"] as LifecycleChannel[], filter: filterFor(logText("System"), pick), max };
        assert.deepEqual(await readLifecycleEvents(log, request), await readLifecycleEvents(log, request, { decodeEvery: true }));
      }),
      40,
    );
  });
});
