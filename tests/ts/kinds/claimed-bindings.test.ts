import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChangeView, PlannedChange } from "../../../ts-src/core/rebind/plan.js";
import type { Thumbprint } from "../../../ts-src/core/thumbprint.js";
import { leaveClaimedToTheirService } from "../../../ts-src/providers/rebind/claimed-bindings.js";
import { BINDING_KINDS } from "../../../ts-src/kinds/registry.js";
import { SnapshotHost } from "../../../ts-src/platform/snapshot/snapshot-host.js";
import { runRebind } from "../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost } from "../support/host-builder.js";
import { fakeKind } from "./fake-kind.js";

const NOW = new Date("2026-12-20T00:00:00Z");
const HOSTNAME = "www.contoso.com";

/** An HTTP.sys record and a fake service's listener, both on `old`; the fake kind claims the record when `claims`. */
async function rebindWith(claims: boolean) {
  const { root, thumbprints } = buildHost({
    certs: { old: {}, renewal: { notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") } },
    records: [{ kind: "hostnameport", endpoint: `${HOSTNAME}:443`, cert: "old" }],
    sites: [{ name: "Shop", bindings: [["https", `*:443:${HOSTNAME}`, 1]] }],
  });
  const fake = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME] }]);
  const kind = claims ? { ...fake.kind, claims: () => [{ kind: "hostnameport", endpoint: `${HOSTNAME.toUpperCase()}:443`, by: "the fake listener Listener-1", claimant: { kind: "fakelistener", endpoint: "Listener-1" } }] } : fake.kind;
  const result = await runRebind(await SnapshotHost.open(root), {
    dryRun: false, waitMs: 0, trigger: "manual", now: NOW, force: false,
    old: thumbprints["old"] as Thumbprint, new: thumbprints["renewal"] as Thumbprint, kinds: [...BINDING_KINDS, kind],
  });
  const records = readFileSync(join(root, "httpsys", "sslcert.txt"), "utf8");
  return { result, records, thumbprints, fake };
}

test("a binding another kind's service rewrites itself is left to that kind: informational CR3017, never written here", async () => {
  const { result, records, thumbprints, fake } = await rebindWith(true);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.data.changes.map((c) => [c.kind, c.endpoint, c.status]), [["fakelistener", "Listener-1", "applied"]]);
  const info = result.data.informational.find((i) => i.endpoint === `${HOSTNAME}:443`);
  assert.equal(info?.code, "CR3017");
  assert.match(info!.reason, /the fake listener Listener-1/);
  assert.match(records, new RegExp(thumbprints["old"]!, "i"), "the claimed record still holds the old certificate");
  assert.doesNotMatch(records, new RegExp(thumbprints["renewal"]!, "i"));
  assert.equal(fake.listeners[0]!.thumbprint, thumbprints["renewal"]);
});

test("without the claim the same record is changed as any HTTP.sys record", async () => {
  const { result } = await rebindWith(false);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.data.changes.map((c) => [c.kind, c.status]).sort(), [["fakelistener", "applied"], ["hostnameport", "applied"]]);
  assert.equal(result.data.informational.length, 0);
});

/** A change view as the kinds plan one; `extra` overrides. */
function view(kind: string, endpoint: string, extra: Partial<ChangeView> = {}): PlannedChange {
  return {
    view: {
      kind, endpoint, sites: [], hostnames: [], from: "A".repeat(40), to: "B".repeat(40), storeName: { from: "My", to: "My" },
      status: "planned", code: null, reason: null, kept: [], notes: [], metabase: [], ...extra,
    },
    target: null,
  };
}

const CLAIM = { kind: "ipport", endpoint: "0.0.0.0:443", by: "the gateway", claimant: { kind: "gateway", endpoint: "GW" } };

test("the claimant is refused with the claimed binding's own refusal: its checks still hold", () => {
  const refusedRecord = view("ipport", "0.0.0.0:443", { status: "refused", code: "CR3005", reason: "legacy.contoso.com is not on the new certificate." });
  const { changes, informational } = leaveClaimedToTheirService([refusedRecord, view("gateway", "GW")], [CLAIM]);
  assert.deepEqual(informational.map((i) => [i.endpoint, i.code]), [["0.0.0.0:443", "CR3017"]]);
  assert.deepEqual(changes.map((c) => [c.view.endpoint, c.view.status, c.view.code]), [["GW", "refused", "CR3005"]]);
  assert.match(changes[0]!.view.reason!, /ipport binding 0\.0\.0\.0:443.*legacy\.contoso\.com/);
});

test("the claimant is refused (CR3010) when the claimed record's sites have IIS 6 metabase entries that would stay behind", () => {
  const metabase = [{ key: "LM/W3SVC/1", site: "Default Web Site", property: 5506 as const, from: "A".repeat(40), to: "B".repeat(40) }];
  const { changes } = leaveClaimedToTheirService([view("ipport", "0.0.0.0:443", { metabase }), view("gateway", "GW")], [CLAIM]);
  assert.deepEqual(changes.map((c) => [c.view.endpoint, c.view.status, c.view.code]), [["GW", "refused", "CR3010"]]);
  assert.match(changes[0]!.view.reason!, /Default Web Site/);
});

test("a claimed record left unread by its owner (CR3007) or planned cleanly does not refuse the claimant", () => {
  for (const record of [view("ipport", "0.0.0.0:443"), view("ipport", "0.0.0.0:443", { status: "refused", code: "CR3007", reason: "owner unread" })]) {
    const { changes } = leaveClaimedToTheirService([record, view("gateway", "GW")], [CLAIM]);
    assert.deepEqual(changes.map((c) => [c.view.endpoint, c.view.status]), [["GW", "planned"]]);
  }
});
