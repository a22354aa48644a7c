import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import { decodeRecordsJson, parseRecordsJson } from "../../../../ts-src/platform/formats/httpsys-records-json.js";
import { parseSslCertDocument } from "../../../../ts-src/platform/formats/netsh-sslcert.js";
import { rebindLines, unappliedRebinds } from "../../../../ts-src/platform/formats/netsh-sslcert-rebind.js";
import { RebindWriteError } from "../../../../ts-src/platform/ports.js";
import { SnapshotHttpSys } from "../../../../ts-src/platform/snapshot/http-sys.js";
import { buildHost } from "../../support/host-builder.js";
import { copyOfDemoHost } from "../../support/snapshot.js";
import { netshTextOf } from "../../support/windows-from-snapshot.js";

const NEW = "AB".repeat(20);
const hasHash = (r: { kind: string }) => r.kind === "ipport" || r.kind === "hostnameport";

/** The demo host (records.json) and the same records as sslcert.txt only. */
const hosts: [string, () => { root: string; file: string; reparse: (path: string) => HttpSysRecord[] }][] = [
  [
    "records.json",
    () => {
      const root = copyOfDemoHost();
      return { root, file: join(root, "httpsys", "records.json"), reparse: (path) => parseRecordsJson(decodeRecordsJson(readFileSync(path), path), path).entries.map((e) => e.record) };
    },
  ],
  [
    "sslcert.txt",
    () => {
      const root = copyOfDemoHost();
      writeFileSync(join(root, "httpsys", "sslcert.txt"), netshTextOf(root));
      rmSync(join(root, "httpsys", "records.json"));
      return { root, file: join(root, "httpsys", "sslcert.txt"), reparse: (path) => parseSslCertDocument(readFileSync(path, "utf8"), path).entries.map((e) => e.record) };
    },
  ],
];

for (const [format, host] of hosts) {
  describe(`SnapshotHttpSys on a host with ${format}`, () => {
    it("rebinds records as a full parse of the file reads them back, and restores them byte for byte", async () => {
      const { root, file, reparse } = host();
      const original = readFileSync(file);
      const httpSys = new SnapshotHttpSys(root, new HostWriter());
      assert.equal(httpSys.filePath, file);
      const before = await httpSys.readRecords();
      const targets = before.filter(hasHash);
      await httpSys.rebindRecords(targets.map((record) => ({ record, thumbprint: NEW.toLowerCase(), storeName: "WebHosting" })));
      const reparsed = reparse(file);
      for (const record of reparsed.filter(hasHash)) assert.deepEqual([record.thumbprint, record.storeName], [NEW, "WebHosting"]);
      assert.deepEqual(
        reparsed.map((r) => ({ ...r, thumbprint: null, storeName: null })),
        before.map((r) => ({ ...r, thumbprint: null, storeName: null })),
        "every other field of every record as before",
      );
      assert.deepEqual(await httpSys.readRecords(), reparsed);
      await httpSys.restoreRecords(targets);
      assert.deepEqual(await httpSys.readRecords(), before);
      assert.ok(readFileSync(file).equals(original), "the restore gives the file back byte for byte");
    });

    it("reads the file again when it changed since it was read", async () => {
      const { root, file } = host();
      const httpSys = new SnapshotHttpSys(root, new HostWriter());
      const [first] = (await httpSys.readRecords()).filter(hasHash);
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text.replace(first!.thumbprint!, NEW).replace(first!.thumbprint!.toLowerCase(), NEW.toLowerCase()));
      assert.equal((await httpSys.readRecords()).find((r) => r.endpoint === first!.endpoint)?.thumbprint, NEW);
    });

    it("refuses a file that does not read back as written", async () => {
      const { root, file } = host();
      // A writer whose file is changed by someone else right after it was written.
      const writer = new (class extends HostWriter {
        override async write(path: string, data: string | Buffer): Promise<void> {
          await super.write(path, data);
          writeFileSync(path, `${data.toString()}\r\n`);
        }
      })();
      const httpSys = new SnapshotHttpSys(root, writer);
      const [record] = (await httpSys.readRecords()).filter(hasHash);
      await assert.rejects(httpSys.rebindRecords([{ record: record!, thumbprint: NEW, storeName: record!.storeName }]), (error: unknown) => {
        assert.ok(error instanceof RebindWriteError);
        assert.equal(error.message, `${file} does not read back as written`);
        assert.deepEqual(error.failed, [record!.endpoint]);
        return true;
      });
    });
  });
}

describe("SnapshotHttpSys with both files", () => {
  it("reads and changes records.json only: sslcert.txt is neither read nor written", async () => {
    const root = copyOfDemoHost();
    const text = join(root, "httpsys", "sslcert.txt");
    writeFileSync(text, "not netsh output at all\n");
    const httpSys = new SnapshotHttpSys(root, new HostWriter());
    assert.equal(httpSys.filePath, join(root, "httpsys", "records.json"));
    const records = await httpSys.readRecords();
    assert.equal(records.length, 9);
    const [record] = records.filter(hasHash);
    await httpSys.rebindRecords([{ record: record!, thumbprint: NEW, storeName: record!.storeName }]);
    assert.equal(readFileSync(text, "utf8"), "not netsh output at all\n");
    assert.equal((await httpSys.readRecords())[0]!.thumbprint, NEW);
  });

  it("reads sslcert.txt where there is no records.json, as hosts made before records.json", async () => {
    const { root } = buildHost({ certs: { a: {} }, records: [{ kind: "ipport", endpoint: "0.0.0.0:443", cert: "a" }] });
    const httpSys = new SnapshotHttpSys(root, new HostWriter());
    assert.equal(httpSys.filePath, join(root, "httpsys", "sslcert.txt"));
    assert.deepEqual((await httpSys.readRecords()).map((r) => [r.kind, r.endpoint, r.settings]), [["ipport", "0.0.0.0:443", null]]);
  });
});

describe("unappliedRebinds", () => {
  it("names the edits whose hash or store name lines do not carry them", () => {
    const root = copyOfDemoHost();
    const document = parseSslCertDocument(netshTextOf(root), "sslcert.txt");
    const [a, b] = document.entries.filter((e) => hasHash(e.record)).map((e) => e.record);
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
