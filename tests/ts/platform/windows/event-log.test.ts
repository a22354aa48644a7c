import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AuditRecord } from "../../../../ts-src/platform/ports.js";
import { MAX_DESCRIPTION, auditDescription, writeAuditEvent } from "../../../../ts-src/platform/windows/event-log.js";
import type { ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { recordingRunner } from "../../support/recording-runner.js";

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

const ok = { exitCode: 0, stdout: "SUCCESS: An event of type 'INFORMATION' was created in the 'APPLICATION' log with 'CertRebind' as the source.\r\n", stderr: "" };

describe("writeAuditEvent", () => {
  const table = [
    { exitCode: 0, type: "INFORMATION", id: "100" },
    { exitCode: 1, type: "ERROR", id: "101" },
    { exitCode: 2, type: "ERROR", id: "102" },
    { exitCode: 3, type: "WARNING", id: "103" },
    { exitCode: 4, type: "ERROR", id: "104" },
    { exitCode: 7, type: "ERROR", id: "199" },
    { exitCode: -1, type: "ERROR", id: "199" },
  ];
  for (const { exitCode, type, id } of table) {
    it(`writes exit code ${exitCode} as ${type} ${id}, one eventcreate with one /D argument`, async () => {
      const { calls, run } = recordingRunner(ok);
      const audit = record({ exitCode });
      assert.equal(await writeAuditEvent(run, audit), null);
      assert.deepEqual(calls, [
        { file: "eventcreate", args: ["/L", "APPLICATION", "/T", type, "/SO", "CertRebind", "/ID", id, "/D", auditDescription(audit)] },
      ]);
    });
  }

  it("describes the run in a sentence, then the record as JSON", () => {
    const text = auditDescription(record({ exitCode: 3 }));
    const [summary, json] = text.split("\n\n");
    assert.equal(
      summary,
      "CertRebind rebind (event) run 20261127T101500Z-1a2b3c by NT AUTHORITY\\SYSTEM on WEB01: exit code 3, partly done: some targets refused.",
    );
    assert.deepEqual(JSON.parse(json!), record({ exitCode: 3 }));
  });

  it("keeps hostile site names inside the one argument, without control characters", async () => {
    const site = "x\" & del /s C:\\ \r\nline2\u0007\u001b[31m\u0085\ttab";
    const { calls, run } = recordingRunner(ok);
    await writeAuditEvent(run, record({ user: "evil\r\nforged: line\u0000", sites: [site] }));
    const args = calls[0]!.args;
    assert.equal(args.length, 10);
    const description = args[9]!;
    assert.doesNotMatch(description, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    assert.match(description, /by evil\nforged: line on WEB01/);
    assert.deepEqual(JSON.parse(description.split("\n\n")[1]!).sites, [site]);
  });

  it(`caps the description at ${MAX_DESCRIPTION} characters without splitting a surrogate pair`, () => {
    for (const filler of ["a".repeat(10_000), "\u{1F512}".repeat(5_000), `b${"\u{1F512}".repeat(5_000)}`]) {
      const text = auditDescription(record({ sites: [filler] }));
      assert.ok(text.length <= MAX_DESCRIPTION, `${text.length}`);
      assert.match(text, /\n\.\.\. \(cut; the whole record is in the audit log\)$/);
      assert.doesNotMatch(text, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, "no lone surrogate");
    }
    assert.ok(auditDescription(record()).length < MAX_DESCRIPTION);
  });

  it("returns a warning when eventcreate fails", async () => {
    const { run } = recordingRunner({ exitCode: 1, stdout: "", stderr: "\r\nERROR: Source parameter is used to identify custom applications/scripts only.\r\n" });
    assert.equal(
      await writeAuditEvent(run, record()),
      "The Application event log entry was not written: eventcreate exited with code 1: ERROR: Source parameter is used to identify custom applications/scripts only.",
    );
  });

  it("returns a warning when eventcreate cannot start", async () => {
    const run: ToolRunner = async () => {
      throw new Error("eventcreate could not be started: spawn eventcreate ENOENT");
    };
    assert.equal(
      await writeAuditEvent(run, record()),
      "The Application event log entry was not written: eventcreate could not be started: spawn eventcreate ENOENT.",
    );
  });

  it("returns a warning when the record cannot be written as JSON", async () => {
    const { calls, run } = recordingRunner(ok);
    assert.match((await writeAuditEvent(run, record({ size: 1n }))) ?? "", /^The Application event log entry was not written: .*BigInt/);
    assert.deepEqual(calls, []);
  });
});
