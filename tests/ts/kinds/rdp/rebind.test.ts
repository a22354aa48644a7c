import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import type { AnyBindingKind } from "../../../../ts-src/kinds/binding-kind.js";
import { LISTENERS_FILE } from "../../../../ts-src/kinds/rdp/snapshot.js";
import { BINDING_KINDS, KIND_SNAPSHOT_FILES } from "../../../../ts-src/kinds/registry.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { readInventory } from "../../../../ts-src/providers/read-inventory.js";
import { runRebind } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost } from "../../support/host-builder.js";
import { fakeKind } from "../fake-kind.js";

const NOW = new Date("2026-12-20T00:00:00Z");
const HOSTNAME = "www.contoso.com";
const NETWORK_SERVICE = "NT AUTHORITY\\NETWORK SERVICE";

/**
 * A snapshot host with an HTTP.sys record and two RDP listeners on `old`: RDP-Tcp pinned (type 3), RDP-Tcp-3390 chosen
 * by the group policy's template (type 2). The renewal is in `renewalStore`, with its sidecar (`sidecar`: its text).
 */
function host(options: { renewalStore?: string; sidecar?: string | null } = {}) {
  const store = options.renewalStore ?? "My";
  const { root, thumbprints } = buildHost({
    certs: { old: { dnsNames: [HOSTNAME] }, renewal: { dnsNames: [HOSTNAME], notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z"), store } },
    records: [{ kind: "hostnameport", endpoint: `${HOSTNAME}:443`, cert: "old" }],
    sites: [{ name: "Shop", bindings: [["https", `*:443:${HOSTNAME}`, 1]] }],
  });
  const sidecar = options.sidecar === undefined ? "{}\r\n" : options.sidecar;
  if (sidecar !== null) writeFileSync(join(root, "certs", store, "renewal.json"), sidecar);
  mkdirSync(join(root, "rdp"));
  const listeners = `[{"TerminalName":"RDP-Tcp","SSLCertificateSHA1Hash":"${thumbprints["old"]}","SSLCertificateSHA1HashType":3},{"TerminalName":"RDP-Tcp-3390","SSLCertificateSHA1Hash":"${thumbprints["old"]}","SSLCertificateSHA1HashType":2}]`;
  writeFileSync(join(root, LISTENERS_FILE), listeners);
  const files = () => ({
    listeners: readFileSync(join(root, LISTENERS_FILE), "utf8"),
    records: readFileSync(join(root, "httpsys", "sslcert.txt"), "utf8"),
    sidecar: existsSync(join(root, "certs", store, "renewal.json")) ? readFileSync(join(root, "certs", store, "renewal.json"), "utf8") : null,
  });
  return { root, thumbprints, files, store };
}

async function rebind(root: string, thumbprints: Record<string, string>, dryRun: boolean, kinds: readonly AnyBindingKind[] = BINDING_KINDS) {
  return runRebind(await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES), {
    dryRun, waitMs: 0, trigger: "manual", now: NOW, force: false,
    old: thumbprints["old"] as Thumbprint, new: thumbprints["renewal"] as Thumbprint, kinds,
  });
}

test("one rebind moves the pinned RDP listener with the HTTP.sys record, gives NETWORK SERVICE read access to the new key, and leaves the template-selected listener (CR3012)", async () => {
  const { root, thumbprints, files } = host();
  const before = files();
  const result = await rebind(root, thumbprints, false);
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  const rdp = result.data.changes.find((c) => c.kind === "rdp");
  assert.deepEqual(result.data.changes.map((c) => [c.kind, c.endpoint, c.status]), [["hostnameport", `${HOSTNAME}:443`, "applied"], ["rdp", "RDP-Tcp", "applied"]]);
  assert.deepEqual({ service: rdp?.service, restartRequired: rdp?.restartRequired, keyAccess: rdp?.keyAccess }, { service: "TermService", restartRequired: false, keyAccess: [{ account: NETWORK_SERVICE, status: "granted" }] });
  assert.deepEqual(result.data.informational.map((i) => [i.kind, i.endpoint, i.code]), [["rdp", "RDP-Tcp-3390", "CR3012"]]);
  const after = files();
  assert.equal(after.listeners, before.listeners.replace(thumbprints["old"]!, thumbprints["renewal"]!), "RDP-Tcp moved, RDP-Tcp-3390 kept, every other byte as it was");
  assert.match(after.records, new RegExp(thumbprints["renewal"]!, "i"));
  assert.deepEqual(JSON.parse(after.sidecar!).keyReaders, [NETWORK_SERVICE]);
  assert.deepEqual(result.warnings, [], "no restart is pending: none is documented for the listener");
  // Run again: already there, and NETWORK SERVICE already reads the key.
  const again = await rebind(root, thumbprints, true);
  assert.deepEqual(again.data.changes.filter((c) => c.kind === "rdp").map((c) => [c.endpoint, c.status]), [["RDP-Tcp", "unchanged"]]);
});

test("a dry run lists the listener with the key access it needs (grant) and writes nothing", async () => {
  const { root, thumbprints, files } = host();
  const before = files();
  const result = await rebind(root, thumbprints, true);
  const rdp = result.data.changes.find((c) => c.kind === "rdp");
  assert.deepEqual([rdp?.status, rdp?.keyAccess], ["planned", [{ account: NETWORK_SERVICE, status: "grant" }]]);
  assert.deepEqual(files(), before);
  writeFileSync(join(root, "certs", "My", "renewal.json"), `{ "keyReaders": ["NT AUTHORITY\\\\NetworkService"] }`);
  const has = (await rebind(root, thumbprints, true)).data.changes.find((c) => c.kind === "rdp");
  assert.deepEqual(has?.keyAccess, [{ account: NETWORK_SERVICE, status: "has" }]);
});

test("another kind failing rolls the listener, its key grant and the HTTP.sys record back, byte for byte", async () => {
  const { root, thumbprints, files } = host();
  const before = files();
  const failing = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [HOSTNAME] }], { failApply: true });
  const result = await rebind(root, thumbprints, false, [...BINDING_KINDS, failing.kind]);
  assert.notEqual(result.exitCode, 0);
  assert.ok(result.errors.some((e) => e.code === "CR1001"), JSON.stringify(result.errors));
  assert.deepEqual(files(), before);
});

test("a key that cannot be granted (no sidecar to hold the readers on a snapshot host) fails the run before the listener changes, and nothing stays changed", async () => {
  const { root, thumbprints, files } = host({ sidecar: null });
  const before = files();
  const result = await rebind(root, thumbprints, false);
  assert.notEqual(result.exitCode, 0);
  assert.ok(result.errors.some((e) => e.target === "RDP-Tcp" && e.message.includes(`${NETWORK_SERVICE} could not be given read access to the private key of Cert:\\LocalMachine\\My\\${thumbprints["renewal"]}`)), JSON.stringify(result.errors));
  assert.deepEqual(result.data.changes.map((c) => [c.endpoint, c.status]), [[`${HOSTNAME}:443`, "rolled-back"], ["RDP-Tcp", "failed"]]);
  assert.deepEqual(files(), before);
});

test("CR3014 when the new certificate is only in another store: the listener is refused, the record still moves", async () => {
  const { root, thumbprints, files } = host({ renewalStore: "WebHosting" });
  const before = files();
  const result = await rebind(root, thumbprints, false);
  const rdp = result.data.changes.find((c) => c.kind === "rdp");
  assert.deepEqual([rdp?.status, rdp?.code], ["refused", "CR3014"]);
  assert.ok(result.errors.some((e) => e.code === "CR3014" && e.target === "RDP-Tcp"));
  assert.equal(files().listeners, before.listeners);
});

test("bindings: every listener counts, pinned or not, so the old certificate is never called unused", async () => {
  const { root, thumbprints } = host();
  const inventory = await readInventory(await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES), NOW);
  const rdp = inventory.bindings.filter((b) => b.kind === "rdp");
  assert.deepEqual(rdp.map((b) => [b.endpoint, b.thumbprint, b.storeName, b.owner, b.service]), [
    ["RDP-Tcp", thumbprints["old"], "My", "Remote Desktop", "TermService"],
    ["RDP-Tcp-3390", thumbprints["old"], "My", "Remote Desktop", "TermService"],
  ]);
  assert.equal(rdp[0]!.certificate?.thumbprint, thumbprints["old"]);
});
