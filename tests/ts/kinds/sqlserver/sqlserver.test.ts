import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import type { KindContext } from "../../../../ts-src/kinds/binding-kind.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { BINDING_KINDS, KIND_SNAPSHOT_FILES } from "../../../../ts-src/kinds/registry.js";
import { sqlPart } from "../../../../ts-src/kinds/sqlserver/capture.js";
import { sqlServerKind } from "../../../../ts-src/kinds/sqlserver/index.js";
import type { SqlState } from "../../../../ts-src/kinds/sqlserver/model.js";
import type { Host } from "../../../../ts-src/platform/ports.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { WindowsHost } from "../../../../ts-src/platform/windows/windows-host.js";
import { captureHost } from "../../../../ts-src/providers/capture/capture-host.js";
import { snapshotSource, type CaptureSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { noRedaction } from "../../../../ts-src/providers/capture/redaction.js";
import { recoverBeforeCommand } from "../../../../ts-src/providers/journal/recover-interrupted-run.js";
import { openJournal } from "../../../../ts-src/providers/journal/run-journal.js";
import { readInventory } from "../../../../ts-src/providers/read-inventory.js";
import { runAutoRebind } from "../../../../ts-src/providers/rebind/run-auto-rebind.js";
import { runRebind } from "../../../../ts-src/providers/rebind/run-rebind.js";
import type { RebindOutcome } from "../../../../ts-src/providers/rebind/rebind-outcome.js";
import { FakeRegistry } from "../../support/fake-registry.js";
import { buildHost } from "../../support/host-builder.js";
import { hostFiles, testDir } from "../../support/snapshot.js";
import { fakeKind } from "../fake-kind.js";

const NOW = new Date("2026-12-20T00:00:00Z");
const HOSTNAME = "www.contoso.com";
const SQL = "SOFTWARE\\Microsoft\\Microsoft SQL Server";
const NAMES = `${SQL}\\Instance Names\\SQL`;
const netLib = (id: string) => `${SQL}\\${id}\\MSSQLServer\\SuperSocketNetLib`;

/** The new certificate as the stores give it: valid at NOW, no EKU extension (every purpose), with its key. */
const newCert = (thumbprint: string, store = "MY") =>
  ({ thumbprint, store, hasPrivateKey: true, notBefore: new Date("2026-01-01"), notAfter: new Date("2027-01-01"), dnsNames: [], ekus: null }) as never;

const instancesJson = (instances: { name: string; id: string; certificate: string }[]) => `{\r\n  "instances": ${JSON.stringify(instances, null, 4).replace(/\n/g, "\r\n")}\r\n}\r\n`;

/**
 * A snapshot host with an HTTP.sys record, two instances on `old` (the default one, whose service runs as its
 * service SID, and SQLEXPRESS as a domain account) and one without a certificate; `renewal` has a sidecar the grants edit.
 */
async function setUp(options: { services?: unknown; renewalKey?: boolean } = {}) {
  const { root, thumbprints } = buildHost({
    certs: { old: { notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2027-01-01T00:00:00Z") }, renewal: { key: options.renewalKey ?? true, notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") } },
    records: [{ kind: "hostnameport", endpoint: `${HOSTNAME}:443`, cert: "old" }],
    sites: [{ name: "Shop", bindings: [["https", `*:443:${HOSTNAME}`, 1]] }],
  });
  const old = thumbprints["old"]!.toLowerCase();
  writeFileSync(join(root, "certs", "My", "renewal.json"), "{}\r\n");
  const files = {
    instances: join(root, "sqlserver", "instances.json"),
    services: join(root, "services", "services.json"),
    renewalSidecar: join(root, "certs", "My", "renewal.json"),
  };
  mkdirSync(join(root, "sqlserver"), { recursive: true });
  mkdirSync(join(root, "services"), { recursive: true });
  writeFileSync(
    files.instances,
    instancesJson([
      { name: "MSSQLSERVER", id: "MSSQL16.MSSQLSERVER", certificate: old },
      { name: "SQLEXPRESS", id: "MSSQL15.SQLEXPRESS", certificate: old },
      { name: "REPORTS", id: "MSSQL16.REPORTS", certificate: "" },
    ]),
  );
  writeFileSync(
    files.services,
    JSON.stringify(
      options.services ?? [
        { Name: "MSSQLSERVER", StartName: "NT Service\\MSSQLSERVER", State: "Running" },
        { Name: "MSSQL$SQLEXPRESS", StartName: "CONTOSO\\sqlsvc", State: "Running" },
        { Name: "MSSQL$REPORTS", StartName: "NT Service\\MSSQL$REPORTS", State: "Running" },
      ],
      null,
      2,
    ),
  );
  const host = await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES);
  const rebind = (extra: { dryRun?: boolean; restartServices?: boolean; kinds?: typeof BINDING_KINDS } = {}) =>
    runRebind(host, {
      dryRun: false, waitMs: 0, trigger: "manual", now: NOW, force: false, kinds: BINDING_KINDS, ...extra,
      old: thumbprints["old"] as Thumbprint, new: thumbprints["renewal"] as Thumbprint,
    });
  return { root, host, thumbprints, files, rebind };
}

const sqlChanges = (result: RebindOutcome) => result.data.changes.filter((c) => c.kind === "sqlserver");

test("bindings: each instance with a certificate is a pinned sqlserver binding with its service; one without is self-selecting with none", async () => {
  const { host, thumbprints } = await setUp();
  const state = (await sqlServerKind.read(newKindContext(host))) as SqlState;
  const { bindings, warnings } = sqlServerKind.inventory(state);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    bindings.map((b) => [b.kind, b.endpoint, b.thumbprint, b.storeName, b.selection, b.service, b.owner]),
    [
      ["sqlserver", "MSSQLSERVER", thumbprints["old"], "MY", "pinned", "MSSQLSERVER", "SQL Server"],
      ["sqlserver", "SQLEXPRESS", thumbprints["old"], "MY", "pinned", "MSSQL$SQLEXPRESS", "SQL Server"],
      ["sqlserver", "REPORTS", null, null, "self-selecting", "MSSQL$REPORTS", "SQL Server"],
    ],
  );
});

test("bindings lists each instance with its certificate, and the successor scan plans the instances onto the renewal (never strand a service)", async () => {
  const { host, thumbprints } = await setUp();
  const inventory = await readInventory(host, NOW);
  assert.deepEqual(
    inventory.bindings.filter((b) => b.kind === "sqlserver").map((b) => [b.endpoint, b.service, b.certificate?.thumbprint ?? null]),
    [["MSSQLSERVER", "MSSQLSERVER", thumbprints["old"]], ["SQLEXPRESS", "MSSQL$SQLEXPRESS", thumbprints["old"]], ["REPORTS", "MSSQL$REPORTS", null]],
  );
  const scan = await runAutoRebind(host, { dryRun: true, waitMs: 0, trigger: "manual", now: NOW, days: 30, force: false });
  assert.deepEqual((scan.data["successors"] as { thumbprint: string; successor: string | null }[]).map((s) => [s.thumbprint, s.successor]), [[thumbprints["old"], thumbprints["renewal"]]]);
  assert.deepEqual(scan.data.changes.filter((c) => c.kind === "sqlserver").map((c) => [c.endpoint, c.status, c.to, c.restartRequired]), [
    ["MSSQLSERVER", "planned", thumbprints["renewal"], true],
    ["SQLEXPRESS", "planned", thumbprints["renewal"], true],
  ]);
});

test("a host without sqlserver/instances.json (or opened without the kind's files) has no SQL Server: the kind reads as absent", async () => {
  const { root } = buildHost({ certs: {}, records: [] });
  assert.equal(await sqlServerKind.read(newKindContext(await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES))), null);
  const { root: withFile } = await setUp();
  assert.equal(await sqlServerKind.read(newKindContext(await SnapshotHost.open(withFile))), null);
});

test("a malformed instances.json is CR2003 naming the entry", async () => {
  const { root, host } = await setUp();
  writeFileSync(join(root, "sqlserver", "instances.json"), '{ "instances": [ { "name": "MSSQLSERVER", "id": "MSSQL16.MSSQLSERVER" } ] }');
  await assert.rejects(sqlServerKind.read(newKindContext(host)), (e: Error & { code?: string }) => e.code === "CR2003" && /instance 1: "certificate" must be a string/.test(e.message));
});

test("dry run: both instances planned with their service, restartRequired and key access (the service SID has it through the account, the domain account and the SID need a grant)", async () => {
  const { rebind, root } = await setUp();
  const before = hostFiles(root);
  const result = await rebind({ dryRun: true });
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  assert.deepEqual(
    sqlChanges(result).map((c) => [c.endpoint, c.status, c.service, c.restartRequired, c.keyAccess]),
    [
      ["MSSQLSERVER", "planned", "MSSQLSERVER", true, [{ account: "NT Service\\MSSQLSERVER", status: "grant" }]],
      ["SQLEXPRESS", "planned", "MSSQL$SQLEXPRESS", true, [{ account: "CONTOSO\\sqlsvc", status: "grant" }, { account: "NT SERVICE\\MSSQL$SQLEXPRESS", status: "grant" }]],
    ],
  );
  assert.match(result.warnings.join("\n"), /take effect only when the services? .*MSSQL\$SQLEXPRESS/);
  assert.deepEqual(hostFiles(root), before, "a dry run writes nothing");
});

test("an account that already reads the key is `has`; a new certificate without a private key is refused by validation (CR3001) before any key access is asked", async () => {
  const withReader = await setUp();
  writeFileSync(withReader.files.renewalSidecar, JSON.stringify({ keyReaders: ["NT SERVICE\\MSSQLSERVER"] }));
  const has = await withReader.rebind({ dryRun: true });
  assert.deepEqual(sqlChanges(has)[0]!.keyAccess, [{ account: "NT Service\\MSSQLSERVER", status: "has" }]);

  const noKey = await setUp({ renewalKey: false });
  writeFileSync(noKey.files.renewalSidecar, JSON.stringify({ hasPrivateKey: false }));
  const result = await noKey.rebind({ dryRun: true });
  assert.deepEqual(sqlChanges(result).map((c) => [c.status, c.code, c.keyAccess]), [["refused", "CR3001", undefined], ["refused", "CR3001", undefined]]);
});

test("assess: a key that cannot be told (canRead null: no private key, a key that does not open) refuses the change, CR3013 naming each account", async () => {
  const old = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
  const host = windowsHost(windowsRegistry(old), { MSSQLSERVER: "CONTOSO\\sqlsvc" });
  const unknownKey = Object.create(host, { keys: { value: { canRead: async () => null } } }) as Host;
  const state = (await sqlServerKind.read(newKindContext(unknownKey))) as SqlState;
  const plan = sqlServerKind.plan(state, { oldThumbprint: old as Thumbprint, newCertificates: [newCert("F".repeat(40))], now: NOW, force: false });
  await sqlServerKind.assess!(newKindContext(unknownKey), plan.changes);
  const view = plan.changes[0]!.view;
  assert.equal(view.code, "CR3013");
  assert.deepEqual(view.keyAccess, [{ account: "CONTOSO\\sqlsvc", status: "refused" }, { account: "NT SERVICE\\MSSQLSERVER", status: "refused" }]);
  assert.match(view.reason!, /CONTOSO\\sqlsvc cannot be given read access to the new certificate's private key: it has none, or it does not open; NT SERVICE\\MSSQLSERVER cannot/);
});

test("a service the host does not know: its account cannot be told, CR3013", async () => {
  const { rebind } = await setUp({ services: [{ Name: "MSSQLSERVER", StartName: "NT Service\\MSSQLSERVER", State: "Running" }] });
  const result = await rebind({ dryRun: true });
  const express = sqlChanges(result).find((c) => c.endpoint === "SQLEXPRESS")!;
  assert.equal(express.code, "CR3013");
  assert.match(express.reason!, /the account of the service MSSQL\$SQLEXPRESS cannot be told \(no such service\)/);
  assert.equal(sqlChanges(result).find((c) => c.endpoint === "MSSQLSERVER")!.status, "planned");
});

test("rebind moves the HTTP.sys record and both instances (lower-case, every other byte kept), grants the key, and --restart-services restarts both services", async () => {
  const { rebind, root, thumbprints, files } = await setUp();
  const instancesBefore = readFileSync(files.instances, "utf8");
  const result = await rebind({ restartServices: true });
  assert.equal(result.exitCode, 0, JSON.stringify(result.errors));
  assert.deepEqual(sqlChanges(result).map((c) => [c.endpoint, c.status, c.restartRequired, c.keyAccess?.map((k) => k.status)]), [
    ["MSSQLSERVER", "applied", false, ["granted"]],
    ["SQLEXPRESS", "applied", false, ["granted", "granted"]],
  ]);
  const renewal = thumbprints["renewal"]!.toLowerCase();
  assert.equal(readFileSync(files.instances, "utf8"), instancesBefore.replaceAll(thumbprints["old"]!.toLowerCase(), renewal));
  assert.match(readFileSync(join(root, "httpsys", "sslcert.txt"), "utf8"), new RegExp(renewal));
  assert.deepEqual(JSON.parse(readFileSync(files.renewalSidecar, "utf8")).keyReaders, ["NT Service\\MSSQLSERVER", "CONTOSO\\sqlsvc", "NT SERVICE\\MSSQL$SQLEXPRESS"]);
  assert.deepEqual(result.data.changes.filter((c) => c.kind === "hostnameport").map((c) => c.status), ["applied"]);
  const again = await rebind({ dryRun: true });
  assert.deepEqual(sqlChanges(again).map((c) => c.status), ["unchanged", "unchanged"], "both are on the new certificate now");
});

test("another kind's failure rolls every SQL Server change back byte for byte: instances.json and the key's sidecar", async () => {
  const { rebind, root, thumbprints } = await setUp();
  const before = hostFiles(root);
  const fake = fakeKind([{ name: "Listener-1", thumbprint: thumbprints["old"]!, hostnames: [] }], { failApply: true });
  const result = await rebind({ kinds: [...BINDING_KINDS, fake.kind] });
  assert.equal(result.exitCode, 1);
  assert.deepEqual(sqlChanges(result).map((c) => c.status), ["rolled-back", "rolled-back"]);
  const after = hostFiles(root);
  for (const file of ["sqlserver/instances.json", "certs/My/renewal.json", "httpsys/sslcert.txt"]) assert.equal(after[file], before[file], file);
});

test("a run killed after the instances were written on a snapshot host: recovery puts instances.json back from the journal", async () => {
  const { root, host, thumbprints, files } = await setUp();
  const before = readFileSync(files.instances);
  await openJournal(host, { runId: "20261127T000000Z-abcdef", command: "rebind", trigger: "manual", files: [files.instances], states: [], steps: ["sqlserver"] });
  const state = (await sqlServerKind.read(newKindContext(host))) as SqlState;
  const { snapshotSqlPort } = await import("../../../../ts-src/kinds/sqlserver/snapshot-file.js");
  await snapshotSqlPort(host.snapshot!).writeCertificate(state.instances[0]!, thumbprints["renewal"]!.toLowerCase());
  host.state.announceWrites(null);
  assert.notDeepEqual(readFileSync(files.instances), before);
  const recovery = await recoverBeforeCommand(host, "rebind", BINDING_KINDS);
  assert.equal(recovery?.action, "restored");
  assert.deepEqual(readFileSync(files.instances), before);
});

function windowsHost(fake: FakeRegistry, accounts: Record<string, string>) {
  const host = new WindowsHost(async () => ({ exitCode: 1, stdout: "", stderr: "" }), {}, { configDir: join(testDir(), "no-iis"), stateDir: join(testDir(), "state"), registry: async () => fake });
  const services = { query: async (name: string) => (accounts[name] ? { name, account: accounts[name]!, state: "running" as const } : null), restart: async () => { throw new Error("no restart"); } };
  const keys = { canRead: async () => false, grantRead: async (key: never, account: string) => ({ key, account, before: "O:BA" }), revoke: async () => undefined };
  return Object.create(host, { services: { value: services }, keys: { value: keys } }) as Host;
}

function windowsRegistry(old: string) {
  return new FakeRegistry({
    // Not in name order: the adapter lists the instances by name whatever order the registry enumerates them in.
    [NAMES]: { SQLEXPRESS: "MSSQL15.SQLEXPRESS", "bad name!": "MSSQL15.X", MSSQLSERVER: "MSSQL16.MSSQLSERVER" },
    [netLib("MSSQL16.MSSQLSERVER")]: { Certificate: old, ForceEncryption: "0" },
    [netLib("MSSQL15.SQLEXPRESS")]: {},
    [`${SQL}\\MSSQL16.MSSQLSERVER\\Cluster`]: { ClusterName: "SQLCLU01" },
  });
}

test("Windows: instances from Instance Names\\SQL, each Certificate from its SuperSocketNetLib (absent: none), a cluster's name; a name that is not an instance's is a warning", async () => {
  const old = "0f70c94c6482e61b0a43b9816e830ed7b30b8c44";
  const fake = windowsRegistry(old);
  const state = (await sqlServerKind.read(newKindContext(windowsHost(fake, {})))) as SqlState;
  assert.deepEqual(state.instances, [
    { name: "MSSQLSERVER", id: "MSSQL16.MSSQLSERVER", certificate: old, cluster: "SQLCLU01" },
    { name: "SQLEXPRESS", id: "MSSQL15.SQLEXPRESS", certificate: "", cluster: null },
  ]);
  assert.match(state.warnings.join("\n"), /'bad name!' .* is not an instance name/);
  assert.equal(fake.open.size, 0);
});

test("Windows: no Instance Names\\SQL key is no SQL Server (absent); a registry that refuses is a warning, never the command's error", async () => {
  assert.equal(await sqlServerKind.read(newKindContext(windowsHost(new FakeRegistry({}), {}))), null);
  const denied = new FakeRegistry({});
  denied.openKey = () => 5;
  const state = (await sqlServerKind.read(newKindContext(windowsHost(denied, {})))) as SqlState;
  assert.deepEqual(state.instances, []);
  assert.match(state.warnings[0]!, /SQL Server's instances could not be read .*RegOpenKeyExW failed: ERROR_ACCESS_DENIED/);
  const plain = new WindowsHost(async () => ({ exitCode: 1, stdout: "", stderr: "" }), {}, { configDir: join(testDir(), "no-iis"), stateDir: join(testDir(), "state") });
  assert.equal(await sqlServerKind.read(newKindContext(plain)), null, "a WindowsHost on another OS without a fake registry has none");
});

test("Windows: apply grants, writes the Certificate lower-case and reads it back; the undo revokes and writes the old value; the journal backs up and restores the registry", async () => {
  const old = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
  const renewal = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";
  const fake = windowsRegistry(old.toLowerCase());
  const host = windowsHost(fake, { MSSQLSERVER: "NT Service\\MSSQLSERVER" });
  const context: KindContext = newKindContext(host);
  const state = (await sqlServerKind.read(context)) as SqlState;
  const plan = sqlServerKind.plan(state, { oldThumbprint: old as Thumbprint, newCertificates: [newCert(renewal)], now: NOW, force: false });
  assert.deepEqual(plan.changes.map((c) => [c.view.endpoint, c.view.status]), [["MSSQLSERVER", "planned"]]);
  assert.match(plan.changes[0]!.view.notes.join("\n"), /failover cluster SQLCLU01: .* every other node/);
  await sqlServerKind.assess!(context, plan.changes);
  assert.deepEqual(plan.changes[0]!.view.keyAccess, [{ account: "NT Service\\MSSQLSERVER", status: "grant" }]);
  const backup = await sqlServerKind.journal!.backup(context, plan.changes);
  assert.deepEqual(backup?.written, { MSSQLSERVER: renewal.toLowerCase() });
  assert.deepEqual(await sqlServerKind.journal!.files(context, plan.changes), []);
  const undos: (() => Promise<void>)[] = [];
  await sqlServerKind.apply!(newKindContext(host), plan.changes, { onUndo: (_name, undo) => void undos.push(undo) });
  assert.equal(fake.text(netLib("MSSQL16.MSSQLSERVER"), "Certificate"), renewal.toLowerCase());
  assert.equal(fake.text(netLib("MSSQL16.MSSQLSERVER"), "ForceEncryption"), "0");
  assert.deepEqual(await sqlServerKind.readBack!(newKindContext(host), plan.changes), []);
  const checks = await sqlServerKind.journal!.check(newKindContext(host), backup!.content, backup!.written);
  assert.deepEqual(checks.map((c) => [c.endpoint, c.state]), [["MSSQLSERVER", "written"]]);
  assert.deepEqual(await sqlServerKind.journal!.restore(newKindContext(host), backup!.content, ["MSSQLSERVER"]), ["MSSQLSERVER"]);
  assert.equal(fake.text(netLib("MSSQL16.MSSQLSERVER"), "Certificate"), old.toLowerCase());
  await sqlServerKind.apply!(newKindContext(host), plan.changes, { onUndo: () => undefined });
  for (const undo of undos.reverse()) await undo();
  assert.equal(fake.text(netLib("MSSQL16.MSSQLSERVER"), "Certificate"), old.toLowerCase(), "the undo writes the value as it was");
});

test("Windows: a registry write that fails is a RebindWriteError naming the instance", async () => {
  const old = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
  const fake = windowsRegistry(old);
  fake.failSet = { name: "Certificate", error: 5 };
  const host = windowsHost(fake, { MSSQLSERVER: "LocalSystem" });
  const state = (await sqlServerKind.read(newKindContext(host))) as SqlState;
  const plan = sqlServerKind.plan(state, { oldThumbprint: old as Thumbprint, newCertificates: [newCert("F".repeat(40))], now: NOW, force: false });
  await assert.rejects(sqlServerKind.apply!(newKindContext(host), plan.changes, { onUndo: () => undefined }), (e: Error & { failed?: string[] }) =>
    e.name === "RebindWriteError" && e.failed?.[0] === "MSSQLSERVER" && /RegSetValueExW failed: ERROR_ACCESS_DENIED/.test(e.message),
  );
});

test("plan: a new certificate outside LocalMachine\\My is refused (CR3013); an instance already on the new one is unchanged", async () => {
  const old = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
  const renewal = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";
  const state: SqlState = { instances: [{ name: "A", id: "MSSQL16.A", certificate: old, cluster: null }, { name: "B", id: "MSSQL16.B", certificate: renewal.toLowerCase(), cluster: null }], warnings: [] };
  const plan = sqlServerKind.plan(state, { oldThumbprint: old as Thumbprint, newCertificates: [newCert(renewal, "WebHosting")], now: NOW, force: false });
  assert.deepEqual(plan.changes.map((c) => [c.view.endpoint, c.view.status, c.view.code]), [["A", "refused", "CR3013"], ["B", "unchanged", null]]);
  assert.match(plan.changes[0]!.view.reason!, /LocalMachine\\My only/);
  const inMy = sqlServerKind.plan(state, { oldThumbprint: old as Thumbprint, newCertificates: [newCert(renewal)], now: NOW, force: false });
  assert.equal(inMy.changes[0]!.view.status, "planned");
});

test("capture: a snapshot host's instances.json is copied byte for byte; on Windows the registry's instances are written in that form, and read back the same", async () => {
  const { root, host, files } = await setUp();
  const out = join(testDir(), "capture");
  await captureHost(snapshotSource(host, root), out, { force: false, redaction: noRedaction, parts: [sqlPart] });
  assert.deepEqual(readFileSync(join(out, "sqlserver", "instances.json")), readFileSync(files.instances));

  const old = "0f70c94c6482e61b0a43b9816e830ed7b30b8c44";
  const windowsSource = { host: windowsHost(windowsRegistry(old), {}), root: null } as unknown as CaptureSource;
  const fromWindows = join(testDir(), "capture-windows");
  const result = await captureHost(windowsSource, fromWindows, { force: false, redaction: noRedaction, parts: [sqlPart] });
  assert.deepEqual(JSON.parse(readFileSync(join(fromWindows, "sqlserver", "instances.json"), "utf8")), {
    instances: [
      { name: "MSSQLSERVER", id: "MSSQL16.MSSQLSERVER", certificate: old },
      { name: "SQLEXPRESS", id: "MSSQL15.SQLEXPRESS", certificate: "" },
    ],
  });
  assert.match(result.warnings.join("\n"), /bad name!/);
});

test("Windows: a run killed after writing the registry is undone by the next command from the journal's backup of the instances", async () => {
  const old = "0f70c94c6482e61b0a43b9816e830ed7b30b8c44";
  const renewal = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";
  const fake = windowsRegistry(old);
  const host = windowsHost(fake, { MSSQLSERVER: "LocalSystem" });
  const state = (await sqlServerKind.read(newKindContext(host))) as SqlState;
  const plan = sqlServerKind.plan(state, { oldThumbprint: old.toUpperCase() as Thumbprint, newCertificates: [newCert(renewal)], now: NOW, force: false });
  const backup = (await sqlServerKind.journal!.backup(newKindContext(host), plan.changes))!;
  await openJournal(host, { runId: "20261127T000000Z-abcdef", command: "rebind", trigger: "manual", files: [], states: [{ kind: sqlServerKind.name, legacyField: null, backup }], steps: ["sqlserver"] });
  host.state.announceWrites(null);
  fake.set(netLib("MSSQL16.MSSQLSERVER"), "Certificate", { type: 1, data: Buffer.from(`${renewal.toLowerCase()}\0`, "utf16le") });
  const recovery = await recoverBeforeCommand(host, "rebind", BINDING_KINDS);
  assert.equal(recovery?.action, "restored");
  assert.deepEqual(recovery?.restored, ["MSSQLSERVER"]);
  assert.equal(fake.text(netLib("MSSQL16.MSSQLSERVER"), "Certificate"), old);
  assert.equal(await host.state.readJournal(), null, "the journal is closed");
});
