import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { readNetshRecords } from "../../../../ts-src/platform/windows/netsh-restate.js";
import { WindowsHttpSys } from "../../../../ts-src/platform/windows/httpsys.js";
import type { ToolResult } from "../../../../ts-src/platform/windows/tool-runner.js";
import { recordingRunner } from "../../support/recording-runner.js";

const MIXED = readFileSync(join(import.meta.dirname, "../../../fixtures/netsh/mixed-kinds-crlf.txt"), "utf8");

describe("WindowsHttpSys", () => {
  it("runs netsh http show sslcert once and parses its output", async () => {
    const { calls, run } = recordingRunner({ exitCode: 0, stdout: MIXED, stderr: "" });
    const records = await new WindowsHttpSys(run).readRecords();
    assert.deepEqual(calls, [{ file: "netsh", args: ["http", "show", "sslcert"] }]);
    assert.deepEqual(records, readNetshRecords(MIXED, "netsh http show sslcert"));
    assert.deepEqual(
      records.map((record) => `${record.kind} ${record.endpoint}`),
      ["ipport 0.0.0.0:443", "ipport 10.0.0.5:8443", "ipport [::]:443", "ipport [fe80::1]:443", "hostnameport www.contoso.com:443", "ccs 443"],
    );
  });

  const failures = [
    { name: "the first line of stderr", stderr: "\r\nThe requested operation requires elevation (Run as administrator).\r\n", stdout: "", detail: "The requested operation requires elevation (Run as administrator)." },
    { name: "the first line of stdout when stderr is empty", stderr: "", stdout: "\r\nThe system cannot find the file specified.\r\n\r\n", detail: "The system cannot find the file specified." },
    { name: "no detail when both are empty", stderr: "", stdout: "", detail: "" },
  ];
  for (const { name, stderr, stdout, detail } of failures) {
    it(`turns a non-zero exit into CR4002 with ${name}`, async () => {
      const { calls, run } = recordingRunner({ exitCode: 1, stdout, stderr });
      await assert.rejects(new WindowsHttpSys(run).readRecords(), (error: unknown) => {
        assert.ok(error instanceof CertRebindError);
        assert.equal(error.code, "CR4002");
        assert.equal(error.message, `netsh failed with exit code 1${detail ? `: ${detail}` : ""}`);
        return true;
      });
      assert.equal(calls.length, 1);
    });
  }

  it("names netsh in the message of malformed output", async () => {
    const { run } = recordingRunner({ exitCode: 0, stdout: "    IP:port : nowhere\r\n", stderr: "" });
    await assert.rejects(new WindowsHttpSys(run).readRecords(), /^CertRebindError: netsh http show sslcert, line 1: /);
  });
});
