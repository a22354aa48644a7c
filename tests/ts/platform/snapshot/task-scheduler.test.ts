import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import { WriteHooks } from "../../../../ts-src/platform/files/write-hooks.js";
import { SnapshotTaskScheduler } from "../../../../ts-src/platform/snapshot/task-scheduler.js";
import { autoRebindTaskXml, decodeTaskXml, encodeTaskXml } from "../../../../ts-src/task/auto-rebind-task.js";
import { testDir } from "../../support/snapshot.js";
import { treeHash } from "../../support/tree-hash.js";

const TASK = "\\CertRebind\\AutoRebind";
const BUILTIN = "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind";
const XML = autoRebindTaskXml({ command: "C:\\Program Files\\CertRebind\\certrebind.exe", version: "0.1.0", dailyAt: "03:30" });
const IIS_BYTES = readFileSync(join(import.meta.dirname, "../../../fixtures/tasks/IIS-AutoCertRebind.xml"));
const TASK_FILE = "tasks/CertRebind/AutoRebind.xml";
const BUILTIN_FILE = "tasks/Microsoft/Windows/CertificateServicesClient/IIS-AutoCertRebind.xml";

const scheduler = (root: string, platform: NodeJS.Platform = "linux") => new SnapshotTaskScheduler(root, new HostWriter(), platform);

describe("SnapshotTaskScheduler", () => {
  it("registers a task as tasks/<path>.xml, UTF-16 LE with a BOM, and reads it back enabled and never run", async () => {
    const root = testDir();
    await scheduler(root).register(TASK, XML);
    assert.deepEqual(readFileSync(join(root, TASK_FILE)), encodeTaskXml(XML));
    assert.deepEqual(await scheduler(root).get(TASK), { path: TASK, xml: XML, enabled: true, lastRunTime: null, lastResult: null });
  });

  it("has no task where there is no file", async () => {
    assert.equal(await scheduler(testDir()).get(TASK), null);
  });

  it("reads the last run from tasks/<path>.json", async () => {
    const root = testDir({ [TASK_FILE]: encodeTaskXml(XML), "tasks/CertRebind/AutoRebind.json": '{ "lastRunTime": "2026-11-27T03:30:02+01:00", "lastResult": 3 }' });
    const task = await scheduler(root).get(TASK);
    assert.equal(task!.lastRunTime, "2026-11-27T02:30:02.000Z");
    assert.equal(task!.lastResult, 3);
  });

  for (const [name, info] of [
    ["not JSON", "{"],
    ["a time that is not one", '{ "lastRunTime": "yesterday" }'],
    ["a result that is not an integer", '{ "lastResult": "0x0" }'],
  ] as const) {
    it(`refuses a run file with ${name} (CR2003, naming the file)`, async () => {
      const root = testDir({ [TASK_FILE]: encodeTaskXml(XML), "tasks/CertRebind/AutoRebind.json": info });
      await assert.rejects(scheduler(root).get(TASK), { code: "CR2003", target: join(root, "tasks/CertRebind/AutoRebind.json") });
    });
  }

  it("refuses a task file that is not a task definition (CR2003 with the line)", async () => {
    const root = testDir({ [TASK_FILE]: encodeTaskXml("<Task>\r\n<Settings>\r\n</Task>") });
    await assert.rejects(scheduler(root).get(TASK), { code: "CR2003", message: /AutoRebind\.xml, line 3: not a task definition/ });
  });

  it("disables a task by its Settings/Enabled only, keeping every other byte and the encoding", async () => {
    const root = testDir({ [BUILTIN_FILE]: IIS_BYTES });
    await scheduler(root).setEnabled(BUILTIN, false);
    const after = readFileSync(join(root, BUILTIN_FILE));
    const expected = decodeTaskXml(IIS_BYTES).replace("<Enabled>true</Enabled>\r\n    <Hidden>", "<Enabled>false</Enabled>\r\n    <Hidden>");
    assert.deepEqual(after, encodeTaskXml(expected));
    assert.equal((await scheduler(root).get(BUILTIN))!.enabled, false);
    await scheduler(root).setEnabled(BUILTIN, true);
    assert.deepEqual(readFileSync(join(root, BUILTIN_FILE)), IIS_BYTES);
  });

  it("keeps a UTF-8 task file UTF-8 when it changes it", async () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XML, "utf8")]);
    const root = testDir({ [TASK_FILE]: utf8 });
    await scheduler(root).setEnabled(TASK, false);
    const after = readFileSync(join(root, TASK_FILE));
    assert.deepEqual([...after.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(after.toString("utf8").includes("<Enabled>false</Enabled>\r\n    <Hidden>"));
  });

  it("cannot change a task that is not there (CR2004)", async () => {
    await assert.rejects(scheduler(testDir()).setEnabled(BUILTIN, false), { code: "CR2004" });
  });

  it("removes the task and its run file", async () => {
    const root = testDir({ [TASK_FILE]: encodeTaskXml(XML), "tasks/CertRebind/AutoRebind.json": "{}" });
    await scheduler(root).remove(TASK);
    assert.ok(!existsSync(join(root, TASK_FILE)));
    assert.ok(!existsSync(join(root, "tasks/CertRebind/AutoRebind.json")));
    await scheduler(root).remove(TASK);
  });

  it("reports a failed write as CR4004 (the test hook for failing writes)", async () => {
    const root = testDir();
    await assert.rejects(new SnapshotTaskScheduler(root, new HostWriter(new WriteHooks(1)), "linux").register(TASK, XML), { code: "CR4004" });
  });

  it("refuses task paths that would leave tasks/ (CR2000), touching nothing", async () => {
    const root = testDir({ "outside.xml": encodeTaskXml(XML) });
    const before = treeHash(root);
    for (const path of ["\\..\\outside", "\\CertRebind\\..\\..\\outside", "\\a/../../outside"]) {
      await assert.rejects(scheduler(root).get(path), { code: "CR2000" });
      await assert.rejects(scheduler(root).remove(path), { code: "CR2000" });
    }
    assert.deepEqual(treeHash(root), before);
  });
});

describe("SnapshotProgramFolder", () => {
  it("stands programfiles/CertRebind/certrebind.exe for C:\\Program Files\\CertRebind\\certrebind.exe", () => {
    const root = testDir();
    const folder = scheduler(root).programFolder;
    assert.equal(folder.taskCommand, "C:\\Program Files\\CertRebind\\certrebind.exe");
    assert.equal(folder.exeFile, join(root, "programfiles", "CertRebind", "certrebind.exe"));
  });

  it("installs a copy of the exe (mode 755) and hashes it", async () => {
    const root = testDir({ "source.exe": "the exe" });
    const folder = scheduler(root).programFolder;
    assert.equal(await folder.installedSha256(), null);
    await folder.install(join(root, "source.exe"));
    assert.equal(readFileSync(folder.exeFile, "utf8"), "the exe");
    assert.equal(statSync(folder.exeFile).mode & 0o777, 0o755);
    assert.equal(await folder.installedSha256(), createHash("sha256").update("the exe").digest("hex"));
  });

  it("lets only the owner change programfiles/, the folder and the exe: group- or world-writable ones are refused", async () => {
    const root = testDir({ "source.exe": "the exe" });
    const folder = scheduler(root).programFolder;
    assert.equal(await folder.checkAdminOnly(), null, "nothing there yet");
    await folder.install(join(root, "source.exe"));
    chmodSync(join(root, "programfiles"), 0o755);
    chmodSync(join(root, "programfiles", "CertRebind"), 0o755);
    assert.equal(await folder.checkAdminOnly(), null);
    for (const [path, mode] of [["programfiles", 0o777], ["programfiles/CertRebind", 0o775], ["programfiles/CertRebind/certrebind.exe", 0o757]] as const) {
      chmodSync(join(root, path), mode);
      assert.match((await folder.checkAdminOnly())!, new RegExp(`${path.replace(/\//g, "\\/")} can be changed by users other than its owner \\(mode ${mode.toString(8)}\\)`));
      chmodSync(join(root, path), 0o755);
    }
  });

  it("skips the file-mode stand-in on Windows, where modes say nothing about ACLs", async () => {
    const root = testDir({ "programfiles/CertRebind/certrebind.exe": "x" });
    chmodSync(join(root, "programfiles", "CertRebind"), 0o777);
    assert.equal(await scheduler(root, "win32").programFolder.checkAdminOnly(), null);
  });
});
