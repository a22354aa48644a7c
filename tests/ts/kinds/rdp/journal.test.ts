import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Certificate } from "../../../../ts-src/core/certificate.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import type { ApplySession, KindChange } from "../../../../ts-src/kinds/binding-kind.js";
import { rdpKind } from "../../../../ts-src/kinds/rdp/index.js";
import type { RdpTarget } from "../../../../ts-src/kinds/rdp/model.js";
import { LISTENERS_FILE } from "../../../../ts-src/kinds/rdp/snapshot.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { KIND_SNAPSHOT_FILES } from "../../../../ts-src/kinds/registry.js";
import { RebindWriteError, type Host } from "../../../../ts-src/platform/ports.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { WindowsHost } from "../../../../ts-src/platform/windows/windows-host.js";
import { findPendingRun } from "../../../../ts-src/providers/journal/pending-run.js";
import { recoverBeforeCommand } from "../../../../ts-src/providers/journal/recover-interrupted-run.js";
import { openJournal } from "../../../../ts-src/providers/journal/run-journal.js";
import { testCertificate } from "../../support/certs.js";
import { FakeCrypt32, type FakeCertificate } from "../../support/fake-crypt32.js";
import { DEFAULT_KEY_SDDL, FakeKeySecurity } from "../../support/fake-key-security.js";
import { buildHost } from "../../support/host-builder.js";
import { testDir } from "../../support/snapshot.js";
import { fakeCim, fakeKeys, windowsHost, type CimListener } from "./fake-cim.js";

const OLD = "A".repeat(40) as Thumbprint;
const NEW = "B".repeat(40) as Thumbprint;
const THIRD = "C".repeat(40);
const NOW = new Date("2026-12-20T00:00:00Z");
const NETWORK_SERVICE = "NT AUTHORITY\\NETWORK SERVICE";
const RUN_ID = "20261220T000000Z-abcdef";

const renewal = (thumbprint: Thumbprint, store = "My"): Certificate => ({
  thumbprint, subject: "CN=rdp", issuer: "CN=CA", dnsNames: [], notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z"),
  ekus: null, hasPrivateKey: true, store, archived: false, friendlyName: null, renewalThumbprint: null, source: "renewal.cer",
});

/** The kind's plan and assessment for OLD → `to` on `host`, as a run makes them. */
async function planned(host: Host, to: Thumbprint = NEW): Promise<KindChange<RdpTarget>[]> {
  const context = newKindContext(host);
  const state = await rdpKind.read(context);
  const { changes } = rdpKind.plan(state!, { oldThumbprint: OLD, newCertificates: [renewal(to)], now: NOW, force: false });
  await rdpKind.assess!(context, changes);
  return changes;
}

function session() {
  const undos: { name: string; undo: () => Promise<void> }[] = [];
  const s: ApplySession = { onUndo: (name, undo) => void undos.push({ name, undo }) };
  return { session: s, undoAll: async () => { for (const { undo } of undos.reverse()) await undo(); }, undos };
}

test("a run killed after the snapshot listener and the key grant were written is undone by the next command, byte for byte", async () => {
  const { root, thumbprints } = buildHost({ certs: { old: {}, renewal: { notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") } }, records: [] });
  const [old, fresh] = [thumbprints["old"] as Thumbprint, thumbprints["renewal"] as Thumbprint];
  mkdirSync(join(root, "rdp"));
  const listeners = `[\r\n  {"TerminalName":"RDP-Tcp","SSLCertificateSHA1Hash":"${old}","SSLCertificateSHA1HashType":3}\r\n]\r\n`;
  writeFileSync(join(root, LISTENERS_FILE), listeners);
  const sidecarPath = join(root, "certs", "My", "renewal.json");
  writeFileSync(sidecarPath, "{}");
  const host = await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES);
  const context = newKindContext(host);
  const { changes } = rdpKind.plan((await rdpKind.read(context))!, { oldThumbprint: old, newCertificates: [renewal(fresh)], now: NOW, force: false });
  await rdpKind.assess!(context, changes);
  const files = await rdpKind.journal!.files(context, changes);
  assert.deepEqual(files, [join(root, LISTENERS_FILE), sidecarPath]);
  assert.equal(await rdpKind.journal!.backup(context, changes), null, "on a snapshot host everything it writes is a file");
  await openJournal(host, { runId: RUN_ID, command: "rebind", trigger: "manual", files, states: [], steps: ["rdp"] });
  await rdpKind.apply!(context, changes, session().session);
  assert.match(readFileSync(join(root, LISTENERS_FILE), "utf8"), new RegExp(fresh));
  assert.match(readFileSync(sidecarPath, "utf8"), /NETWORK SERVICE/);
  // Killed here: the journal is open; the next command puts back what the run wrote.
  const reopened = await SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES);
  const recovery = await recoverBeforeCommand(reopened, "rebind");
  assert.equal(recovery?.action, "restored");
  assert.equal(readFileSync(join(root, LISTENERS_FILE), "utf8"), listeners);
  assert.equal(readFileSync(sidecarPath, "utf8"), "{}");
  assert.equal(await reopened.state.readJournal(), null);
});

test("Windows: the listener is set through CIM after the grant, read back, and each undo puts back what it changed", async () => {
  const cim = fakeCim([{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: OLD, SSLCertificateSHA1HashType: 3 }, { TerminalName: "RDP-Tcp-3390", SSLCertificateSHA1Hash: OLD, SSLCertificateSHA1HashType: 2 }]);
  const keys = fakeKeys();
  const host = windowsHost(cim.run, keys.keys);
  const changes = await planned(host);
  assert.deepEqual(changes.map((c) => [c.view.endpoint, c.view.keyAccess]), [["RDP-Tcp", [{ account: NETWORK_SERVICE, status: "grant" }]]]);
  const { session: s, undoAll, undos } = session();
  await rdpKind.apply!(newKindContext(host), changes, s);
  assert.deepEqual(cim.listeners!.map((l) => l.SSLCertificateSHA1Hash), [NEW, OLD]);
  assert.deepEqual(keys.readers[NEW], [NETWORK_SERVICE]);
  assert.equal(changes[0]!.view.keyAccess![0]!.status, "granted");
  assert.deepEqual(undos.map((u) => u.name), [`read access of ${NETWORK_SERVICE} to the key of ${NEW}`, "the RDP listener RDP-Tcp"]);
  assert.deepEqual(await rdpKind.readBack!(newKindContext(host), changes), []);
  assert.deepEqual(await rdpKind.journal!.files(newKindContext(host), changes), [], "no host file on Windows");
  await undoAll();
  assert.deepEqual(cim.listeners!.map((l) => l.SSLCertificateSHA1Hash), [OLD, OLD]);
  assert.deepEqual(keys.readers[NEW], []);
});

test("Windows: a write Set-CimInstance refuses is RebindWriteError naming the listener; a key the host cannot tell about is refused before (CR3014)", async () => {
  const cim = fakeCim([{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: OLD, SSLCertificateSHA1HashType: 3 }], { failWrites: true });
  const host = windowsHost(cim.run, fakeKeys({ [NEW]: [NETWORK_SERVICE] }).keys);
  const changes = await planned(host);
  assert.deepEqual(changes[0]!.view.keyAccess, [{ account: NETWORK_SERVICE, status: "has" }]);
  await assert.rejects(rdpKind.apply!(newKindContext(host), changes, session().session), (e: unknown) => e instanceof RebindWriteError && e.failed.join() === "RDP-Tcp" && /Invalid parameter/.test(e.message));
  const unknown = windowsHost(fakeCim([{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: OLD, SSLCertificateSHA1HashType: 3 }]).run, fakeKeys({}, { noKey: [NEW] }).keys);
  const refused = (await planned(unknown))[0]!.view;
  assert.deepEqual([refused.status, refused.code, refused.keyAccess], ["refused", "CR3014", [{ account: NETWORK_SERVICE, status: "refused" }]]);
  assert.match(refused.reason!, /NT AUTHORITY\\NETWORK SERVICE, the account Remote Desktop Services reads the certificate as, must be able to read the new certificate's private key/);
  const failingGrant = windowsHost(fakeCim([{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: OLD, SSLCertificateSHA1HashType: 3 }]).run, fakeKeys({}, { failGrant: true }).keys);
  const grantChanges = await planned(failingGrant);
  await assert.rejects(rdpKind.apply!(newKindContext(failingGrant), grantChanges, session().session), (e: unknown) => e instanceof RebindWriteError && /NETWORK SERVICE could not be given read access.*NTE_PERM/.test(e.message));
});

test("Windows journal: the prior thumbprints are backed up; check tells prior, written and someone else's; restore writes back only what was asked", async () => {
  const listeners: CimListener[] = [{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: OLD, SSLCertificateSHA1HashType: 3 }, { TerminalName: "RDP-Tcp-3390", SSLCertificateSHA1Hash: OLD, SSLCertificateSHA1HashType: 3 }];
  const cim = fakeCim(listeners);
  const host = windowsHost(cim.run, fakeKeys({ [NEW]: [NETWORK_SERVICE] }).keys);
  const context = newKindContext(host);
  const changes = await planned(host);
  const backup = (await rdpKind.journal!.backup(context, changes))!;
  assert.equal(backup.name, "rdp-listeners.json");
  assert.deepEqual(JSON.parse(backup.content), { listeners: [{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: OLD }, { TerminalName: "RDP-Tcp-3390", SSLCertificateSHA1Hash: OLD }], keyGrants: [] });
  assert.deepEqual(backup.written, { "RDP-Tcp": NEW, "RDP-Tcp-3390": NEW });
  listeners[0]!.SSLCertificateSHA1Hash = NEW;
  listeners[1]!.SSLCertificateSHA1Hash = THIRD;
  const checks = await rdpKind.journal!.check(context, backup.content, backup.written);
  assert.deepEqual(checks.map((c) => [c.endpoint, c.state, c.current, c.what]), [["RDP-Tcp", "written", NEW, "the RDP listener RDP-Tcp"], ["RDP-Tcp-3390", "changed", THIRD, "the RDP listener RDP-Tcp-3390"]]);
  assert.deepEqual(await rdpKind.journal!.restore(context, backup.content, ["RDP-Tcp"]), ["RDP-Tcp"]);
  assert.deepEqual(listeners.map((l) => l.SSLCertificateSHA1Hash), [OLD, THIRD]);
  const broken = windowsHost(async () => ({ exitCode: 1, stdout: "", stderr: "blocked" }));
  await assert.rejects(rdpKind.journal!.check(newKindContext(broken), backup.content, backup.written), /could not be read \(failed \(exit code 1\): blocked\)/);
});

/** A certificate of LocalMachine\\My with a CNG key (a real DER: crypt32 finds it by its SHA-1). */
const KEYED = new X509Certificate(testCertificate({ dnsNames: ["rdp.contoso.com"] }).der);
const KEYED_THUMBPRINT = KEYED.fingerprint.replaceAll(":", "") as Thumbprint;
const GRANT = `read access of ${NETWORK_SERVICE} to the key of ${KEYED_THUMBPRINT}`;
const SOMEONE = "S-1-5-21-1004336348-1177238915-682003330-1105";

/**
 * Windows as the RDP kind and recovery find it: the listener RDP-Tcp on OLD through CIM, KEYED in LocalMachine\\My with
 * a CNG key whose DACL is SYSTEM's and Administrators' (crypt32, ncrypt and advapi32 fakes under the real
 * WindowsKeyAccess), a state folder of its own. `failWrites`: Set-CimInstance fails, so the listener is never written.
 */
function rdpOnWindows(options: { failWrites?: boolean } = {}) {
  const cim = fakeCim([{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: OLD, SSLCertificateSHA1HashType: 3 }], options);
  const certificate: FakeCertificate = { der: Buffer.from(KEYED.raw), key: "cng" };
  const crypt32 = new FakeCrypt32({ My: [certificate] });
  const security = new FakeKeySecurity(crypt32);
  const host = new WindowsHost(cim.run, {}, { configDir: join(testDir(), "no-iis"), stateDir: join(testDir(), "state"), crypt32: async () => crypt32, keys: async () => ({ crypt32, security }) });
  return { host, listeners: cim.listeners!, certificate, security };
}

/** A run on `host` up to its first change: planned, assessed, its journal open with the kind's backup. */
async function journaledRun(host: Host) {
  const changes = await planned(host, KEYED_THUMBPRINT);
  const backup = (await rdpKind.journal!.backup(newKindContext(host), changes))!;
  await openJournal(host, { runId: RUN_ID, command: "rebind", trigger: "manual", files: [], states: [{ kind: rdpKind.name, legacyField: null, backup }], steps: ["rdp"] });
  host.state.announceWrites(null);
  return { changes, backup };
}

test("Windows: a run killed after the key grant and the listener's write is undone by the next command: the listener back on its certificate, the grant taken back", async () => {
  const { host, listeners, certificate } = rdpOnWindows();
  const { changes, backup } = await journaledRun(host);
  assert.deepEqual(backup.written, { "RDP-Tcp": KEYED_THUMBPRINT, [GRANT]: KEYED_THUMBPRINT });
  assert.deepEqual(JSON.parse(backup.content).keyGrants, [{ key: { store: "My", thumbprint: KEYED_THUMBPRINT }, account: NETWORK_SERVICE, before: DEFAULT_KEY_SDDL }]);
  // apply returns, and the run is killed before its step is marked done: no undo runs.
  await rdpKind.apply!(newKindContext(host), changes, session().session);
  assert.equal(listeners[0]!.SSLCertificateSHA1Hash, KEYED_THUMBPRINT);
  assert.equal(certificate.keySddl, `${DEFAULT_KEY_SDDL}(A;;GR;;;S-1-5-20)`);
  const checks = await rdpKind.journal!.check(newKindContext(host), backup.content, backup.written);
  assert.deepEqual(checks.at(-1), {
    endpoint: GRANT, prior: "no access", written: "read access", current: "read access", state: "written",
    what: `read access to the private key of ${KEYED_THUMBPRINT} for ${NETWORK_SERVICE}`,
  });
  assert.deepEqual((await findPendingRun(host))?.restore, ["RDP-Tcp", GRANT]);
  const recovery = await recoverBeforeCommand(host, "rebind");
  assert.equal(recovery?.action, "restored");
  assert.deepEqual(recovery?.restored, ["RDP-Tcp", GRANT]);
  assert.equal(listeners[0]!.SSLCertificateSHA1Hash, OLD);
  assert.equal(certificate.keySddl, DEFAULT_KEY_SDDL);
  assert.equal(await host.state.readJournal(), null, "the journal is closed");
});

test("Windows: a run killed after the key grant but before the listener's write is recovered by taking the grant back; the listener is left as it was", async () => {
  const { host, listeners, certificate } = rdpOnWindows({ failWrites: true });
  const { changes } = await journaledRun(host);
  // The write never happens (here it fails), and the run is killed before its undo.
  await assert.rejects(rdpKind.apply!(newKindContext(host), changes, session().session), RebindWriteError);
  assert.equal(certificate.keySddl, `${DEFAULT_KEY_SDDL}(A;;GR;;;S-1-5-20)`);
  const recovery = await recoverBeforeCommand(host, "rebind");
  assert.deepEqual([recovery?.action, recovery?.restored], ["restored", [GRANT]]);
  assert.equal(listeners[0]!.SSLCertificateSHA1Hash, OLD);
  assert.equal(certificate.keySddl, DEFAULT_KEY_SDDL);
});

test("Windows: recovery keeps another program's change of the key's DACL made after the grant; a grant not made before the kill is left alone", async () => {
  const { host, listeners, certificate } = rdpOnWindows();
  const { changes } = await journaledRun(host);
  await rdpKind.apply!(newKindContext(host), changes, session().session);
  certificate.keySddl = `${certificate.keySddl}(A;;GR;;;${SOMEONE})`;
  const recovery = await recoverBeforeCommand(host, "rebind");
  assert.deepEqual(recovery?.restored, ["RDP-Tcp", GRANT]);
  assert.equal(listeners[0]!.SSLCertificateSHA1Hash, OLD);
  assert.equal(certificate.keySddl, `${DEFAULT_KEY_SDDL}(A;;GR;;;${SOMEONE})`, "only the access the grant gave is taken away");

  const early = rdpOnWindows();
  const { backup } = await journaledRun(early.host);
  // Killed before the grant: NETWORK SERVICE still cannot read the key.
  const checks = await rdpKind.journal!.check(newKindContext(early.host), backup.content, backup.written);
  assert.deepEqual(checks.map((c) => [c.endpoint, c.state, c.current]), [["RDP-Tcp", "prior", OLD], [GRANT, "prior", "no access"]]);
  const closed = await recoverBeforeCommand(early.host, "rebind");
  assert.deepEqual([closed?.action, closed?.restored], ["restored", []]);
  assert.deepEqual(early.security.calls.filter((c) => c.startsWith("NCryptSet")), [], "nothing was written to the key");
  assert.equal(early.certificate.keySddl, undefined);
});

test("Windows journal: a backup of an earlier certrebind (the listeners alone, no key grants) is still checked and restored", async () => {
  const listeners: CimListener[] = [{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: NEW, SSLCertificateSHA1HashType: 3 }];
  const host = windowsHost(fakeCim(listeners).run, fakeKeys().keys);
  const legacy = JSON.stringify([{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: OLD }]);
  const checks = await rdpKind.journal!.check(newKindContext(host), legacy, { "RDP-Tcp": NEW });
  assert.deepEqual(checks.map((c) => [c.endpoint, c.state]), [["RDP-Tcp", "written"]]);
  assert.deepEqual(await rdpKind.journal!.restore(newKindContext(host), legacy, ["RDP-Tcp"]), ["RDP-Tcp"]);
  assert.equal(listeners[0]!.SSLCertificateSHA1Hash, OLD);
  await assert.rejects(rdpKind.journal!.check(newKindContext(host), JSON.stringify({ listeners: [], keyGrants: [{ account: 1 }] }), {}), /not one this version of certrebind writes/);
});
