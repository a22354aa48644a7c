import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { sqlServerKind } from "../../../../ts-src/kinds/sqlserver/index.js";
import type { SqlState } from "../../../../ts-src/kinds/sqlserver/model.js";
import { RebindWriteError, type Host } from "../../../../ts-src/platform/ports.js";
import { WindowsHost } from "../../../../ts-src/platform/windows/windows-host.js";
import { findPendingRun } from "../../../../ts-src/providers/journal/pending-run.js";
import { recoverBeforeCommand } from "../../../../ts-src/providers/journal/recover-interrupted-run.js";
import { openJournal } from "../../../../ts-src/providers/journal/run-journal.js";
import { testCertificate } from "../../support/certs.js";
import { FakeCrypt32, type FakeCertificate } from "../../support/fake-crypt32.js";
import { DEFAULT_KEY_SDDL, FakeKeySecurity } from "../../support/fake-key-security.js";
import { FakeRegistry } from "../../support/fake-registry.js";
import { FakeScm } from "../../support/fake-scm.js";
import { testDir } from "../../support/snapshot.js";

const NOW = new Date("2026-12-20T00:00:00Z");
const RUN_ID = "20261127T000000Z-abcdef";
const SQL = "SOFTWARE\\Microsoft\\Microsoft SQL Server";
const NET_LIB = `${SQL}\\MSSQL16.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib`;
const OLD = "0f70c94c6482e61b0a43b9816e830ed7b30b8c44";
/** The new certificate, in LocalMachine\My with a CNG key (a real DER: crypt32 finds it by its SHA-1). */
const RENEWAL = new X509Certificate(testCertificate({ dnsNames: ["sql.contoso.com"] }).der);
const NEW = RENEWAL.fingerprint.replaceAll(":", "") as Thumbprint;
/** The instance's service runs as a domain account; it and the service SID are given read access to the new key. */
const SQLSVC = "CONTOSO\\sqlsvc";
const SERVICE_SID = "NT SERVICE\\MSSQLSERVER";
const SIDS = { [SQLSVC]: "S-1-5-21-1004336348-1177238915-682003330-1105", [SERVICE_SID]: "S-1-5-80-3880718306-3832830129-1677859214-2598158968-1052248003" };
const SOMEONE = "S-1-5-21-1004336348-1177238915-682003330-1106";
const grant = (account: string) => `read access of ${account} to the key of ${NEW}`;
const granted = (sddl: string, ...accounts: string[]) => `${sddl}${accounts.map((a) => `(A;;GR;;;${SIDS[a as keyof typeof SIDS]})`).join("")}`;

const newCert = { thumbprint: NEW, store: "MY", hasPrivateKey: true, notBefore: new Date("2026-01-01"), notAfter: new Date("2027-01-01"), dnsNames: [], ekus: null } as never;

/**
 * Windows as the SQL Server kind and recovery find it: the default instance on OLD in the registry, its service
 * MSSQLSERVER running as CONTOSO\sqlsvc (the Service Control Manager), the new certificate with a CNG key whose DACL
 * is SYSTEM's and Administrators' (crypt32, ncrypt and advapi32 fakes under the real WindowsKeyAccess), a state folder
 * of its own. `failWrite`: the registry refuses the Certificate value, so the instance is never written.
 */
function sqlOnWindows(options: { failWrite?: boolean } = {}) {
  const registry = new FakeRegistry({ [`${SQL}\\Instance Names\\SQL`]: { MSSQLSERVER: "MSSQL16.MSSQLSERVER" }, [NET_LIB]: { Certificate: OLD } });
  if (options.failWrite) registry.failSet = { name: "Certificate", error: 5 };
  const certificate: FakeCertificate = { der: Buffer.from(RENEWAL.raw), key: "cng" };
  const crypt32 = new FakeCrypt32({ My: [certificate] });
  const security = new FakeKeySecurity(crypt32, SIDS);
  const scm = new FakeScm({ MSSQLSERVER: { account: SQLSVC, state: 4 } });
  const host = new WindowsHost(async () => ({ exitCode: 1, stdout: "", stderr: "" }), {}, {
    configDir: join(testDir(), "no-iis"),
    stateDir: join(testDir(), "state"),
    registry: async () => registry,
    crypt32: async () => crypt32,
    keys: async () => ({ crypt32, security }),
    scm: async () => scm,
  });
  return { host, registry, certificate, security };
}

/** A run on `host` up to its first change: planned, assessed (both accounts to be granted), its journal open with the kind's backup. */
async function journaledRun(host: Host) {
  const context = newKindContext(host);
  const state = (await sqlServerKind.read(context)) as SqlState;
  const { changes } = sqlServerKind.plan(state, { oldThumbprint: OLD.toUpperCase() as Thumbprint, newCertificates: [newCert], now: NOW, force: false });
  await sqlServerKind.assess!(context, changes);
  assert.deepEqual(changes[0]!.view.keyAccess, [{ account: SQLSVC, status: "grant" }, { account: SERVICE_SID, status: "grant" }]);
  const backup = (await sqlServerKind.journal!.backup(context, changes))!;
  await openJournal(host, { runId: RUN_ID, command: "rebind", trigger: "manual", files: [], states: [{ kind: sqlServerKind.name, legacyField: null, backup }], steps: ["sqlserver"] });
  host.state.announceWrites(null);
  return { changes, backup };
}

const noUndo = { onUndo: () => undefined };

test("Windows: a run killed after the key grants and the registry write is undone by the next command: the Certificate value back, both grants taken back", async () => {
  const { host, registry, certificate } = sqlOnWindows();
  const { changes, backup } = await journaledRun(host);
  assert.deepEqual(backup.written, { MSSQLSERVER: NEW.toLowerCase(), [grant(SQLSVC)]: NEW, [grant(SERVICE_SID)]: NEW });
  assert.deepEqual(JSON.parse(backup.content).keyGrants, [
    { key: { store: "MY", thumbprint: NEW }, account: SQLSVC, before: DEFAULT_KEY_SDDL },
    { key: { store: "MY", thumbprint: NEW }, account: SERVICE_SID, before: DEFAULT_KEY_SDDL },
  ]);
  // apply returns, and the run is killed before its step is marked done: no undo runs.
  await sqlServerKind.apply!(newKindContext(host), changes, noUndo);
  assert.equal(registry.text(NET_LIB, "Certificate"), NEW.toLowerCase());
  assert.equal(certificate.keySddl, granted(DEFAULT_KEY_SDDL, SQLSVC, SERVICE_SID));
  const checks = await sqlServerKind.journal!.check(newKindContext(host), backup.content, backup.written);
  assert.deepEqual(checks.map((c) => [c.endpoint, c.state, c.prior, c.written, c.current, c.what]), [
    ["MSSQLSERVER", "written", OLD, NEW.toLowerCase(), NEW.toLowerCase(), "the SQL Server instance MSSQLSERVER"],
    [grant(SQLSVC), "written", "no access", "read access", "read access", `read access to the private key of ${NEW} for ${SQLSVC}`],
    [grant(SERVICE_SID), "written", "no access", "read access", "read access", `read access to the private key of ${NEW} for ${SERVICE_SID}`],
  ]);
  assert.deepEqual((await findPendingRun(host))?.restore, ["MSSQLSERVER", grant(SQLSVC), grant(SERVICE_SID)]);
  const recovery = await recoverBeforeCommand(host, "rebind");
  assert.equal(recovery?.action, "restored");
  assert.deepEqual(recovery?.restored, ["MSSQLSERVER", grant(SERVICE_SID), grant(SQLSVC)]);
  assert.equal(registry.text(NET_LIB, "Certificate"), OLD);
  assert.equal(certificate.keySddl, DEFAULT_KEY_SDDL);
  assert.equal(await host.state.readJournal(), null, "the journal is closed");
});

test("Windows: a run killed after the key grants but before the registry write is recovered by taking the grants back; the instance is left as it was", async () => {
  const { host, registry, certificate } = sqlOnWindows({ failWrite: true });
  const { changes } = await journaledRun(host);
  // The write never happens (here the registry refuses it), and the run is killed before its undo.
  await assert.rejects(sqlServerKind.apply!(newKindContext(host), changes, noUndo), RebindWriteError);
  assert.equal(certificate.keySddl, granted(DEFAULT_KEY_SDDL, SQLSVC, SERVICE_SID));
  const recovery = await recoverBeforeCommand(host, "rebind");
  assert.deepEqual([recovery?.action, recovery?.restored], ["restored", [grant(SERVICE_SID), grant(SQLSVC)]]);
  assert.equal(registry.text(NET_LIB, "Certificate"), OLD);
  assert.equal(certificate.keySddl, DEFAULT_KEY_SDDL);
});

test("Windows: recovery keeps another program's change of the key's DACL made after the grants; a grant not made before the kill is left alone", async () => {
  const { host, registry, certificate } = sqlOnWindows();
  const { changes } = await journaledRun(host);
  await sqlServerKind.apply!(newKindContext(host), changes, noUndo);
  certificate.keySddl = `${certificate.keySddl}(A;;GR;;;${SOMEONE})`;
  const recovery = await recoverBeforeCommand(host, "rebind");
  assert.deepEqual(recovery?.restored, ["MSSQLSERVER", grant(SERVICE_SID), grant(SQLSVC)]);
  assert.equal(registry.text(NET_LIB, "Certificate"), OLD);
  assert.equal(certificate.keySddl, `${DEFAULT_KEY_SDDL}(A;;GR;;;${SOMEONE})`, "only the access the grants gave is taken away");

  // Killed after the first grant: the service SID still cannot read the key, and its grant is left alone.
  const early = sqlOnWindows();
  const { backup } = await journaledRun(early.host);
  await early.host.keys.grantRead({ store: "MY", thumbprint: NEW }, SQLSVC);
  const checks = await sqlServerKind.journal!.check(newKindContext(early.host), backup.content, backup.written);
  assert.deepEqual(checks.map((c) => [c.endpoint, c.state, c.current]), [["MSSQLSERVER", "prior", OLD], [grant(SQLSVC), "written", "read access"], [grant(SERVICE_SID), "prior", "no access"]]);
  const partial = await recoverBeforeCommand(early.host, "rebind");
  assert.deepEqual(partial?.restored, [grant(SQLSVC)]);
  assert.equal(early.certificate.keySddl, DEFAULT_KEY_SDDL);
});

test("Windows journal: a backup of an earlier certrebind (the instances alone, no key grants) is still checked and restored", async () => {
  const { host, registry } = sqlOnWindows();
  registry.set(NET_LIB, "Certificate", { type: 1, data: Buffer.from(`${NEW.toLowerCase()}\0`, "utf16le") });
  const legacy = JSON.stringify([{ name: "MSSQLSERVER", id: "MSSQL16.MSSQLSERVER", certificate: OLD, cluster: null }]);
  const checks = await sqlServerKind.journal!.check(newKindContext(host), legacy, { MSSQLSERVER: NEW.toLowerCase() });
  assert.deepEqual(checks.map((c) => [c.endpoint, c.state]), [["MSSQLSERVER", "written"]]);
  assert.deepEqual(await sqlServerKind.journal!.restore(newKindContext(host), legacy, ["MSSQLSERVER"]), ["MSSQLSERVER"]);
  assert.equal(registry.text(NET_LIB, "Certificate"), OLD);
});
