import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { WindowsHost } from "../../../../ts-src/platform/windows/windows-host.js";
import { openJournal } from "../../../../ts-src/providers/journal/run-journal.js";
import { recoverBeforeCommand } from "../../../../ts-src/providers/journal/recover-interrupted-run.js";
import { runRebind } from "../../../../ts-src/providers/rebind/run-rebind.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { fakeWindows, NEW, OLD, thumb } from "../../support/fake-windows.js";
import { run } from "../../support/run.js";
import { auditRecords, copyOfDemoHost, hostFiles, testDir } from "../../support/snapshot.js";
import { WWW_2025, WWW_2026 } from "../../support/interrupted-host.js";
import { KIND_SNAPSHOT_FILES } from "../../../../ts-src/kinds/registry.js";

const httpSysFile = (root: string) => join(root, "httpsys", "records.json");
const config = (root: string) => join(root, "inetsrv", "applicationHost.config");
const rebindOptions = { old: WWW_2025 as Thumbprint, new: WWW_2026 as Thumbprint, dryRun: false, force: false, waitMs: 0, trigger: "manual", now: new Date("2026-11-27T00:00:00Z") };

/** A demo host as a run killed after changing records.json leaves it: journal open, one file changed. */
async function interruptedHost(doneSteps: ("httpsys" | "config" | "verified")[] = []) {
  const root = copyOfDemoHost();
  const before = hostFiles(root);
  const host = await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES);
  const journal = await openJournal(host, {
    runId: "20261127T000000Z-abcdef",
    command: "rebind",
    trigger: "event",
    files: [httpSysFile(root), config(root)],
    states: [],
    steps: ["httpsys", "config"],
  });
  // Written as the run writes: through the host's writer, which journals the new bytes' SHA-256 first.
  await host.state.restoreFile(httpSysFile(root), Buffer.from(readFileSync(httpSysFile(root), "utf8").replaceAll(WWW_2025.toLowerCase(), WWW_2026.toLowerCase()).replaceAll(WWW_2025, WWW_2026)));
  writeFileSync(join(root, "httpsys", ".records.json.certrebind-0badf00d.tmp"), "half a file");
  for (const step of doneSteps) await journal.markDone(step);
  return { root, before, changed: hostFiles(root) };
}

test("a rebind has its journal on disk, naming backups of the files as they were, before its first change", async () => {
  const root = copyOfDemoHost();
  const original = readFileSync(httpSysFile(root));
  const host = await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES);
  let seen: { journal: Record<string, any>; backup: Buffer; written: string[]; wrote: string } | null = null;
  const rebindRecords = host.httpSys.rebindRecords.bind(host.httpSys);
  // The first change of HTTP.sys (WinRM's listener moves its record later in the same run).
  host.httpSys.rebindRecords = async (rebinds) => {
    if (seen !== null) return rebindRecords(rebinds);
    const journal = JSON.parse(readFileSync(join(root, "state", "journal.json"), "utf8"));
    const first = { journal, backup: readFileSync(join(root, "state", journal.files[0].backup)), written: [] as string[], wrote: "" };
    seen = first;
    await rebindRecords(rebinds);
    first.written = JSON.parse(readFileSync(join(root, "state", "journal.json"), "utf8")).files[0].written;
    first.wrote = createHash("sha256").update(readFileSync(httpSysFile(root))).digest("hex");
  };
  const result = await runRebind(host, rebindOptions);
  assert.equal(result.exitCode, 3, "the demo's shared record is refused; the rest applies");
  assert.ok(seen, "the journal existed when HTTP.sys was first changed");
  const { journal, backup, written, wrote } = seen as { journal: Record<string, any>; backup: Buffer; written: string[]; wrote: string };
  assert.equal(journal["journalVersion"], 2);
  assert.deepEqual(journal["steps"], ["httpsys", "sqlserver", "rdp", "winrm", "config", "verified"].map((name) => ({ name, done: false })));
  assert.equal(journal["files"][0].path, "httpsys/records.json", "relative to the host");
  assert.match(journal["files"][0].backup, /^backups\/\d{8}T\d{6}Z-[0-9a-f]{6}\/records\.json$/, "relative to the state folder");
  assert.deepEqual(journal["files"][0].written, [], "nothing written yet");
  assert.deepEqual(written, [wrote], "the SHA-256 of the bytes it wrote");
  assert.deepEqual(backup, original);
  assert.equal(existsSync(join(root, "state", "journal.json")), false, "closed at the end");
});

test("the next command that changes the host restores what an interrupted run changed, says so and audits it, then does its own work", async () => {
  const { root, before } = await interruptedHost(["httpsys"]);
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(result.exitCode, 0, result.stderr);
  const envelope = result.envelope();
  assert.equal(envelope.recovery?.action, "restored");
  assert.deepEqual(envelope.recovery?.restored, [httpSysFile(root)], "only the file that had changed is written");
  assert.deepEqual(envelope.recovery?.removed, [join(root, "httpsys", ".records.json.certrebind-0badf00d.tmp")]);
  assert.match(envelope.warnings[0]!, /^The rebind run 20261127T000000Z-abcdef .* was interrupted; restored what it had changed/);
  assert.deepEqual(hostFiles(root), before);
  const audit = auditRecords(root).at(-1)!;
  assert.equal(audit["command"], "recover");
  assert.equal(audit["runId"], "20261127T000000Z-abcdef");
  assert.equal(audit["trigger"], "task");
  assert.deepEqual(audit["interrupted"], { command: "rebind", trigger: "event", pid: process.pid, started: (audit["interrupted"] as { started: string }).started });
  assert.equal(existsSync(join(root, "state", "journal.json")), false);
});

test("a journal whose every step is done is closed: the run's changes stay", async () => {
  const { root, changed } = await interruptedHost(["httpsys", "config", "verified"]);
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(result.envelope().recovery?.action, "closed");
  const after = hostFiles(root);
  assert.equal(after["httpsys/records.json"], changed["httpsys/records.json"]);
  assert.equal(after["httpsys/.records.json.certrebind-0badf00d.tmp"], undefined, "leftovers go either way");
});

test("rebind recovers under its own lock before planning, and then rebinds", async () => {
  const { root } = await interruptedHost(["httpsys"]);
  const host = await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES);
  const result = await runRebind(host, rebindOptions);
  assert.equal(result.exitCode, 3);
  assert.equal((result.data["recovery"] as { action: string }).action, "restored");
  assert.match(result.warnings[0]!, /was interrupted/);
  assert.deepEqual(auditRecords(root).map((r) => r["command"]), ["recover", "rebind"]);
  const uninterrupted = await runRebind(await SnapshotHost.open(copyOfDemoHost(), {}, KIND_SNAPSHOT_FILES), rebindOptions);
  assert.equal(result.data.changed, uninterrupted.data.changed, "planned on the restored host: the same changes as an uninterrupted run");
});

test("a journal that cannot be read stops every command that changes the host with CR1004 and changes nothing", async () => {
  const { root, changed } = await interruptedHost();
  writeFileSync(join(root, "state", "journal.json"), "{ not json");
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(result.exitCode, 1);
  assert.equal(result.envelope().errors[0]!.code, "CR1004");
  assert.match(result.envelope().errors[0]!.message, /journal\.json/);
  assert.deepEqual(hostFiles(root), changed);
  assert.ok(existsSync(join(root, "state", "journal.json")), "the journal is kept for the admin");
});

test("a backup that is not the file it was is not restored (CR1004)", async () => {
  const { root, changed } = await interruptedHost();
  const journal = JSON.parse(readFileSync(join(root, "state", "journal.json"), "utf8"));
  writeFileSync(join(root, "state", journal.files[0].backup), "tampered");
  const result = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026]);
  assert.equal(result.exitCode, 1);
  assert.equal(result.envelope().errors[0]!.code, "CR1004");
  assert.deepEqual(hostFiles(root), changed);
});

test("while the run that holds the lock is alive, its journal is left alone", async () => {
  const { root, changed } = await interruptedHost();
  // The holder: another live process of the same program (this process's own id on a lock it did not take is stale).
  const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  after(() => holder.kill());
  writeFileSync(join(root, "state", "lock"), JSON.stringify({ pid: holder.pid, since: new Date().toISOString(), token: "live" }));
  const result = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(result.exitCode, 0);
  assert.equal(result.envelope().recovery, undefined);
  assert.deepEqual(hostFiles(root), changed);
  assert.ok(existsSync(join(root, "state", "journal.json")));
});

test("a rebind whose rollback failed keeps its journal, and the next command restores", async () => {
  const root = copyOfDemoHost();
  const before = hostFiles(root);
  // Write 1 is records.json, write 2 the configuration (fails); the restore of HTTP.sys fails too.
  const host = await SnapshotHost.open(root, { CERTREBIND_TEST_FAIL_WRITE: "2" }, KIND_SNAPSHOT_FILES);
  host.httpSys.restoreRecords = async () => {
    throw new Error("netsh is gone");
  };
  const result = await runRebind(host, rebindOptions);
  assert.equal(result.exitCode, 1);
  assert.ok(result.errors.some((e) => e.code === "CR1002"));
  assert.ok(existsSync(join(root, "state", "journal.json")));
  assert.notDeepEqual(hostFiles(root), before);
  const next = await run(["task", "disable", "--json", "--host-root", root]);
  assert.equal(next.envelope().recovery?.action, "restored");
  assert.deepEqual(hostFiles(root), before);
});

/** A Windows host (recorded tools, 3 records) with the journal of a run moving site0 and site2 to NEW open. */
async function windowsRunJournaled() {
  const windows = fakeWindows(3);
  const stateDir = join(testDir(), "state");
  const host = new WindowsHost(windows.run, {}, { configDir: join(testDir(), "no-iis"), stateDir, httpApi: windows.httpApi, crypt32: windows.crypt32, eventLog: windows.eventLog });
  const records = await host.httpSys.readRecords();
  await openJournal(host, {
    runId: "20261127T000000Z-012345",
    command: "rebind",
    trigger: "event",
    files: [],
    states: [
      {
        kind: "httpsys-record",
        legacyField: "records",
        backup: {
          name: "httpsys-records.json",
          content: JSON.stringify(records),
          written: Object.fromEntries(["site0.contoso.com:443", "site2.contoso.com:443"].map((endpoint) => [endpoint, thumb(NEW.der)])),
        },
      },
    ],
    steps: ["httpsys"],
  });
  host.state.announceWrites(null);
  return { windows, stateDir, host, records };
}

test("on Windows, recovery puts the journaled HTTP.sys records back, every field, through the HTTP Server API", async () => {
  const { windows, stateDir, host, records } = await windowsRunJournaled();
  const targets = records.filter((r) => r.endpoint !== "site1.contoso.com:443");
  await host.httpSys.rebindRecords(targets.map((record) => ({ record, thumbprint: thumb(NEW.der), storeName: record.storeName })));
  const recovery = await recoverBeforeCommand(host, "bindings");
  assert.equal(recovery?.action, "restored");
  assert.deepEqual(recovery?.restored, ["site0.contoso.com:443", "site2.contoso.com:443"]);
  const updates = windows.api.calls.filter((call) => call.startsWith("Update "));
  assert.deepEqual(updates.slice(-2), ["Update hostnameport site0.contoso.com:443", "Update hostnameport site2.contoso.com:443"]);
  assert.deepEqual(windows.api.all(), records, "every record is back as it was read, every field");
  assert.equal(windows.started.filter((tool) => tool === "netsh").length, 0);
  assert.equal(existsSync(join(stateDir, "journal.json")), false);
  // The recovery's audit record is also the Application log's event 110 (Warning), with the record as its data.
  const audit = readFileSync(join(stateDir, "audit.jsonl"), "utf8").trim().split("\n").at(-1)!;
  assert.deepEqual(windows.events.events.map((e) => ({ id: e.id, type: e.type, record: e.strings[1] })), [{ id: 110, type: 2, record: audit }]);
});

test("on Windows, a record someone moved to another certificate after the crash is not put back: CR1004, nothing restated", async () => {
  const { windows, stateDir, host, records } = await windowsRunJournaled();
  const site0 = records.find((r) => r.endpoint === "site0.contoso.com:443")!;
  const site2 = records.find((r) => r.endpoint === "site2.contoso.com:443")!;
  await host.httpSys.rebindRecords([{ record: site2, thumbprint: thumb(NEW.der), storeName: site2.storeName }]);
  // After the crash, an administrator moves site0 to a third certificate.
  const third = "AB".repeat(20) as Thumbprint;
  await host.httpSys.rebindRecords([{ record: site0, thumbprint: third, storeName: site0.storeName }]);
  const writes = () => windows.api.calls.filter((call) => /^(Update|Set|Delete) /.test(call)).length;
  const before = writes();
  await assert.rejects(recoverBeforeCommand(host, "task"), (error: { code: string; message: string }) => {
    assert.equal(error.code, "CR1004");
    assert.match(error.message, new RegExp(`the HTTP\\.sys record site0\\.contoso\\.com:443: it now has the certificate ${third}, neither ${thumb(OLD.der)} as before the run \\(backed up in .*httpsys-records\\.json\\) nor ${thumb(NEW.der)}, which the run set`, "i"));
    return true;
  });
  assert.equal(writes(), before, "nothing was restated, not even site2");
  assert.equal(windows.api.all().find((r) => r.endpoint === "site0.contoso.com:443")!.thumbprint, third);
  assert.ok(existsSync(join(stateDir, "journal.json")));
  const audit = readFileSync(join(stateDir, "audit.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(audit.at(-1).action, "refused");
  // The refusal is the Application log's event 111 (Error).
  assert.deepEqual(windows.events.events.map((e) => ({ id: e.id, type: e.type, record: JSON.parse(e.strings[1]!) })), [{ id: 111, type: 1, record: audit.at(-1) }]);
});
