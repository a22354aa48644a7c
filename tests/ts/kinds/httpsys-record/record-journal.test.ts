import { test } from "node:test";
import assert from "node:assert/strict";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import type { KindContext } from "../../../../ts-src/kinds/binding-kind.js";
import { recordJournal } from "../../../../ts-src/kinds/httpsys-record/journal.js";

/*
 * The journal of HTTP.sys records where they are not a file (Windows): the backup is every record as read; recovery
 * checks the endpoints the run wrote and puts back those that still hold what it wrote.
 */

const A = "A".repeat(40);
const B = "B".repeat(40);
const C = "C".repeat(40);
const record = (kind: HttpSysRecord["kind"], endpoint: string, thumbprint: string): HttpSysRecord => ({ kind, endpoint, thumbprint, appId: null, storeName: "MY", settings: null });

function contextWith(now: HttpSysRecord[], restored: HttpSysRecord[][] = []): KindContext {
  const httpSys = { recordFiles: [], readRecords: async () => now, restoreRecords: async (records: HttpSysRecord[]) => void restored.push(records) };
  return { host: { httpSys } } as unknown as KindContext;
}

test("check: each endpoint written is as before the run, as the run wrote it, or changed since; the first record of an endpoint counts", async () => {
  const backup = JSON.stringify([record("ipport", "0.0.0.0:443", A), record("hostnameport", "www:443", A), record("scopedccs", "www:443", C), record("ipport", "10.0.0.1:443", A)]);
  const now = [record("ipport", "0.0.0.0:443", B), record("hostnameport", "www:443", A.toLowerCase()), record("ipport", "10.0.0.1:443", C)];
  const checks = await recordJournal.check(contextWith(now), backup, { "0.0.0.0:443": B, "www:443": B, "10.0.0.1:443": B, "gone:443": B });
  assert.deepEqual(
    checks.map((c) => [c.endpoint, c.prior, c.current, c.state]),
    [
      ["0.0.0.0:443", A, B, "written"],
      ["www:443", A, A.toLowerCase(), "prior"],
      ["10.0.0.1:443", A, C, "changed"],
    ],
  );
});

test("restore: the backed-up records of the endpoints given, in the backup's order, and only those", async () => {
  const backup = JSON.stringify(Array.from({ length: 5000 }, (_, i) => record("hostnameport", `site${i}.example:443`, A)));
  const endpoints = Array.from({ length: 2500 }, (_, i) => `site${2 * i + 1}.example:443`).reverse();
  const restored: HttpSysRecord[][] = [];
  const put = await recordJournal.restore(contextWith([], restored), backup, endpoints);
  assert.equal(put.length, 2500);
  assert.equal(put[0], "site1.example:443");
  assert.deepEqual(restored[0]!.map((r) => r.endpoint), put);
  assert.deepEqual(await recordJournal.restore(contextWith([], restored), backup, ["nowhere:443"]), []);
  assert.equal(restored.length, 1, "nothing to put back: no call");
});
