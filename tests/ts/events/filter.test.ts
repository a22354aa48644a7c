import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseIsoTime } from "../../../ts-src/events/event-time.js";
import { compareNewer, type EventFilter, matchesFilter, NewestEvents } from "../../../ts-src/events/filter.js";
import { NO_FILTER } from "../support/event-filter.js";
import type { ParsedEvent } from "../../../ts-src/events/model.js";
import type { LifecycleChannel } from "../../../ts-src/platform/ports.js";

const A = "A".repeat(40);
const B = "B".repeat(40);
const C = "C".repeat(40);

function event(id: number, time: string, extra: Partial<ParsedEvent["record"]> = {}, channel: LifecycleChannel = "System"): ParsedEvent {
  const parsed = parseIsoTime(time, { withoutZone: "utc" })!;
  return {
    record: {
      id,
      kind: "x",
      timeCreated: new Date(parsed.ms).toISOString(),
      recordId: null,
      channel,
      computer: null,
      action: null,
      thumbprint: null,
      oldThumbprint: null,
      newThumbprint: null,
      subjectNames: [],
      notAfter: null,
      template: null,
      ...extra,
    },
    time: parsed,
  };
}

const at = (text: string) => parseIsoTime(text, { withoutZone: "refuse" })!;

describe("matchesFilter", () => {
  const replaced = event(1001, "2026-11-20T09:14:02.6331098Z", { oldThumbprint: A, newThumbprint: B });
  const installed = event(1006, "2026-11-20T09:14:02.5176243Z", { thumbprint: B });
  const table: [string, Partial<EventFilter>, boolean, boolean][] = [
    ["no filter", {}, true, true],
    ["--id 1001", { ids: new Set([1001]) }, true, false],
    ["--id 1001 1006", { ids: new Set([1001, 1006]) }, true, true],
    ["--thumbprint of the old certificate", { thumbprint: A }, true, false],
    ["--thumbprint of the new certificate (any thumbprint of an event)", { thumbprint: B }, true, true],
    ["--thumbprint of another certificate", { thumbprint: C }, false, false],
    ["--after the day (inclusive)", { after: at("2026-11-20") }, true, true],
    ["--after the exact tick of the 1001 (inclusive)", { after: at("2026-11-20T09:14:02.6331098Z") }, true, false],
    ["--after one tick later", { after: at("2026-11-20T09:14:02.6331099Z") }, false, false],
    ["--before the exact tick of the 1001 (exclusive)", { before: at("2026-11-20T09:14:02.6331098Z") }, false, true],
    ["--before the next day", { before: at("2026-11-21") }, true, true],
    ["--after and --before around the 1006", { after: at("2026-11-20T09:14:02.5Z"), before: at("2026-11-20T09:14:02.6Z") }, false, true],
  ];
  for (const [name, filter, keepsReplaced, keepsInstalled] of table) {
    it(`${name}: 1001 ${keepsReplaced ? "kept" : "dropped"}, 1006 ${keepsInstalled ? "kept" : "dropped"}`, () => {
      const full = { ...NO_FILTER, ...filter };
      assert.equal(matchesFilter(replaced, full), keepsReplaced);
      assert.equal(matchesFilter(installed, full), keepsInstalled);
    });
  }
});

describe("compareNewer", () => {
  it("orders by time to the tick, then System before User, then the higher record id", () => {
    const events = [
      event(1, "2026-01-01T00:00:00.0000001Z", { recordId: 1 }),
      event(2, "2026-01-01T00:00:00.0000002Z", { recordId: 1 }, "User"),
      event(3, "2026-01-01T00:00:00.0000002Z", { recordId: 1 }),
      event(4, "2026-01-01T00:00:00.0000002Z", { recordId: 2 }),
      event(5, "2025-12-31T23:59:59.999Z", { recordId: 9 }),
    ];
    assert.deepEqual(events.sort((a, b) => compareNewer(b, a)).map((e) => e.record.id), [4, 3, 2, 1, 5]);
  });
});

describe("NewestEvents", () => {
  const times = Array.from({ length: 500 }, (_, i) => `2026-01-01T00:00:00.${String((i * 7919) % 1000).padStart(3, "0")}Z`);
  const shuffled = times.map((time, i) => event(1000 + (i % 10), time, { recordId: i }));
  const expected = [...shuffled].sort((a, b) => compareNewer(b, a));

  for (const max of [1, 3, 100, 499, 500, 501]) {
    it(`keeps the newest ${max} in at most ${max} entries, whatever the order offered`, () => {
      const newest = new NewestEvents(max);
      for (const e of shuffled) {
        newest.offer(e);
        assert.ok((newest as unknown as { heap: unknown[] }).heap.length <= max);
      }
      assert.equal(newest.offered, 500);
      assert.deepEqual(newest.newestFirst(), expected.slice(0, max));
    });
  }

  // Oldest first (a log as wevtutil prints it), newest first, half of them oldest first then the rest shuffled, or
  // oldest first with a few held back to the end (the sorted entries become a heap when the first out of order comes):
  // offer() returns exactly the events it no longer keeps.
  const inOrder = [...expected].reverse();
  const heldBack = (e: (typeof shuffled)[number]) => e.record.recordId! % 50 === 0;
  const orders: [string, typeof shuffled][] = [
    ["oldest first", inOrder],
    ["newest first", expected],
    ["half oldest first, then shuffled", [...inOrder.filter((e) => e.record.recordId! % 2 === 0), ...shuffled.filter((e) => e.record.recordId! % 2 === 1)]],
    ["oldest first with earlier events among the last", [...inOrder.filter((e) => !heldBack(e)), ...shuffled.filter(heldBack)]],
  ];
  for (const [name, offers] of orders) {
    for (const max of [1, 3, 100, 500]) {
      it(`keeps the newest ${max} offered ${name}, and returns each event it stops keeping`, () => {
        const newest = new NewestEvents(max);
        const kept = new Set<(typeof shuffled)[number]>();
        for (const e of offers) {
          kept.add(e);
          const dropped = newest.offer(e);
          if (dropped) assert.ok(kept.delete(dropped));
          assert.ok(kept.size <= max);
        }
        assert.equal(new Set(offers).size, 500);
        const want = [...offers].sort((a, b) => compareNewer(b, a)).slice(0, max);
        assert.deepEqual(newest.newestFirst(), want);
        assert.deepEqual([...kept].sort((a, b) => compareNewer(b, a)), want);
        const oldestKept = want[want.length - 1]!;
        assert.equal(newest.mightKeep(oldestKept.time), true);
        assert.equal(newest.mightKeep({ ms: oldestKept.time.ms - 1, ticks: 0 }), want.length < max);
      });
    }
  }

  it("keeps every event with max 0", () => {
    const newest = new NewestEvents(0);
    for (const e of shuffled) newest.offer(e);
    assert.deepEqual(newest.newestFirst(), expected);
  });

  it("refuses a max that is not a whole number >= 0", () => {
    assert.throws(() => new NewestEvents(-1), RangeError);
    assert.throws(() => new NewestEvents(1.5), RangeError);
  });
});

describe("parseIsoTime", () => {
  const table: [string, "utc" | "refuse", string | null][] = [
    ["2026-11-20", "refuse", "2026-11-20T00:00:00.000Z"],
    ["2026-11-20T09:14Z", "refuse", "2026-11-20T09:14:00.000Z"],
    ["2026-11-20T10:14:02+01:00", "refuse", "2026-11-20T09:14:02.000Z"],
    ["2026-11-20T04:14:02.123-0500", "refuse", "2026-11-20T09:14:02.123Z"],
    ["2026-11-20T09:14:02", "refuse", null],
    ["2026-11-20T09:14:02", "utc", "2026-11-20T09:14:02.000Z"],
    ["2026-13-01", "utc", null],
    ["2026-02-29", "utc", null],
    ["2028-02-29", "utc", "2028-02-29T00:00:00.000Z"],
    ["2026-11-20T24:00:00Z", "utc", null],
    ["20261120", "utc", null],
    ["yesterday", "utc", null],
  ];
  for (const [text, withoutZone, iso] of table) {
    it(`reads '${text}' (${withoutZone}) as ${iso ?? "no time"}`, () => {
      const time = parseIsoTime(text, { withoutZone });
      assert.equal(time === null ? null : new Date(time.ms).toISOString(), iso);
    });
  }
});
