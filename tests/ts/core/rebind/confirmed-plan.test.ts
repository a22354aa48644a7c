import { test } from "node:test";
import assert from "node:assert/strict";
import { holdToConfirmedPlan, parseConfirmedPlan } from "../../../../ts-src/providers/rebind/confirmed-plan.js";
import type { ChangeView, PlannedChange, RebindPlan } from "../../../../ts-src/core/rebind/plan.js";

const OLD = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const NEW = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";

function change(endpoint: string, sites: string[], metabase: ChangeView["metabase"] = []): PlannedChange {
  const view: ChangeView = {
    kind: "ipport", endpoint, sites, hostnames: [], from: OLD, to: NEW, storeName: { from: "My", to: "My" },
    status: "planned", code: null, reason: null, kept: [], notes: [], metabase,
  };
  return { view, target: { type: "ftp", site: null } };
}

test("a site's metabase entry does not move when another target of that site is declined: that target is refused with CR3010", () => {
  const entry = { key: "LM/W3SVC/1", site: "Shop", property: 5506 as const, from: OLD, to: NEW };
  const plan: RebindPlan = { changes: [change("10.0.0.10:443", ["Shop"]), change("0.0.0.0:443", ["Shop"], [entry]), change("[::]:443", ["Other"])], informational: [] };
  const confirmed = parseConfirmedPlan(
    JSON.stringify({ changes: plan.changes.map((c) => ({ ...c.view, approved: c.view.endpoint !== "10.0.0.10:443" })) }),
    "on standard input",
  );
  const errors = holdToConfirmedPlan(plan, confirmed);
  assert.deepEqual(errors, []);
  assert.deepEqual(plan.changes.map((c) => [c.view.endpoint, c.view.status, c.view.code]), [
    ["10.0.0.10:443", "skipped", null],
    ["0.0.0.0:443", "refused", "CR3010"],
    ["[::]:443", "planned", null],
  ]);
  assert.deepEqual(plan.changes[1]!.view.metabase, [], "the entry stays as it is");
  assert.match(plan.changes[1]!.view.reason!, /10\.0\.0\.10:443 is left alone \(not approved\)/);
});

test("thumbprints of the plan are normalised, and entries that are not planned changes are ignored", () => {
  const confirmed = parseConfirmedPlan(
    JSON.stringify({
      changes: [
        { kind: "ipport", endpoint: "0.0.0.0:443", from: OLD.toLowerCase(), to: NEW.match(/../g)!.join(" "), status: "planned" },
        { kind: "ccs", endpoint: "443", status: "unchanged" },
      ],
    }),
    "x",
  );
  assert.deepEqual(confirmed, { approved: [{ kind: "ipport", endpoint: "0.0.0.0:443", site: null, from: OLD, to: NEW }], declined: [] });
});
