import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { BINDING_KINDS, KIND_SNAPSHOT_FILES } from "../../../../ts-src/kinds/registry.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { runRebind } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost } from "../../support/host-builder.js";
import { fakeKind } from "../fake-kind.js";
import { addGateway, gatewayThumbprint } from "./gateway-host.js";

const NOW = new Date("2026-12-20T00:00:00Z");
const HOSTNAME = "gateway.contoso.com";
const read = (p: string) => readFileSync(p, "utf8");

/** A gateway on `old`, its 0.0.0.0:443 record on `old`, and an SNI record of an IIS site on `old` too. */
function gatewayHost(options: { renewalStore?: string } = {}) {
  const built = buildHost({
    certs: {
      old: { dnsNames: [HOSTNAME, "www.contoso.com"] },
      renewal: { dnsNames: [HOSTNAME, "www.contoso.com"], notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z"), ...(options.renewalStore ? { store: options.renewalStore } : {}) },
    },
    records: [
      { kind: "ipport", endpoint: "0.0.0.0:443", cert: "old" },
      { kind: "hostnameport", endpoint: "www.contoso.com:443", cert: "old" },
    ],
    sites: [{ name: "Shop", bindings: [["https", "*:443:www.contoso.com", 1]] }],
  });
  const settings = addGateway(built.root, built.thumbprints["old"]!);
  return { ...built, settings };
}

async function rebind(root: string, thumbprints: Record<string, string>, extra: { dryRun?: boolean; kinds?: typeof BINDING_KINDS } = {}) {
  return runRebind(await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES), {
    dryRun: extra.dryRun ?? false, waitMs: 0, trigger: "manual", now: NOW, force: false,
    old: thumbprints["old"] as Thumbprint, new: thumbprints["renewal"] as Thumbprint, kinds: extra.kinds ?? BINDING_KINDS,
  });
}

test("a dry run lists the gateway with its service and pending restart; its 0.0.0.0:443 record is left to it (CR3017)", async () => {
  const { root, thumbprints, settings } = gatewayHost();
  const before = readFileSync(settings);
  const result = await rebind(root, thumbprints, { dryRun: true });
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  const gateway = result.data.changes.find((c) => c.kind === "rdgateway");
  assert.deepEqual([gateway?.endpoint, gateway?.status, gateway?.service, gateway?.restartRequired], ["TSGateway", "planned", "TSGateway", true]);
  assert.deepEqual(result.data.changes.map((c) => c.endpoint).sort(), ["TSGateway", "www.contoso.com:443"]);
  const claimed = result.data.informational.find((i) => i.endpoint === "0.0.0.0:443");
  assert.equal(claimed?.code, "CR3017");
  assert.match(claimed!.reason, /RD Gateway/);
  assert.deepEqual(readFileSync(settings), before);
});

test("a rebind moves the gateway and, playing its service's part, its HTTP.sys record; every other byte of the file is kept", async () => {
  const { root, thumbprints, settings } = gatewayHost();
  const before = read(settings);
  const result = await rebind(root, thumbprints);
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  assert.deepEqual(result.data.changes.map((c) => [c.kind, c.endpoint, c.status]).sort(), [["hostnameport", "www.contoso.com:443", "applied"], ["rdgateway", "TSGateway", "applied"]]);
  assert.equal(gatewayThumbprint(settings, read), thumbprints["renewal"]);
  const after = read(settings);
  assert.equal(after.replace(/"CertHash":  \[[^\]]*\]/, ""), before.replace(/"CertHash":  \[[^\]]*\]/, ""), "only CertHash changed");
  const records = read(join(root, "httpsys/sslcert.txt")).toUpperCase();
  assert.doesNotMatch(records, new RegExp(thumbprints["old"]!), "both records moved: the site's by HTTP.sys's kind, 0.0.0.0:443 with the gateway");
});

test("a failure in another kind rolls the gateway and its record back byte for byte", async () => {
  const { root, thumbprints, settings } = gatewayHost();
  const settingsBefore = readFileSync(settings);
  const recordsBefore = readFileSync(join(root, "httpsys/sslcert.txt"));
  const fake = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME] }], { failApply: true });
  const result = await rebind(root, thumbprints, { kinds: [...BINDING_KINDS, fake.kind] });
  assert.equal(result.exitCode, 1);
  assert.equal(result.errors.at(-1)?.code, "CR1001");
  assert.equal(result.data.changes.find((c) => c.kind === "rdgateway")?.status, "rolled-back");
  assert.deepEqual(readFileSync(settings), settingsBefore, "settings.json as before the run");
  assert.deepEqual(readFileSync(join(root, "httpsys/sslcert.txt")), recordsBefore, "sslcert.txt as before the run");
});

test("a new certificate that is not in LocalMachine\\My: the gateway is refused (CR3015), its record not moved", async () => {
  const { root, thumbprints, settings } = gatewayHost({ renewalStore: "WebHosting" });
  const before = readFileSync(settings);
  const result = await rebind(root, thumbprints, { dryRun: true });
  const gateway = result.data.changes.find((c) => c.kind === "rdgateway");
  assert.equal(gateway?.status, "refused");
  assert.equal(gateway?.code, "CR3015");
  assert.match(gateway!.reason!, /LocalMachine\\My/);
  assert.equal(result.data.informational.find((i) => i.endpoint === "0.0.0.0:443")?.code, "CR3017");
  assert.deepEqual(readFileSync(settings), before);
});

test("a host without rdgateway/settings.json has no gateway: nothing about it in the plan or the warnings", async () => {
  const { root, thumbprints } = buildHost({
    certs: { old: {}, renewal: { notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") } },
    records: [{ kind: "ipport", endpoint: "0.0.0.0:443", cert: "old" }],
  });
  const result = await rebind(root, thumbprints, { dryRun: true });
  assert.deepEqual(result.data.changes.map((c) => [c.kind, c.endpoint]), [["ipport", "0.0.0.0:443"]]);
  assert.deepEqual(result.data.informational, []);
  assert.doesNotMatch(JSON.stringify(result), /TSGateway|RD Gateway/);
});

test("--restart-services restarts TSGateway after the gateway moved, and the change is no longer pending", async () => {
  const { root, thumbprints } = gatewayHost();
  mkdirSync(join(root, "services"), { recursive: true });
  writeFileSync(join(root, "services/services.json"), `[{ "Name": "TSGateway", "StartName": "NT AUTHORITY\\\\NetworkService", "State": "Stopped" }]`);
  const result = await runRebind(await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES), {
    dryRun: false, waitMs: 0, trigger: "manual", now: NOW, force: false, restartServices: true,
    old: thumbprints["old"] as Thumbprint, new: thumbprints["renewal"] as Thumbprint, kinds: BINDING_KINDS,
  });
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  const gateway = result.data.changes.find((c) => c.kind === "rdgateway");
  assert.deepEqual([gateway?.status, gateway?.restartRequired], ["applied", false]);
  assert.match(readFileSync(join(root, "services/services.json"), "utf8"), /"State": "Running"/, "TSGateway was started");
});
