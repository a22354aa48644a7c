import { test } from "node:test";
import assert from "node:assert/strict";
import { auditIdentity } from "../../../ts-src/platform/audit-identity.js";
import { auditRecord } from "../../../ts-src/platform/audit-record.js";

test("an audit record starts with when, which run, what, who and how it ended, then what the command adds", () => {
  const before = Date.now();
  const record = auditRecord({ runId: "20261127T000000Z-3fa2c1", command: "rebind", trigger: "task", exitCode: 3, identity: { user: "CONTOSO\\admin", computer: "WEB01" } }, { changes: [], backup: null });
  assert.deepEqual(Object.keys(record), ["time", "runId", "command", "trigger", "user", "computer", "exitCode", "changes", "backup"]);
  assert.deepEqual({ ...record, time: undefined }, { time: undefined, runId: "20261127T000000Z-3fa2c1", command: "rebind", trigger: "task", user: "CONTOSO\\admin", computer: "WEB01", exitCode: 3, changes: [], backup: null });
  const time = Date.parse(record.time);
  assert.ok(time >= before && time <= Date.now() && record.time === new Date(time).toISOString(), record.time);
});

test("an audit record without an identity names who runs now", () => {
  const record = auditRecord({ runId: "r", command: "task", trigger: "manual", exitCode: 0 }, {});
  const { user, computer } = auditIdentity();
  assert.equal(record.user, user);
  assert.equal(record.computer, computer);
});
