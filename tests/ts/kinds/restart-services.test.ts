import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Thumbprint } from "../../../ts-src/core/thumbprint.js";
import { BINDING_KINDS } from "../../../ts-src/kinds/registry.js";
import type { Host } from "../../../ts-src/platform/ports.js";
import type { ServiceControl, ServiceState } from "../../../ts-src/platform/service-ports.js";
import { SnapshotHost } from "../../../ts-src/platform/snapshot/snapshot-host.js";
import { runRebind } from "../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost } from "../support/host-builder.js";
import { fakeKind, type FakeListener } from "./fake-kind.js";

const NOW = new Date("2026-12-20T00:00:00Z");
const HOSTNAME = "www.contoso.com";

/**
 * A service manager whose service is `onNew` after a restart while a listener holds `newThumbprint` (running on the
 * old certificate); it notes what the listeners held at each restart.
 */
function fakeServices(listeners: readonly FakeListener[], newThumbprint: string, onNew: ServiceState) {
  const restarts: { name: string; timeoutMs: number; listeners: string[] }[] = [];
  const services: ServiceControl = {
    restartWrites: [],
    async query(name) {
      return { name, account: "LocalSystem", state: "running" };
    },
    async restart(name, timeoutMs) {
      restarts.push({ name, timeoutMs, listeners: listeners.map((l) => l.thumbprint) });
      return { name, account: "LocalSystem", state: listeners.some((l) => l.thumbprint === newThumbprint) ? onNew : "running" };
    },
  };
  return { services, restarts };
}

/** An HTTP.sys record of site Shop and two listeners of one service, all on `old`; `renewal` is there. */
async function setUp(comesBack: ServiceState = "running") {
  const { root, thumbprints } = buildHost({
    certs: { old: {}, renewal: { notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") } },
    records: [{ kind: "hostnameport", endpoint: `${HOSTNAME}:443`, cert: "old" }],
    sites: [{ name: "Shop", bindings: [["https", `*:443:${HOSTNAME}`, 1]] }],
  });
  const fake = fakeKind([
    { name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME] },
    { name: "Listener-2", thumbprint: thumbprints["old"]!, hostnames: [] },
  ]);
  const scm = fakeServices(fake.listeners, thumbprints["renewal"]!, comesBack);
  const host: Host = Object.create(await SnapshotHost.open(root), { services: { value: scm.services } });
  const rebind = (extra: { dryRun?: boolean; restartServices?: boolean }) =>
    runRebind(host, {
      dryRun: false, waitMs: 0, trigger: "manual", now: NOW, force: false, ...extra,
      old: thumbprints["old"] as Thumbprint, new: thumbprints["renewal"] as Thumbprint, kinds: [...BINDING_KINDS, fake.kind],
    });
  return { root, thumbprints, fake, scm, rebind };
}

test("without --restart-services the change stays restartRequired and a warning names the service to restart", async () => {
  const { scm, rebind } = await setUp();
  const result = await rebind({});
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.data.changes.filter((c) => c.kind === "fakelistener").map((c) => [c.status, c.restartRequired]), [["applied", true], ["applied", true]]);
  assert.deepEqual(
    result.warnings.filter((w) => w.includes("FakeSvc")),
    ["The new certificate takes effect only when the service FakeSvc starts again; until then it uses the old one. Restart them yourself, or rebind with --restart-services to have them restarted."],
  );
  assert.deepEqual(scm.restarts, []);
});

test("a dry run says which services the changes need restarted, unless --restart-services will restart them", async () => {
  const { rebind } = await setUp();
  const plain = await rebind({ dryRun: true });
  assert.match(plain.warnings.join("\n"), /The planned changes take effect only when the service FakeSvc starts again\. Restart them yourself, or rebind with --restart-services/);
  const restarting = await rebind({ dryRun: true, restartServices: true });
  assert.doesNotMatch(restarting.warnings.join("\n"), /FakeSvc/);
});

test("--restart-services restarts each service once, after every kind applied and read back, and waits for it", async () => {
  const { thumbprints, scm, rebind } = await setUp();
  const result = await rebind({ restartServices: true });
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  assert.deepEqual(scm.restarts, [{ name: "FakeSvc", timeoutMs: 120_000, listeners: [thumbprints["renewal"], thumbprints["renewal"]] }]);
  assert.deepEqual(result.data.changes.map((c) => [c.kind, c.status, c.restartRequired]), [
    ["hostnameport", "applied", undefined],
    ["fakelistener", "applied", false],
    ["fakelistener", "applied", false],
  ]);
  assert.doesNotMatch(result.warnings.join("\n"), /FakeSvc/);
});

test("a service that does not come back fails the run (CR4013, exit 4): every kind is rolled back and the service restarted on the old certificate", async () => {
  const { root, thumbprints, fake, scm, rebind } = await setUp("stopped");
  const before = readFileSync(join(root, "httpsys/sslcert.txt"));
  const result = await rebind({ restartServices: true });
  assert.equal(result.exitCode, 4);
  const run = result.errors.at(-1)!;
  assert.equal(run.code, "CR4013");
  assert.equal(run.target, "FakeSvc");
  assert.match(run.message, /The service FakeSvc did not come back after its restart: it is stopped 120 s after it was started\..* Everything the run had changed was restored, and the service restarted again on the old certificate\./);
  assert.deepEqual(result.data.changes.map((c) => [c.kind, c.status, c.code]), [
    ["hostnameport", "rolled-back", "CR1001"],
    ["fakelistener", "failed", "CR4013"],
    ["fakelistener", "failed", "CR4013"],
  ]);
  assert.deepEqual(readFileSync(join(root, "httpsys/sslcert.txt")), before, "the HTTP.sys record is back");
  assert.deepEqual(fake.listeners.map((l) => l.thumbprint), [thumbprints["old"], thumbprints["old"]]);
  assert.deepEqual(scm.restarts.map((r) => [r.name, r.listeners[0]]), [["FakeSvc", thumbprints["renewal"]], ["FakeSvc", thumbprints["old"]]], "restarted on the new, then again on the old certificate");
  const audit = readFileSync(join(root, "state/audit.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line)).at(-1);
  assert.equal(audit.restartServices, true);
  assert.equal(audit.exitCode, 4);
});

test("on a snapshot host the restart writes services/services.json, which the run journals first", async () => {
  const { root, thumbprints } = buildHost({
    certs: { old: {}, renewal: { notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") } },
    records: [],
  });
  mkdirSync(join(root, "services"));
  writeFileSync(join(root, "services/services.json"), JSON.stringify([{ Name: "FakeSvc", StartName: "LocalSystem", State: "Stopped" }], null, 2));
  const fake = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME] }]);
  const result = await runRebind(await SnapshotHost.open(root), {
    dryRun: false, waitMs: 0, trigger: "manual", now: NOW, force: false, restartServices: true,
    old: thumbprints["old"] as Thumbprint, new: thumbprints["renewal"] as Thumbprint, kinds: [...BINDING_KINDS, fake.kind],
  });
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  assert.equal(JSON.parse(readFileSync(join(root, "services/services.json"), "utf8"))[0].State, "Running");
  assert.deepEqual(readdirSync(join(root, "state/backups", result.data.runId)), ["fake-listeners.json", "services.json"]);
});
