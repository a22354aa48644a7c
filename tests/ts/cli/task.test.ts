import assert from "node:assert/strict";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { TaskData } from "../../../ts-src/providers/task/run-task.js";
import { autoRebindTaskXml, decodeTaskXml, encodeTaskXml } from "../../../ts-src/task/auto-rebind-task.js";
import { readTaskDefinition } from "../../../ts-src/task/task-definition.js";
import { run } from "../support/run.js";
import { copyOfDemoHost, testDir } from "../support/snapshot.js";
import { treeHash } from "../support/tree-hash.js";

const TASK_FILE = "tasks/CertRebind/AutoRebind.xml";
const BUILTIN_FILE = "tasks/Microsoft/Windows/CertificateServicesClient/IIS-AutoCertRebind.xml";
const EXE_FILE = "programfiles/CertRebind/certrebind.exe";
const IIS_BYTES = readFileSync(join(import.meta.dirname, "../../fixtures/tasks/IIS-AutoCertRebind.xml"));
const COMMAND = "C:\\Program Files\\CertRebind\\certrebind.exe";

/** A demo host copy and a stand-in exe beside it (the tests run from source, so --exe-path names the exe). */
function setUp(files: Record<string, string | Buffer> = {}) {
  const root = copyOfDemoHost();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const exe = join(testDir({ "certrebind.exe": "certrebind exe bytes" }), "certrebind.exe");
  const task = async (args: string[]) => {
    const result = await run(["task", ...args, "--json", "--host-root", root, "--exe-path", exe]);
    const envelope = result.envelope();
    return { ...result, envelope, data: envelope.data as TaskData };
  };
  return { root, exe, task };
}

describe("task enable → status → enable again → disable on a snapshot host", () => {
  it("installs the exe, registers one task, changes nothing the second time, and deletes the task", async () => {
    const { root, task } = setUp();

    const enabled = await task(["enable"]);
    assert.equal(enabled.exitCode, 0, enabled.stderr);
    assert.equal(enabled.envelope.command, "task");
    assert.deepEqual(
      enabled.data.steps.map((s) => `${s.step} ${s.status}`),
      ["exe done", "task done"],
    );
    assert.equal(enabled.data.changed, true);
    assert.equal(readFileSync(join(root, EXE_FILE), "utf8"), "certrebind exe bytes");
    const registered = readFileSync(join(root, TASK_FILE));
    assert.deepEqual([...registered.subarray(0, 2)], [0xff, 0xfe]);
    assert.equal(decodeTaskXml(registered), enabled.data.xml);
    assert.equal(enabled.envelope.warnings.length, 0, enabled.envelope.warnings.join(" | "));
    const audit = readFileSync(join(root, "state/audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(audit.map((r) => [r.command, r.trigger, r.steps.length]), [["task enable", "manual", 2]]);

    const status = await task(["status"]);
    assert.equal(status.exitCode, 0);
    assert.deepEqual(status.data.task, {
      path: "\\CertRebind\\AutoRebind",
      exists: true,
      enabled: true,
      lastRunTime: null,
      lastResult: null,
      lastResultMeaning: null,
      current: true,
      differences: [],
      dailyAt: "03:30",
      command: COMMAND,
      arguments: 'on-task --old "$(OldCertHash)" --new "$(NewCertHash)"',
      version: enabled.data.task.version,
    });
    assert.equal(status.data.exe.exists, true);
    assert.equal(status.data.exe.sameAsRunning, true);
    assert.equal(status.data.exe.path, COMMAND);
    assert.deepEqual(status.data.lifecycleChannel, {
      name: "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational",
      exists: true,
      enabled: true,
    });
    assert.deepEqual(status.data.builtinTask, { path: "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind", exists: false, enabled: null });
    assert.deepEqual(status.envelope.warnings, []);

    const before = treeHash(root);
    const again = await task(["enable"]);
    assert.equal(again.exitCode, 0);
    assert.deepEqual(again.data.steps.map((s) => `${s.step} ${s.status}`), ["exe unchanged", "task unchanged"]);
    assert.equal(again.data.changed, false);
    assert.deepEqual(treeHash(root), before, "enable twice = one task, nothing written the second time");

    const disabled = await task(["disable"]);
    assert.equal(disabled.exitCode, 0);
    assert.deepEqual(disabled.data.steps.map((s) => `${s.step} ${s.status}`), ["task done", "exe kept"]);
    assert.equal(disabled.data.task.exists, false);
    assert.ok(!existsSync(join(root, TASK_FILE)));
    assert.ok(existsSync(join(root, EXE_FILE)), "the exe stays");
    assert.deepEqual(disabled.envelope.warnings, []);

    const disabledAgain = await task(["disable"]);
    assert.deepEqual(disabledAgain.data.steps.map((s) => `${s.step} ${s.status}`), ["task absent", "exe kept"]);
    assert.equal(disabledAgain.data.changed, false);
  });

  it("prints the XML with --dry-run and changes nothing, as text or JSON", async () => {
    const { root, exe } = setUp();
    const before = treeHash(root);
    const text = await run(["task", "enable", "--dry-run", "--host-root", root, "--exe-path", exe]);
    assert.equal(text.exitCode, 0, text.stderr);
    assert.ok(text.stdout.startsWith('<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.2"'));
    const [xmlPart, comment] = text.stdout.split("</Task>\r\n");
    assert.equal(readTaskDefinition(`${xmlPart}</Task>`).uri, "\\CertRebind\\AutoRebind");
    assert.match(comment!, /^<!-- certrebind task enable, dry run: nothing was changed\./);
    assert.ok(!comment!.slice(4, -5).includes("--"), "an XML comment holds no --");
    assert.match(comment!, /planned: Copy this exe/);
    const json = await run(["task", "enable", "--dry-run", "--json", "--host-root", root, "--exe-path", exe]);
    const data = json.envelope().data as TaskData;
    assert.equal(data.dryRun, true);
    assert.deepEqual(data.steps.map((s) => `${s.step} ${s.status}`), ["exe planned", "task planned"]);
    assert.equal(data.xml, autoRebindTaskXml({ command: COMMAND, version: data.xml!.match(/<Version>(.*)<\/Version>/)![1]!, dailyAt: "03:30" }));
    assert.deepEqual(json.envelope().warnings, [], "the plan covers what the status would warn about");
    const disable = await run(["task", "disable", "--dry-run", "--json", "--host-root", root]);
    assert.deepEqual((disable.envelope().data as TaskData).steps.map((s) => `${s.step} ${s.status}`), ["task absent"]);
    assert.deepEqual(treeHash(root), before);
  });

  it("registers the daily scan at --daily-at and keeps that time when enabled again without it", async () => {
    const { root, task } = setUp();
    await task(["enable", "--daily-at", "4:15"]);
    assert.ok(decodeTaskXml(readFileSync(join(root, TASK_FILE))).includes("<StartBoundary>2020-01-01T04:15:00</StartBoundary>"));
    const again = await task(["enable"]);
    assert.deepEqual(again.data.steps.map((s) => s.status), ["unchanged", "unchanged"]);
    assert.equal(again.data.task.dailyAt, "04:15");
    const moved = await task(["enable", "--daily-at", "05:00"]);
    assert.equal(moved.data.steps[1]!.status, "done");
    assert.match(moved.data.steps[1]!.action, /again: its daily scan runs at 04:15, not 05:00/);
  });

  it("registers again a task that was disabled, or registered by another version, saying why", async () => {
    const { root, task } = setUp();
    await task(["enable"]);
    const file = join(root, TASK_FILE);
    const xml = decodeTaskXml(readFileSync(file));
    writeFileSync(file, encodeTaskXml(xml.replace("<Enabled>true</Enabled>\r\n    <Hidden>", "<Enabled>false</Enabled>\r\n    <Hidden>").replace(/<Version>[^<]*</, "<Version>0.0.9<")));
    const status = await task(["status"]);
    assert.equal(status.data.task.enabled, false);
    assert.equal(status.data.task.current, false);
    assert.ok(status.envelope.warnings.some((w) => /is disabled: renewed certificates are not re-bound automatically/.test(w)));
    assert.ok(status.envelope.warnings.some((w) => /differs from the task this certrebind registers \(it was registered by certrebind 0\.0\.9/.test(w)));
    const enabled = await task(["enable"]);
    assert.match(enabled.data.steps[1]!.action, /again: it is disabled; it was registered by certrebind 0\.0\.9/);
    assert.equal(enabled.data.task.enabled, true);
    assert.equal(enabled.data.task.current, true);
  });

  it("reports the last run and its result from tasks/CertRebind/AutoRebind.json", async () => {
    const { task } = setUp({ "tasks/CertRebind/AutoRebind.json": '{ "lastRunTime": "2026-11-27T03:30:05Z", "lastResult": 3 }' });
    await task(["enable"]);
    const status = await task(["status"]);
    assert.equal(status.data.task.lastRunTime, "2026-11-27T03:30:05.000Z");
    assert.equal(status.data.task.lastResult, 3);
    assert.equal(status.data.task.lastResultMeaning, "partly done: some targets were refused");
    assert.ok(status.envelope.warnings.some((w) => w.includes("ended with result 3: partly done")));
  });

  it("reports an installed exe that is not this one, and replaces it on enable", async () => {
    const { root, task } = setUp();
    await task(["enable"]);
    writeFileSync(join(root, EXE_FILE), "another exe");
    const status = await task(["status"]);
    assert.equal(status.data.exe.sameAsRunning, false);
    const enabled = await task(["enable"]);
    assert.deepEqual(enabled.data.steps.map((s) => `${s.step} ${s.status}`), ["exe done", "task unchanged"]);
    assert.match(enabled.data.steps[0]!.action, /^Replace C:\\Program Files\\CertRebind\\certrebind\.exe with this exe/);
    assert.equal(readFileSync(join(root, EXE_FILE), "utf8"), "certrebind exe bytes");
  });
});

describe("IIS's own task", () => {
  it("is disabled by enable --replace-builtin (its Settings/Enabled only) and reported by status", async () => {
    const { root, task } = setUp({ [BUILTIN_FILE]: IIS_BYTES });
    const status = await task(["status"]);
    assert.deepEqual(status.data.builtinTask, { path: "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind", exists: true, enabled: true });

    const plain = await task(["enable", "--dry-run"]);
    assert.ok(plain.envelope.warnings.some((w) => w.includes("is enabled: with this task registered too, both run on event 1001")), plain.envelope.warnings.join(" | "));

    const replaced = await task(["enable", "--replace-builtin"]);
    assert.equal(replaced.exitCode, 0, replaced.stderr);
    assert.deepEqual(replaced.data.steps.map((s) => `${s.step} ${s.status}`), ["exe done", "task done", "builtin done"]);
    assert.deepEqual(replaced.data.builtinTask, { path: "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind", exists: true, enabled: false });
    const expected = decodeTaskXml(IIS_BYTES).replace("<Enabled>true</Enabled>\r\n    <Hidden>", "<Enabled>false</Enabled>\r\n    <Hidden>");
    assert.deepEqual(readFileSync(join(root, BUILTIN_FILE)), encodeTaskXml(expected));
    assert.deepEqual(replaced.envelope.warnings, []);

    const again = await task(["enable", "--replace-builtin"]);
    assert.deepEqual(again.data.steps.map((s) => `${s.step} ${s.status}`), ["exe unchanged", "task unchanged", "builtin unchanged"]);

    const disabled = await task(["disable"]);
    assert.ok(disabled.envelope.warnings.some((w) => w.includes("is disabled, so nothing rebinds renewed certificates now")));
  });

  it("is reported absent by enable --replace-builtin on a host without it", async () => {
    const { task } = setUp();
    const result = await task(["enable", "--replace-builtin"]);
    assert.deepEqual(result.data.steps.map((s) => `${s.step} ${s.status}`), ["exe done", "task done", "builtin absent"]);
  });
});

describe("task enable refuses", () => {
  it("a program folder non-administrators could change (CR4010, exit 4), writing nothing", async () => {
    const { root, task } = setUp();
    mkdirSync(join(root, "programfiles/CertRebind"), { recursive: true });
    chmodSync(join(root, "programfiles"), 0o755);
    chmodSync(join(root, "programfiles/CertRebind"), 0o777);
    const before = treeHash(root);
    for (const args of [["enable"], ["enable", "--dry-run"]]) {
      const result = await task(args);
      assert.equal(result.exitCode, 4);
      assert.equal(result.envelope.errors[0]!.code, "CR4010");
      assert.match(result.envelope.errors[0]!.message, /programfiles\/CertRebind can be changed by users other than its owner \(mode 777\)/);
    }
    assert.deepEqual(treeHash(root), before);
    assert.ok(!existsSync(join(root, TASK_FILE)));
  });

  it("to install node when running from source without --exe-path (CR2000)", async () => {
    const root = copyOfDemoHost();
    const result = await run(["task", "enable", "--json", "--host-root", root]);
    assert.equal(result.exitCode, 2);
    assert.equal(result.envelope().errors[0]!.code, "CR2000");
    assert.match(result.envelope().errors[0]!.message, /runs from source .* --exe-path/);
  });

  const usage: [string, string[]][] = [
    ["a daily time that is not one", ["enable", "--daily-at", "25:00"]],
    ["--daily-at for status", ["status", "--daily-at", "04:00"]],
    ["--replace-builtin for disable", ["disable", "--replace-builtin"]],
    ["--dry-run for status", ["status", "--dry-run"]],
    ["an unknown action", ["start"]],
    ["no action", []],
    ["an --exe-path that is no file", ["enable", "--exe-path", "/no/such/certrebind.exe"]],
  ];
  for (const [name, args] of usage) {
    it(`${name} (CR2000, exit 2), writing nothing`, async () => {
      const root = copyOfDemoHost();
      const before = treeHash(root);
      const result = await run(["task", ...args, "--json", "--host-root", root]);
      assert.equal(result.exitCode, 2, result.stdout);
      assert.equal(result.envelope().errors[0]!.code, "CR2000");
      assert.deepEqual(treeHash(root), before);
    });
  }
});

describe("task status without anything registered", () => {
  it("says what is missing and how to fix it", async () => {
    const root = testDir();
    cpSync(join(copyOfDemoHost(), "events"), join(root, "events"), { recursive: true });
    const result = await run(["task", "status", "--json", "--host-root", root]);
    assert.equal(result.exitCode, 0);
    const data = result.envelope().data as TaskData;
    assert.equal(data.task.exists, false);
    assert.equal(data.exe.exists, false);
    assert.equal(data.exe.sameAsRunning, null);
    assert.deepEqual(result.envelope().warnings, ["\\CertRebind\\AutoRebind is not registered: renewed certificates are not re-bound automatically. Run 'certrebind task enable'."]);
    assert.deepEqual(result.envelope().warningRemedies, [{ kind: "enableTask", options: [], command: "task enable", text: "Run 'certrebind task enable'." }]);
  });

  it("warns when the lifecycle channel is missing: only the daily scan would run", async () => {
    // A server whose HTTP.sys has no SSL records, and nothing else (no events/).
    const result = await run(["task", "status", "--json", "--host-root", testDir({ "httpsys/sslcert.txt": "" })]);
    const data = result.envelope().data as TaskData;
    assert.equal(data.lifecycleChannel.exists, false);
    assert.ok(result.envelope().warnings.some((w) => /is missing: events 1001 and 1006 are not logged, so only the daily scan runs/.test(w)));
  });

  it("prints a summary as text", async () => {
    const result = await run(["task", "status", "--host-root", copyOfDemoHost()]);
    assert.match(result.stdout, /^Task \\CertRebind\\AutoRebind: not registered\nExe C:\\Program Files\\CertRebind\\certrebind\.exe: not installed\n/);
    assert.match(result.stderr, /warning: \\CertRebind\\AutoRebind is not registered/);
  });
});
