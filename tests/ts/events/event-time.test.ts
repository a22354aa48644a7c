import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isoOf, parseIsoTime } from "../../../ts-src/events/event-time.js";

const UTC = { withoutZone: "utc" } as const;
const pad = (value: number, width: number) => String(value).padStart(width, "0");

// Times as the event log writes them, valid or not in their fields: the digit-by-digit path reads these.
const written = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
  })
  .map((t) => `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.fraction === undefined ? "" : `.${t.fraction}`}Z`);

describe("parseIsoTime: the event log's own form", () => {
  it("reads it as the general path does (a lower-case z takes that path)", () => {
    fc.assert(fc.property(written, (text) => assert.deepEqual(parseIsoTime(text, UTC), parseIsoTime(text.replace(/Z$/, "z"), UTC))), { numRuns: 20_000 });
  });

  it("keeps the ticks below the millisecond and refuses days that do not exist", () => {
    assert.deepEqual(parseIsoTime("2026-11-20T09:14:02.5176243Z", UTC), { ms: Date.UTC(2026, 10, 20, 9, 14, 2, 517), ticks: 6243 });
    assert.deepEqual(parseIsoTime("2024-02-29T00:00:00.123456789Z", UTC), { ms: Date.UTC(2024, 1, 29, 0, 0, 0, 123), ticks: 4567 });
    assert.equal(parseIsoTime("2026-02-29T00:00:00Z", UTC), null);
    assert.equal(parseIsoTime("1900-02-29T00:00:00Z", UTC), null);
  });
});

describe("isoOf", () => {
  it("writes what Date's toISOString writes, for times in any order", () => {
    // Scattered, and clustered within days as a log's events are (isoOf remembers the days it wrote).
    const ms = fc.integer({ min: -8.64e15, max: 8.64e15 - 4 * 86_400_000 });
    const steps = fc.array(fc.integer({ min: 0, max: 86_400_000 }), { minLength: 1, maxLength: 20 });
    fc.assert(fc.property(ms, steps, (start, offsets) => {
      for (const t of [start, ...offsets.map((o) => start + o)]) assert.equal(isoOf({ ms: t, ticks: 0 }), new Date(t).toISOString());
    }), { numRuns: 5_000 });
    for (let t = Date.UTC(2026, 0, 1) - 5; t < Date.UTC(2026, 0, 1) + 5; t++) assert.equal(isoOf({ ms: t, ticks: 0 }), new Date(t).toISOString());
  });
});
