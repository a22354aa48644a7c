import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import { parseSslCertDocument, rebindLines, unappliedRebinds } from "../../../../ts-src/platform/formats/netsh-sslcert.js";
import { RebindWriteError } from "../../../../ts-src/platform/ports.js";
import { SnapshotHttpSys } from "../../../../ts-src/platform/snapshot/http-sys.js";
import { copyOfDemoHost } from "../../support/snapshot.js";

const NEW = "AB".repeat(20);

describe("SnapshotHttpSys", () => {
  it("rebinds records as a full parse of the file reads them back, and restores them", async () => {
    const root = copyOfDemoHost();
    const httpSys = new SnapshotHttpSys(root, new HostWriter());
    const before = await httpSys.readRecords();
    const targets = before.filter((r) => r.kind !== "ccs");
    await httpSys.rebindRecords(targets.map((record) => ({ record, thumbprint: NEW.toLowerCase(), storeName: "WebHosting" })));
    const reparsed = parseSslCertDocument(readFileSync(httpSys.filePath, "utf8"), httpSys.filePath).entries.map((e) => e.record);
    for (const record of reparsed.filter((r) => r.kind !== "ccs")) assert.deepEqual([record.thumbprint, record.storeName], [NEW, "WebHosting"]);
    assert.deepEqual(await httpSys.readRecords(), reparsed);
    await httpSys.restoreRecords(targets);
    assert.deepEqual(await httpSys.readRecords(), before);
  });

  it("reads the file again when it changed since it was read", async () => {
    const root = copyOfDemoHost();
    const httpSys = new SnapshotHttpSys(root, new HostWriter());
    const [first] = (await httpSys.readRecords()).filter((r) => r.kind !== "ccs");
    const text = readFileSync(httpSys.filePath, "utf8");
    writeFileSync(httpSys.filePath, text.replace(first!.thumbprint!.toLowerCase(), NEW.toLowerCase()));
    assert.equal((await httpSys.readRecords()).find((r) => r.endpoint === first!.endpoint)?.thumbprint, NEW);
  });

  it("refuses a file that does not read back as written", async () => {
    const root = copyOfDemoHost();
    const path = join(root, "httpsys", "sslcert.txt");
    // A writer whose file is changed by someone else right after it was written.
    const writer = new (class extends HostWriter {
      override async write(file: string, data: string | Buffer): Promise<void> {
        await super.write(file, data);
        writeFileSync(file, `${data.toString()}\r\n`);
      }
    })();
    const httpSys = new SnapshotHttpSys(root, writer);
    const [record] = (await httpSys.readRecords()).filter((r) => r.kind !== "ccs");
    await assert.rejects(httpSys.rebindRecords([{ record: record!, thumbprint: NEW, storeName: record!.storeName }]), (error: unknown) => {
      assert.ok(error instanceof RebindWriteError);
      assert.equal(error.message, `${path} does not read back as written`);
      assert.deepEqual(error.failed, [record!.endpoint]);
      return true;
    });
  });
});

describe("unappliedRebinds", () => {
  it("names the edits whose hash or store name lines do not carry them", () => {
    const root = copyOfDemoHost();
    const file = join(root, "httpsys", "sslcert.txt");
    const document = parseSslCertDocument(readFileSync(file, "utf8"), file);
    const [a, b] = document.entries.filter((e) => e.record.kind !== "ccs").map((e) => e.record);
    const edits = [
      { key: a!, thumbprint: NEW, storeName: undefined },
      { key: b!, thumbprint: NEW, storeName: "WebHosting" },
    ];
    const lines = rebindLines(document, edits);
    assert.deepEqual(unappliedRebinds(document, lines, edits), []);
    assert.deepEqual(unappliedRebinds(document, new Map(), edits), edits);
    const storeLine = document.entries.find((e) => e.record === b)!.hashLine + 2;
    const withOldStore = new Map([...lines].filter(([index]) => index !== storeLine));
    assert.deepEqual(unappliedRebinds(document, withOldStore, edits), [edits[1]]);
  });
});
