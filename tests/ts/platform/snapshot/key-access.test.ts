import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { SnapshotCertStore } from "../../../../ts-src/platform/snapshot/cert-store.js";
import { SnapshotKeyAccess } from "../../../../ts-src/platform/snapshot/key-access.js";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import type { ReplaceOutcome } from "../../../../ts-src/platform/files/durable-write.js";
import { RebindWriteError } from "../../../../ts-src/platform/ports.js";
import { UnfinishedKeyGrantError } from "../../../../ts-src/platform/service-ports.js";
import { testCertificate, toPem } from "../../support/certs.js";
import { testDir } from "../../support/snapshot.js";

const cert = testCertificate({ keyIndex: 1 });
const thumbprint = new X509Certificate(cert.der).fingerprint.replaceAll(":", "");
const key = { store: "My", thumbprint };
/** As the certs part of a capture writes a sidecar (two-space JSON, LF). */
const SIDECAR = '{\n  "hasPrivateKey": true,\n  "archived": false,\n  "renewalThumbprint": null,\n  "friendlyName": "sql 2026"\n}\n';
const NETWORK_SERVICE = "NT AUTHORITY\\NETWORK SERVICE";

async function hostWith(files: Record<string, string | Buffer>) {
  const root = testDir({ "certs/My/site.cer": toPem(cert.der), ...files });
  return { root, host: await SnapshotHost.open(root), sidecar: join(root, "certs", "My", "site.json") };
}

const isCode = (code: string, pattern: RegExp) => (error: unknown) => error instanceof CertRebindError && error.code === code && pattern.test(error.message);

describe("SnapshotKeyAccess (the sidecar's keyReaders)", () => {
  it("lets only SYSTEM and Administrators read a key whose sidecar has no keyReaders, by any of their names", async () => {
    const { host } = await hostWith({ "certs/My/site.json": SIDECAR });
    for (const account of ["LocalSystem", "NT AUTHORITY\\SYSTEM", "nt authority\\system", "BUILTIN\\Administrators"]) assert.equal(await host.keys.canRead(key, account), true, account);
    for (const account of [NETWORK_SERVICE, "NT Service\\MSSQLSERVER", "CONTOSO\\sqlsvc"]) assert.equal(await host.keys.canRead(key, account), false, account);
  });

  it("lets the listed accounts read, names compared case-insensitively and the SCM's names of built-in accounts taken as theirs", async () => {
    const { host } = await hostWith({ "certs/My/site.json": '{ "hasPrivateKey": true, "keyReaders": ["NT AUTHORITY\\\\NETWORK SERVICE", "NT SERVICE\\\\MSSQLSERVER"] }' });
    assert.equal(await host.keys.canRead(key, "NT Service\\MSSQLServer"), true);
    assert.equal(await host.keys.canRead(key, "NT AUTHORITY\\NetworkService"), true);
    assert.equal(await host.keys.canRead(key, "NT SERVICE\\MSSQL$SQLEXPRESS"), false);
  });

  it("cannot tell (null) for a certificate with no private key or not on the host", async () => {
    const { host } = await hostWith({ "certs/My/site.json": '{ "hasPrivateKey": false }' });
    assert.equal(await host.keys.canRead(key, NETWORK_SERVICE), null);
    assert.equal(await host.keys.canRead({ store: "My", thumbprint: "A".repeat(40) }, NETWORK_SERVICE), null);
    assert.equal(await host.keys.canRead({ store: "WebHosting", thumbprint }, NETWORK_SERVICE), null);
  });

  it("grants by adding the account to keyReaders, every other byte kept, and revoke gives the sidecar back byte for byte", async () => {
    const { host, sidecar } = await hostWith({ "certs/My/site.json": SIDECAR });
    const grant = await host.keys.grantRead({ store: "my", thumbprint: thumbprint.toLowerCase() }, "NT Service\\MSSQLSERVER");
    assert.deepEqual(grant, { key, account: "NT Service\\MSSQLSERVER", before: "null" });
    assert.equal(readFileSync(sidecar, "utf8"), SIDECAR.replace('"sql 2026"\n', '"sql 2026",\n  "keyReaders": ["NT Service\\\\MSSQLSERVER"]\n'));
    assert.equal(await host.keys.canRead(key, "NT SERVICE\\mssqlserver"), true);
    await host.keys.revoke(grant);
    assert.equal(readFileSync(sidecar, "utf8"), SIDECAR);
    assert.equal(await host.keys.canRead(key, "NT Service\\MSSQLSERVER"), false);
  });

  it("appends to a list that is there, and puts that list back byte for byte", async () => {
    const before = '{"hasPrivateKey":true,"keyReaders":[ "NT AUTHORITY\\\\NETWORK SERVICE" ]}';
    const { host, sidecar } = await hostWith({ "certs/My/site.json": before });
    const grant = await host.keys.grantRead(key, "NT SERVICE\\MSSQLSERVER");
    assert.equal(grant.before, JSON.stringify([NETWORK_SERVICE]));
    assert.equal(readFileSync(sidecar, "utf8"), '{"hasPrivateKey":true,"keyReaders":[ "NT AUTHORITY\\\\NETWORK SERVICE", "NT SERVICE\\\\MSSQLSERVER" ]}');
    await host.keys.revoke(grant);
    assert.equal(readFileSync(sidecar, "utf8"), before);
  });

  it("changes nothing for an account that can read already, and its revoke changes nothing either", async () => {
    const before = '{ "hasPrivateKey": true, "keyReaders": ["NT AUTHORITY\\\\NETWORK SERVICE"] }';
    const { host, sidecar } = await hostWith({ "certs/My/site.json": before });
    await host.keys.revoke(await host.keys.grantRead(key, "NT AUTHORITY\\NetworkService"));
    await host.keys.revoke(await host.keys.grantRead(key, "LocalSystem"));
    assert.equal(readFileSync(sidecar, "utf8"), before);
  });

  it("keeps what another program added after the grant: revoke takes away only the grant", async () => {
    const { host, sidecar } = await hostWith({ "certs/My/site.json": SIDECAR });
    const grant = await host.keys.grantRead(key, "NT SERVICE\\MSSQLSERVER");
    writeFileSync(sidecar, readFileSync(sidecar, "utf8").replace('"NT SERVICE\\\\MSSQLSERVER"]', '"NT SERVICE\\\\MSSQLSERVER", "CONTOSO\\\\app"]'));
    assert.deepEqual(JSON.parse(readFileSync(sidecar, "utf8")).keyReaders, ["NT SERVICE\\MSSQLSERVER", "CONTOSO\\app"]);
    await host.keys.revoke(grant);
    assert.deepEqual(JSON.parse(readFileSync(sidecar, "utf8")).keyReaders, ["CONTOSO\\app"]);
  });

  it("names the sidecar as a file a run may change (certs/<Store>/<name>.json) for the journal", async () => {
    const { host, sidecar } = await hostWith({ "certs/My/site.json": SIDECAR });
    assert.equal(await host.keys.hostFile!(key), sidecar);
    assert.equal(await host.state.journalName(sidecar), "certs/My/site.json");
    assert.equal(await host.state.journaledFile("certs/My/site.json"), sidecar);
  });

  it("refuses, changing nothing: a certificate with no sidecar (CR4004), no key or not there (CR4006), a bad account or thumbprint (CR2000), a malformed keyReaders (CR2003)", async () => {
    const noSidecar = await hostWith({ "certs/My/site.key": cert.keyPem });
    await assert.rejects(noSidecar.host.keys.grantRead(key, NETWORK_SERVICE), isCode("CR4004", /site\.json does not exist.*Create it/));
    const { host, sidecar } = await hostWith({ "certs/My/site.json": '{ "hasPrivateKey": false }' });
    await assert.rejects(host.keys.grantRead(key, NETWORK_SERVICE), isCode("CR4006", /CryptAcquireCertificatePrivateKey failed: CRYPT_E_NO_KEY_PROPERTY.*has no private key/));
    await assert.rejects(host.keys.grantRead({ store: "My", thumbprint: "B".repeat(40) }, NETWORK_SERVICE), isCode("CR4006", /CRYPT_E_NOT_FOUND/));
    await assert.rejects(host.keys.grantRead({ store: "My", thumbprint: "xyz" }, NETWORK_SERVICE), isCode("CR2000", /not a thumbprint/));
    await assert.rejects(host.keys.grantRead(key, "a\\b\\c"), isCode("CR2000", /not an account name: it has more than one backslash/));
    await assert.rejects(host.keys.grantRead(key, ""), isCode("CR2000", /not an account name/));
    assert.equal(readFileSync(sidecar, "utf8"), '{ "hasPrivateKey": false }');
    const malformed = await hostWith({ "certs/My/site.json": '{ "hasPrivateKey": true, "keyReaders": "NETWORK SERVICE" }' });
    await assert.rejects(malformed.host.keys.canRead(key, NETWORK_SERVICE), isCode("CR2003", /"keyReaders" must be a list of account names/));
  });

  it("lists the sidecar's readers (none when it has no keyReaders), and null for a certificate without a key", async () => {
    const listed = await hostWith({ "certs/My/site.json": '{ "hasPrivateKey": true, "keyReaders": ["NT AUTHORITY\\\\NETWORK SERVICE"] }' });
    assert.deepEqual(await listed.host.keys.readers!(key), [NETWORK_SERVICE]);
    assert.deepEqual(await (await hostWith({ "certs/My/site.json": SIDECAR })).host.keys.readers!(key), []);
    assert.equal(await (await hostWith({ "certs/My/site.json": "{}" })).host.keys.readers!(key), null);
  });
});

describe("SnapshotKeyAccess and the host's warnings", () => {
  it("adds no warning of its own however often it looks a key up (an unreadable certificate is the store's to report, once)", async () => {
    const { host } = await hostWith({ "certs/My/site.json": SIDECAR, "certs/My/broken.cer": "not a certificate" });
    await host.certStore.list();
    for (let i = 0; i < 3; i++) await host.keys.canRead(key, NETWORK_SERVICE);
    assert.equal(host.warnings().filter((w) => w.includes("broken.cer")).length, 1);
  });
});

describe("certificate sidecars as journaled files", () => {
  it("refuses a journal name that is no changeable file, naming the first of many sidecars only", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`certs/My/c${String(i).padStart(2, "0")}.json`] = "{}";
    const { host } = await hostWith({ "certs/My/site.json": SIDECAR, ...files });
    await assert.rejects(host.state.journaledFile("certs/My/other.json"), (error: unknown) => {
      const message = (error as Error).message;
      return error instanceof CertRebindError && error.code === "CR1004" && /it is not a file certrebind changes \(httpsys\/records\.json, .*, and \d+ more\)/.test(message) && !message.includes("c29.json");
    });
  });
});

// A sidecar replaced, then the flush of its folder failed (ENOSPC, EIO): the grant is written but the write throws.
// The grant must still be undoable, or a rolled-back run leaves the account with read access and says all was restored.
class FlushFailsAfterRename extends HostWriter {
  override async replaceIfUnchanged(path: string, expected: Buffer, data: Buffer): Promise<ReplaceOutcome> {
    await super.replaceIfUnchanged(path, expected, data);
    throw new RebindWriteError(`${path} could not be written: ENOSPC: no space left on device, fsync`, [path]);
  }
}

describe("SnapshotKeyAccess: a grant whose write fails after the sidecar was replaced", () => {
  it("rejects with an UnfinishedKeyGrantError whose grant takes the account out again, every other byte as before", async () => {
    const { root, sidecar } = await hostWith({ "certs/My/site.json": SIDECAR });
    const keys = new SnapshotKeyAccess(new SnapshotCertStore(root), new FlushFailsAfterRename());
    const failure = await keys.grantRead(key, NETWORK_SERVICE).then(
      () => assert.fail("the grant did not fail"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof UnfinishedKeyGrantError, String(failure));
    assert.match(String((failure.cause as Error).message), /ENOSPC/);
    assert.match(readFileSync(sidecar, "utf8"), /NETWORK SERVICE/, "the sidecar was replaced before the failure");
    await new SnapshotKeyAccess(new SnapshotCertStore(root), new HostWriter()).revoke(failure.grant);
    assert.equal(readFileSync(sidecar, "utf8"), SIDECAR);
  });
});

