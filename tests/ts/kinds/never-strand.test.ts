import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Thumbprint } from "../../../ts-src/core/thumbprint.js";
import { BINDING_KINDS } from "../../../ts-src/kinds/registry.js";
import { SnapshotHost } from "../../../ts-src/platform/snapshot/snapshot-host.js";
import { readHost, readInventory } from "../../../ts-src/providers/read-inventory.js";
import { runAutoRebind } from "../../../ts-src/providers/rebind/run-auto-rebind.js";
import { runRebind } from "../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost } from "../support/host-builder.js";
import { fakeKind } from "./fake-kind.js";

const NOW = new Date("2026-12-20T00:00:00Z");
const HOSTNAME = "www.contoso.com";

/** `old` expires in 12 days, `renewal` (same names, later) has arrived; `other` is what HTTP.sys is bound to. */
function host(recordCert: "old" | "other") {
  return buildHost({
    certs: {
      old: { notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2027-01-01T00:00:00Z") },
      renewal: { notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") },
      other: { dnsNames: ["other.contoso.com"], notBefore: new Date("2026-06-01T00:00:00Z"), notAfter: new Date("2028-01-01T00:00:00Z") },
    },
    records: [{ kind: "hostnameport", endpoint: `${HOSTNAME}:443`, cert: recordCert }],
    sites: [{ name: "Shop", bindings: [["https", `*:443:${HOSTNAME}`, 1]] }],
  });
}

const options = { dryRun: true, waitMs: 0, trigger: "manual", now: NOW, days: 30, force: false };

test("a certificate only a registered kind other than HTTP.sys and IIS uses is in use: bindings lists it with its certificate", async () => {
  const { root, thumbprints } = host("other");
  const snapshot = await SnapshotHost.open(root);
  const fake = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME] }]);
  const withFake = await readInventory(snapshot, NOW, await readHost(snapshot, [...BINDING_KINDS, fake.kind]));
  const onOld = withFake.bindings.filter((b) => b.thumbprint === thumbprints["old"]);
  assert.deepEqual(onOld.map((b) => [b.kind, b.endpoint, b.service, b.certificate?.thumbprint]), [["fakelistener", "Listener-1", "FakeSvc", thumbprints["old"]]]);
  const without = await readInventory(snapshot, NOW, await readHost(snapshot));
  assert.equal(without.bindings.filter((b) => b.thumbprint === thumbprints["old"]).length, 0, "without the kind nothing holds it");
});

test("the successor scan replaces a certificate that only another kind holds, and the rebind plans that kind's change", async () => {
  const { root, thumbprints } = host("other");
  const snapshot = await SnapshotHost.open(root);
  const fake = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME] }]);
  const scan = await runAutoRebind(snapshot, { ...options, kinds: [...BINDING_KINDS, fake.kind] });
  const successors = scan.data["successors"] as { thumbprint: string; successor: string | null }[];
  assert.deepEqual(successors.map((s) => [s.thumbprint, s.successor]), [[thumbprints["old"], thumbprints["renewal"]]]);
  assert.deepEqual(scan.data.changes.map((c) => [c.kind, c.endpoint, c.status, c.to, c.restartRequired]), [["fakelistener", "Listener-1", "planned", thumbprints["renewal"], true]]);
  const unaware = await runAutoRebind(snapshot, options);
  assert.deepEqual(unaware.data["successors"], [], "a scan that does not know the kind sees nothing expiring");
});

test("a self-selecting binding still holds its certificate: the scan finds its successor though nothing is moved", async () => {
  const { root, thumbprints } = host("other");
  const snapshot = await SnapshotHost.open(root);
  const fake = fakeKind([{ name: "Listener-T", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME], selection: "self-selecting" }]);
  const scan = await runAutoRebind(snapshot, { ...options, kinds: [...BINDING_KINDS, fake.kind] });
  assert.deepEqual((scan.data["successors"] as { thumbprint: string }[]).map((s) => s.thumbprint), [thumbprints["old"]]);
  assert.deepEqual(scan.data.changes, []);
});

test("a failure in any kind rolls back every kind of the run: the HTTP.sys record moved first is put back", async () => {
  const { root, thumbprints } = host("old");
  const before = readFileSync(join(root, "httpsys/sslcert.txt"));
  const snapshot = await SnapshotHost.open(root);
  const fake = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME] }], { failApply: true });
  const result = await runRebind(snapshot, {
    ...options,
    dryRun: false,
    old: thumbprints["old"] as Thumbprint,
    new: thumbprints["renewal"] as Thumbprint,
    kinds: [...BINDING_KINDS, fake.kind],
  });
  assert.equal(result.exitCode, 1, "a failed run whose changes were all undone");
  assert.equal(result.errors.at(-1)?.code, "CR1001");
  assert.deepEqual(result.data.changes.map((c) => [c.kind, c.status]), [["hostnameport", "rolled-back"], ["fakelistener", "failed"]]);
  assert.deepEqual(readFileSync(join(root, "httpsys/sslcert.txt")), before, "sslcert.txt is as before the run");
  assert.deepEqual(fake.writes, [`Listener-1=${thumbprints["renewal"]}`, "undone"]);
  assert.equal(fake.listeners[0]!.thumbprint, thumbprints["old"]);
});
