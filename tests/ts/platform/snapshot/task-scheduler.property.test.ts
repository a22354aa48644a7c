import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import { SnapshotTaskScheduler } from "../../../../ts-src/platform/snapshot/task-scheduler.js";
import { autoRebindTaskXml, decodeTaskXml, encodeTaskXml } from "../../../../ts-src/task/auto-rebind-task.js";
import { mutatedBytes } from "../../support/arbitraries/mutations.js";
import { assertHostFileError, checkProperty, lineCount, timedAsync } from "../../support/property.js";
import { testDir } from "../../support/snapshot.js";

const TASK = "\\CertRebind\\AutoRebind";
const XML = autoRebindTaskXml({ command: "C:\\Program Files\\CertRebind\\certrebind.exe", version: "0.1.0", dailyAt: "03:30" });
const IIS_BYTES = readFileSync(join(import.meta.dirname, "../../../fixtures/tasks/IIS-AutoCertRebind.xml"));
const ENCODED = [encodeTaskXml(XML), Buffer.from(XML, "utf8"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XML, "utf8")]), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(XML, "utf16le").swap16()]), IIS_BYTES];

describe("SnapshotTaskScheduler on mutated task files", () => {
  it("reads a task or refuses its file with CR2003, and a task it reads can be disabled and enabled", async (t) => {
    const root = testDir();
    const file = join(root, "tasks", "CertRebind", "AutoRebind.xml");
    mkdirSync(join(root, "tasks", "CertRebind"), { recursive: true });
    const scheduler = new SnapshotTaskScheduler(root, new HostWriter(), "linux");
    await checkProperty(
      t,
      fc.asyncProperty(mutatedBytes(fc.constantFrom(...ENCODED)), fc.boolean(), async (bytes, enabled) => {
        writeFileSync(file, bytes);
        const outcome = await timedAsync("SnapshotTaskScheduler.get", () => scheduler.get(TASK));
        if (!outcome.ok) {
          assertHostFileError(outcome.error, file);
          const line = /, line (\d+): /.exec((outcome.error as Error).message);
          if (line) assert.ok(Number(line[1]) >= 1 && Number(line[1]) <= lineCount(decodeTaskXml(bytes)), (outcome.error as Error).message);
          return;
        }
        const changed = await timedAsync("SnapshotTaskScheduler.setEnabled", () => scheduler.setEnabled(TASK, enabled));
        if (!changed.ok) throw changed.error;
        assert.equal((await scheduler.get(TASK))?.enabled, enabled);
        const after = readFileSync(file);
        assert.deepEqual([...after.subarray(0, 2)], [...bytes.subarray(0, 2)], "the file keeps its encoding");
      }),
      80,
    );
  });
});
