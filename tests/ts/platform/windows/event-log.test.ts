import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AuditRecord } from "../../../../ts-src/platform/ports.js";
import { MAX_STRING, auditStrings, writeAuditEvent } from "../../../../ts-src/platform/windows/event-log.js";
import { EVENT_MESSAGE_FILE, EVENT_SOURCE_KEY } from "../../../../ts-src/platform/windows/event-source-registration.js";
import { FakeEventLog, type FakeEventLogFailures } from "../../support/fake-event-log.js";

const record = (override: Partial<AuditRecord> = {}): AuditRecord => ({
  time: "2026-11-27T10:15:00.000Z",
  runId: "20261127T101500Z-1a2b3c",
  command: "rebind",
  trigger: "event",
  user: "NT AUTHORITY\\SYSTEM",
  computer: "WEB01",
  exitCode: 0,
  changed: 2,
  ...override,
});

const registered = (failures: FakeEventLogFailures = {}) => {
  const api = new FakeEventLog(failures);
  api.keys.set(EVENT_SOURCE_KEY, new Map([["EventMessageFile", { type: "REG_EXPAND_SZ", value: "%SystemRoot%\\System32\\EventCreate.exe" }]]));
  return api;
};
const write = (api: FakeEventLog, audit: AuditRecord) => writeAuditEvent(async () => api, audit);
const ERROR = 1;
const WARNING = 2;
const INFORMATION = 4;

describe("writeAuditEvent", () => {
  const table = [
    { what: "exit 0, done", audit: { exitCode: 0 }, type: INFORMATION, id: 100, meaning: "done" },
    { what: "exit 1, restored", audit: { exitCode: 1, errors: [{ code: "CR1001", message: "m", target: null }] }, type: ERROR, id: 101, meaning: "failed; everything it had changed was restored" },
    { what: "exit 2, bad input", audit: { exitCode: 2 }, type: ERROR, id: 102, meaning: "bad input; nothing was changed" },
    { what: "exit 3, partly done", audit: { exitCode: 3 }, type: WARNING, id: 103, meaning: "partly done: some targets were refused" },
    { what: "exit 4, environment", audit: { exitCode: 4 }, type: ERROR, id: 104, meaning: "a problem of the environment; everything it had changed was restored" },
    {
      what: "exit 1, not restored (CR1002)",
      audit: { exitCode: 1, errors: [{ code: "CR1001", message: "m", target: null }, { code: "CR1002", message: "m", target: "C:\\b" }] },
      type: ERROR,
      id: 105,
      meaning: "failed, and restoring failed too: restore by hand from the backup (CR1002)",
    },
    { what: "a recovery", audit: { command: "recover", trigger: "rebind", exitCode: 0, action: "restored" }, type: WARNING, id: 110, meaning: "an interrupted run was found and undone, or closed" },
    { what: "a dead run's lock released", audit: { command: "recover", trigger: "lock", exitCode: 0, action: "released" }, type: WARNING, id: 110, meaning: "an interrupted run was found and undone, or closed" },
    {
      what: "a refused recovery",
      audit: { command: "recover", trigger: "rebind", exitCode: 1, action: "refused", errors: [{ code: "CR1004", message: "m", target: "x" }] },
      type: ERROR,
      id: 111,
      meaning: "an interrupted run was found and could not be undone: its journal stays (CR1004)",
    },
    { what: "exit 7", audit: { exitCode: 7 }, type: ERROR, id: 199, meaning: "unexpected exit code" },
    { what: "exit -1", audit: { exitCode: -1 }, type: ERROR, id: 199, meaning: "unexpected exit code" },
  ];
  for (const { what, audit: override, type, id, meaning } of table) {
    it(`writes ${what} as type ${type}, ID ${id}, category 0, the sentence and the record as JSON, no raw data`, async () => {
      const api = registered();
      const audit = record(override);
      assert.equal(await write(api, audit), null);
      assert.equal(api.events.length, 1);
      const [event] = api.events;
      assert.deepEqual({ type: event!.type, category: event!.category, id: event!.id, rawData: event!.rawData }, { type, category: 0, id, rawData: null });
      assert.deepEqual(event!.strings, [
        `CertRebind ${audit.command} (${audit.trigger}) run 20261127T101500Z-1a2b3c by NT AUTHORITY\\SYSTEM on WEB01: exit code ${audit.exitCode}, ${meaning}.`,
        JSON.stringify(audit),
      ]);
      assert.deepEqual(JSON.parse(event!.strings[1]!), audit);
      assert.deepEqual(api.calls, ["RegOpenKeyExW", "RegQueryValueExW", "RegCloseKey", "RegisterEventSourceW", "ReportEventW", "DeregisterEventSource"]);
      assert.equal(api.openHandles.size, 0, "the handle is deregistered");
      assert.equal(api.openKeys.size, 0, "the key is closed");
    });
  }

  it("registers the source with .NET's %1 message file when it is not registered, then writes the event", async () => {
    const api = new FakeEventLog();
    assert.equal(await write(api, record()), null);
    assert.deepEqual(
      api.keys.get(EVENT_SOURCE_KEY),
      new Map([
        ["EventMessageFile", { type: "REG_EXPAND_SZ", value: "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll" }],
        ["TypesSupported", { type: "REG_DWORD", value: 7 }],
      ]),
    );
    assert.equal(EVENT_SOURCE_KEY, "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\CertRebind");
    assert.equal(api.events.length, 1);
    assert.equal(api.openKeys.size, 0);
  });

  it("leaves a source registered by someone else as it is", async () => {
    const api = registered();
    await write(api, record());
    assert.deepEqual([...api.keys.get(EVENT_SOURCE_KEY)!.values()].map((v) => v.value), ["%SystemRoot%\\System32\\EventCreate.exe"]);
    assert.ok(!api.calls.includes("RegCreateKeyExW") && !api.calls.includes("RegSetValueExW"));
  });

  it("completes a key that has no EventMessageFile", async () => {
    const api = new FakeEventLog();
    api.keys.set(EVENT_SOURCE_KEY, new Map());
    await write(api, record());
    assert.equal(api.keys.get(EVENT_SOURCE_KEY)!.get("EventMessageFile")?.value, EVENT_MESSAGE_FILE);
  });

  it("writes the event and warns when the source cannot be registered (not an administrator)", async () => {
    const api = new FakeEventLog({ RegCreateKeyExW: 5 });
    assert.equal(
      await write(api, record()),
      "The event source CertRebind could not be registered (RegCreateKeyExW failed: ERROR_ACCESS_DENIED (5); registering it needs administrators' rights): " +
        "the Application event log entry was written, but Event Viewer shows no description for it (docs/audit-events.md).",
    );
    assert.equal(api.events.length, 1);
    assert.equal(api.openHandles.size, 0);
  });

  const failures: { failures: FakeEventLogFailures; warning: string; reported: number }[] = [
    { failures: { RegisterEventSourceW: 5 }, warning: "RegisterEventSourceW failed: ERROR_ACCESS_DENIED (5).", reported: 0 },
    { failures: { ReportEventW: 1734 }, warning: "ReportEventW failed: Win32 error 1734.", reported: 0 },
  ];
  for (const { failures: failing, warning, reported } of failures) {
    it(`returns a warning, and deregisters what it registered, when ${Object.keys(failing)[0]} fails`, async () => {
      const api = registered(failing);
      assert.equal(await write(api, record()), `The Application event log entry was not written: ${warning}`);
      assert.equal(api.events.length, reported);
      assert.equal(api.openHandles.size, 0, "no handle left open");
    });
  }

  it("returns a warning when the event log API cannot be opened", async () => {
    const warning = await writeAuditEvent(async () => {
      throw new Error("The native module that talks to the HTTP Server API cannot be loaded safely: it is not in this build");
    }, record());
    assert.equal(warning, "The Application event log entry was not written: The native module that talks to the HTTP Server API cannot be loaded safely: it is not in this build.");
  });

  it("deregisters the handle when ReportEventW throws", async () => {
    const api = registered();
    api.reportEvent = () => {
      throw new Error("koffi: bad argument");
    };
    assert.equal(await write(api, record()), "The Application event log entry was not written: koffi: bad argument.");
    assert.equal(api.openHandles.size, 0);
  });

  it("returns a warning when the record cannot be written as JSON, and calls nothing", async () => {
    const api = registered();
    assert.match((await write(api, record({ size: 1n }))) ?? "", /^The Application event log entry was not written: .*BigInt/);
    assert.deepEqual(api.calls, []);
  });
});

describe("auditStrings", () => {
  it("keeps hostile site names out of the sentence's control characters and inside a JSON string", () => {
    const site = "x\" & del /s C:\\ \r\nline2\u0007\u001b[31m\u0085\ttab";
    const [summary, json] = auditStrings(record({ user: "evil\r\nforged: line\u0000", sites: [site] }));
    assert.doesNotMatch(summary, /[\u0000-\u001F\u007F-\u009F]/);
    assert.match(summary, /by evilforged: line on WEB01/);
    assert.doesNotMatch(json, /[\u0000-\u001F\u007F-\u009F]/);
    assert.deepEqual(JSON.parse(json).sites, [site]);
  });

  it(`keeps a record longer than ${MAX_STRING} characters as JSON of its top-level values, saying it was cut`, () => {
    for (const filler of ["a".repeat(40_000), "\u{1F512}".repeat(20_000)]) {
      const audit = record({ exitCode: 3, sites: [filler], backup: "C:\\ProgramData\\CertRebind\\state\\backups\\x" });
      const [, json] = auditStrings(audit);
      assert.ok(json.length <= MAX_STRING, `${json.length}`);
      const { sites, ...scalars } = audit;
      assert.deepEqual(JSON.parse(json), { ...scalars, cut: "the record is longer than an event log string can hold: the whole record is in the audit log" });
      assert.ok(sites);
    }
    const [, short] = auditStrings(record());
    assert.deepEqual(JSON.parse(short), record());
  });

  it(`never passes a string longer than ${MAX_STRING} characters, nor half a surrogate pair`, () => {
    const [summary, json] = auditStrings(record({ user: `b${"\u{1F512}".repeat(20_000)}`, computer: "c".repeat(40_000) }));
    for (const text of [summary, json]) {
      assert.ok(text.length <= MAX_STRING, `${text.length}`);
      assert.doesNotMatch(text, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, "no lone surrogate");
    }
  });
});
