import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { LifecycleLogReader, type LogItem } from "../../../ts-src/events/log-stream.js";
import { readLifecycleLog } from "../support/read-lifecycle-log.js";
import { decodeTextChunks } from "../../../ts-src/platform/files/decode-text.js";
import { chunksOf, splitPoints } from "../support/arbitraries/chunks.js";
import { hostileText } from "../support/arbitraries/hostile.js";
import { generatedLog } from "../support/arbitraries/lifecycle-events.js";
import { mutatedText } from "../support/arbitraries/mutations.js";
import { checkProperty, lineCount, timed, timedAsync, valueOf } from "../support/property.js";
import { eventsOf, fixture, problemsOf } from "./support.js";

const LOGS = [
  "qe-system-rd-events-reconstructed.xml",
  "qe-user-rd-events-reconstructed.xml",
  "qe-system-no-root-reconstructed.xml",
  "qe-system-child-elements-reconstructed.xml",
  "qe-empty-channel-reconstructed.xml",
].map(fixture);
const TOKENS = ["<Event>", "</Event>", "<e:Event xmlns:e='x'>", "</Events>", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "&#x110000;", "&#0;", "<?", "?>", "'", '"', "/>", "<"];

/** Every item of a log fed to the reader in these chunks. */
function readChunks(chunks: readonly string[]): LogItem[] {
  const reader = new LifecycleLogReader("System");
  const items = chunks.flatMap((chunk) => reader.write(chunk));
  items.push(...reader.end());
  return items;
}

const read = (chunks: readonly string[]) => valueOf(timed("LifecycleLogReader", () => readChunks(chunks)));

/**
 * The items, with the quoted start of text outside the events cut to what every chunking sees: the reader quotes up
 * to 40 characters of what it holds when it finds the text, and a chunk may end sooner.
 */
const comparable = (items: LogItem[]) =>
  items.map((item) => (item.type === "problem" ? { ...item, message: item.message.replace(/^text outside the events \('.*'\)/s, "text outside the events (…)") } : item));

function assertPositions(items: LogItem[], text: string): void {
  const lines = lineCount(text);
  let ordinal = 0;
  for (const item of items) {
    assert.ok(item.position.line >= 1 && item.position.line <= lines, `line ${item.position.line} of ${lines}: ${JSON.stringify(item)}`);
    if (item.position.event !== null) {
      assert.ok(item.position.event >= ordinal, `event ${item.position.event} after ${ordinal}`);
      ordinal = item.position.event;
    }
  }
}

describe("LifecycleLogReader on generated logs", () => {
  it("reads every event of any generated log to its record, with no problem", async (t) => {
    await checkProperty(
      t,
      fc.property(generatedLog, ({ text, records }) => {
        const items = read([text]);
        assert.deepEqual(problemsOf(items), []);
        assert.deepEqual(eventsOf(items), records);
        assert.deepEqual(items.map((item) => item.position.event), records.map((_, i) => i + 1));
      }),
      150,
    );
  });

  it("gives the same items however the text is split into chunks", async (t) => {
    await checkProperty(
      t,
      fc.property(generatedLog, splitPoints, ({ text }, splits) => {
        assert.deepEqual(read(chunksOf(text, splits)), read([text]));
      }),
      150,
    );
  });

  it("gives the same items from the log's bytes in UTF-8 or UTF-16, with or without a BOM, split anywhere", async (t) => {
    const encodings = ["utf-8", "utf-8-bom", "utf-16le-bom", "utf-16le", "utf-16be-bom"] as const;
    const encode = (text: string, encoding: (typeof encodings)[number]): Buffer => {
      if (encoding === "utf-8") return Buffer.from(text, "utf8");
      if (encoding === "utf-8-bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
      if (encoding === "utf-16le") return Buffer.from(text, "utf16le");
      if (encoding === "utf-16le-bom") return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
    };
    await checkProperty(
      t,
      fc.asyncProperty(
        generatedLog.filter(({ text }) => text.startsWith("<")),
        fc.constantFrom(...encodings),
        splitPoints,
        async ({ text }, encoding, splits) => {
          const bytes = encode(text, encoding);
          const chunks = chunksOf(bytes, splits);
          const items = valueOf(
            await timedAsync("readLifecycleLog", async () => {
              const found: LogItem[] = [];
              async function* source() {
                yield* chunks;
              }
              for await (const item of readLifecycleLog(decodeTextChunks(source()), "System")) found.push(item);
              return found;
            }),
          );
          assert.deepEqual(items, read([text]));
        },
      ),
      100,
    );
  });
});

describe("LifecycleLogReader on mutated logs", () => {
  const base = fc.oneof(fc.constantFrom(...LOGS), generatedLog.map((log) => log.text));

  it("reports problems with their line and event, never throws, and does not depend on the chunks", async (t) => {
    await checkProperty(
      t,
      fc.property(mutatedText(base, TOKENS), splitPoints, (text, splits) => {
        const whole = read([text]);
        assertPositions(whole, text);
        assert.deepEqual(comparable(read(chunksOf(text, splits))), comparable(whole));
      }),
      200,
    );
  });

  it("reads hostile input (long runs, many attributes, deep nesting) within the time limit", async (t) => {
    await checkProperty(
      t,
      fc.property(hostileText(base), (text) => {
        assertPositions(read([text]), text);
      }),
      60,
      { shrink: false },
    );
  });
});
