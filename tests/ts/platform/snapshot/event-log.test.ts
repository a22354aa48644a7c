import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { CertRebindError } from "../../../../ts-src/core/errors.js";
import { decodeTextChunks, encodingOf } from "../../../../ts-src/platform/files/decode-text.js";
import { SnapshotEventLog } from "../../../../ts-src/platform/snapshot/event-log.js";
import { testDir } from "../../support/snapshot.js";

const NO_QUERY = { ids: null, after: null, before: null };

async function textOf(source: AsyncIterable<string> | null): Promise<string> {
  let text = "";
  for await (const chunk of source!) text += chunk;
  return text;
}

// Larger than the adapter's 64 KiB reads, with characters of two, three and four UTF-8 bytes (two UTF-16 units).
const TEXT = `<Events>\r\n${"<Event><SubjectName>CN=Zoë Ångström, O=Café ☕ 🔒</SubjectName></Event>\r\n".repeat(3000)}</Events>\r\n`;

const encodings: [string, Buffer][] = [
  ["UTF-8", Buffer.from(TEXT, "utf8")],
  ["UTF-8 with a byte order mark (PowerShell 7 Out-File -Encoding utf8BOM)", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, "utf8")])],
  ["UTF-16 LE with a byte order mark (Windows PowerShell 5.1 '>')", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")])],
  ["UTF-16 LE without a byte order mark", Buffer.from(TEXT, "utf16le")],
  ["UTF-16 BE with a byte order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, "utf16le").swap16()])],
];

describe("SnapshotEventLog", () => {
  for (const [name, bytes] of encodings) {
    it(`reads events/Lifecycle-System.xml in ${name}, in chunks`, async () => {
      const root = testDir({ "events/Lifecycle-System.xml": bytes });
      const log = new SnapshotEventLog(root);
      let chunks = 0;
      let text = "";
      for await (const chunk of (await log.readEvents("System", NO_QUERY))!) {
        chunks++;
        text += chunk;
      }
      assert.equal(text, TEXT);
      assert.ok(chunks > 1, `${chunks} chunk(s)`);
    });
  }

  it("answers a missing log with null, and names each log by its file", async () => {
    const root = testDir({ "events/Lifecycle-System.xml": "<Events/>" });
    const log = new SnapshotEventLog(root);
    assert.equal(await log.readEvents("User", NO_QUERY), null);
    assert.equal(log.describe("User"), join(root, "events", "Lifecycle-User.xml"));
    assert.deepEqual(await log.channelState("System"), { exists: true, enabled: true });
    assert.deepEqual(await log.channelState("User"), { exists: false, enabled: false });
  });

  it("reads an empty file as no text", async () => {
    const root = testDir({ "events/Lifecycle-User.xml": "" });
    assert.equal(await textOf(await new SnapshotEventLog(root).readEvents("User", NO_QUERY)), "");
  });

  it("reports a log that cannot be read as CR2004 naming the file", async () => {
    const root = testDir();
    mkdirSync(join(root, "events", "Lifecycle-System.xml"), { recursive: true });
    await assert.rejects(async () => textOf(await new SnapshotEventLog(root).readEvents("System", NO_QUERY)), (error: CertRebindError) => {
      assert.equal(error.code, "CR2004");
      assert.equal(error.target, join(root, "events", "Lifecycle-System.xml"));
      return true;
    });
  });

  it("refuses a named pipe as a log (CR2004) instead of waiting for a writer", async () => {
    const root = testDir();
    const log = join(root, "events", "Lifecycle-System.xml");
    mkdirSync(join(root, "events"));
    execFileSync("mkfifo", [log]);
    const events = new SnapshotEventLog(root);
    await assert.rejects(events.readEvents("System", NO_QUERY), { code: "CR2004" });
    await assert.rejects(events.channelState("System"), { code: "CR2004" });
  });
});

describe("decodeTextChunks", () => {
  it("joins characters split between chunks, one byte at a time", async () => {
    for (const [, bytes] of encodings) {
      const small = bytes.subarray(0, 600);
      async function* oneByOne() {
        for (const byte of small) yield Uint8Array.of(byte);
      }
      let text = "";
      for await (const chunk of decodeTextChunks(oneByOne())) text += chunk;
      assert.ok(TEXT.startsWith(text.replace(/\uFFFD$/, "")), text.slice(0, 80));
    }
  });

  it("tells the encoding from the first bytes", () => {
    assert.equal(encodingOf(Buffer.from("<E", "utf8")), "utf-8");
    assert.equal(encodingOf(Buffer.from("<E", "utf16le")), "utf-16le");
    assert.equal(encodingOf(Buffer.from([0x00, 0x3c])), "utf-16be");
    assert.equal(encodingOf(Buffer.from([0xff, 0xfe, 0x3c])), "utf-16le");
    assert.equal(encodingOf(Buffer.from([])), "utf-8");
  });
});
