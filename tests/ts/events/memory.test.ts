/*
 * Memory does not grow with the size of the log: 200,000 generated events (about 270 MB of XML, made chunk by
 * chunk and never held) are parsed, filtered and cut to the newest 100, and the heap, measured after full
 * collections at intervals, stays within a generous bound far below the log's size.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { generateEvents } from "../../../bench/generate-events.js";
import { formatEvent } from "../../../scripts/demo-host/lifecycle-events.js";
import { matchesFilter, NewestEvents } from "../../../ts-src/events/filter.js";
import { NO_FILTER } from "../support/event-filter.js";
import { LifecycleLogReader } from "../../../ts-src/events/log-stream.js";
import { heapAfterGc } from "./support.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const EVENTS = 200_000;
const SAMPLES = 10;
const MB = 1024 * 1024;

/** The log in chunks of about 64 KiB: 50 distinct events repeated with rising record ids (all in the System channel). */
function* logChunks(): Generator<string> {
  const templates = [...generateEvents({ events: 50, userShare: 0, seed: 7 })].map((e) => formatEvent(e).split(/<EventRecordID>\d+<\/EventRecordID>/));
  yield "<Events>\r\n";
  let chunk = "";
  for (let i = 0; i < EVENTS; i++) {
    const [head, tail] = templates[i % templates.length]!;
    chunk += `${head}<EventRecordID>${i + 1}</EventRecordID>${tail}\r\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}</Events>\r\n`;
}

it(`parses ${EVENTS} events with a heap that does not grow with the log`, (t) => {
  const before = heapAfterGc(gc);
  const reader = new LifecycleLogReader("System");
  const newest = new NewestEvents(100);
  const samples: number[] = [];
  let characters = 0;
  let read = 0;
  let problems = 0;
  const consume = (items: ReturnType<LifecycleLogReader["write"]>) => {
    for (const item of items) {
      if (item.type === "problem") {
        problems++;
        continue;
      }
      if (++read % (EVENTS / SAMPLES) === 0) samples.push(heapAfterGc(gc) - before);
      if (matchesFilter(item, NO_FILTER)) newest.offer(item);
    }
  };
  for (const chunk of logChunks()) {
    characters += chunk.length;
    consume(reader.write(chunk));
  }
  consume(reader.end());

  assert.equal(read, EVENTS);
  assert.equal(problems, 0);
  // The newest time is the last template's; among its copies the highest record ids win.
  assert.deepEqual(newest.newestFirst().slice(0, 3).map((e) => e.record.recordId), [EVENTS, EVENTS - 50, EVENTS - 100]);
  assert.ok(characters > 200 * MB, `the log is ${Math.round(characters / MB)} M characters`);
  const peak = Math.max(...samples);
  const growth = samples[samples.length - 1]! - samples[0]!;
  const detail = `heap above the start, per ${EVENTS / SAMPLES} events: ${samples.map((s) => `${(s / MB).toFixed(1)}M`).join(" ")}`;
  t.diagnostic(detail);
  assert.ok(peak < 32 * MB, `peak ${detail}`);
  assert.ok(growth < 8 * MB, `growth from the first to the last sample: ${detail}`);
});
