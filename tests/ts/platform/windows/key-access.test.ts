import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { WindowsKeyAccess } from "../../../../ts-src/platform/windows/keys/key-access.js";
import { testCertificate } from "../../support/certs.js";
import { FakeCrypt32, type FakeCertificate } from "../../support/fake-crypt32.js";
import { DEFAULT_KEY_SDDL, FakeKeySecurity } from "../../support/fake-key-security.js";

const A = testCertificate({ dnsNames: ["sql.contoso.com"] }).der;
const B = testCertificate({ dnsNames: ["other.contoso.com"] }).der;
const thumb = (der: Buffer) => new X509Certificate(der).fingerprint.replaceAll(":", "");
const SQL_SID = "S-1-5-80-3880718306-3832830129-1677859214-2598158968-1052248003";
const ACCOUNTS = { "NT SERVICE\\MSSQLSERVER": SQL_SID, "CONTOSO\\sqlsvc": "S-1-5-21-1004336348-1177238915-682003330-1105" };
const key = { store: "My", thumbprint: thumb(A) };

function keysOver(certificates: FakeCertificate[], options: { failSet?: number } = {}) {
  const crypt32 = new FakeCrypt32({ My: certificates });
  const security = new FakeKeySecurity(crypt32, ACCOUNTS, options);
  return { crypt32, security, keys: new WindowsKeyAccess(async () => ({ crypt32, security })) };
}

/** Every store closed, context freed, key handle freed and LocalAlloc'd block freed. */
function assertReleased(crypt32: FakeCrypt32, security: FakeKeySecurity): void {
  assert.equal(crypt32.openStores.size, 0, "a store was left open");
  assert.equal(crypt32.liveContexts.size, 0, "a certificate context was not freed");
  assert.equal(crypt32.liveKeys.size, 0, "a key handle was not freed");
  assert.equal(security.liveAllocations.size, 0, "memory the API allocated was not LocalFree'd");
}

const isCode = (code: string, pattern: RegExp) => (error: unknown) => error instanceof CertRebindError && error.code === code && pattern.test(error.message);

describe("WindowsKeyAccess over CNG", () => {
  it("reads the key's DACL: SYSTEM and Administrators read a default key, a service account does not", async () => {
    const { crypt32, security, keys } = keysOver([{ der: B, key: "cng" }, { der: A, key: "cng" }]);
    assert.equal(await keys.canRead(key, "LocalSystem"), true);
    assert.equal(await keys.canRead(key, "BUILTIN\\Administrators"), true);
    assert.equal(await keys.canRead(key, "NT SERVICE\\MSSQLSERVER"), false);
    assert.equal(await keys.canRead(key, "NT AUTHORITY\\NetworkService"), false);
    // CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG 0x40000 | CRYPT_ACQUIRE_SILENT_FLAG 0x40; DACL_SECURITY_INFORMATION | NCRYPT_SILENT_FLAG, size then data.
    assert.ok(crypt32.calls.includes("CryptAcquireCertificatePrivateKey 0x40040"));
    assert.deepEqual(security.calls.slice(0, 2), ["NCryptGetProperty Security Descr 0x44", "NCryptGetProperty Security Descr 0x44"]);
    assertReleased(crypt32, security);
  });

  it("grants GENERIC_READ to the account's SID before the inherited ACEs, persisted, and says what the DACL was", async () => {
    const certificate: FakeCertificate = { der: A, key: "cng", keySddl: "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;ID;GR;;;S-1-5-32-545)" };
    const { crypt32, security, keys } = keysOver([certificate]);
    const grant = await keys.grantRead(key, "NT SERVICE\\MSSQLSERVER");
    assert.deepEqual(grant, { key, account: "NT SERVICE\\MSSQLSERVER", before: "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;ID;GR;;;S-1-5-32-545)" });
    assert.equal(certificate.keySddl, `D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GR;;;${SQL_SID})(A;ID;GR;;;S-1-5-32-545)`);
    // DACL_SECURITY_INFORMATION | NCRYPT_SILENT_FLAG | NCRYPT_PERSIST_FLAG.
    assert.ok(security.calls.includes("NCryptSetProperty Security Descr 0x80000044"));
    assert.equal(await keys.canRead(key, "nt service\\mssqlserver"), true);
    assertReleased(crypt32, security);
  });

  it("revokes by putting the DACL back, though Windows spells its SIDs back as aliases", async () => {
    const certificate: FakeCertificate = { der: A, key: "cng" };
    const { crypt32, security, keys } = keysOver([certificate]);
    const grant = await keys.grantRead(key, "NT AUTHORITY\\NetworkService");
    assert.equal(certificate.keySddl, `${DEFAULT_KEY_SDDL}(A;;GR;;;S-1-5-20)`);
    assert.equal(await keys.canRead(key, "NT AUTHORITY\\NETWORK SERVICE"), true);
    await keys.revoke(grant);
    assert.equal(certificate.keySddl, DEFAULT_KEY_SDDL);
    assertReleased(crypt32, security);
  });

  it("changes nothing for an account that reads already, and its revoke writes nothing", async () => {
    const { security, keys } = keysOver([{ der: A, key: "cng", keySddl: `D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GR;;;${SQL_SID})` }]);
    await keys.revoke(await keys.grantRead(key, "NT SERVICE\\MSSQLSERVER"));
    assert.deepEqual(security.calls.filter((c) => c.startsWith("NCryptSet")), []);
  });

  it("keeps another's change made after the grant: revoke removes only the ACE the grant added", async () => {
    const certificate: FakeCertificate = { der: A, key: "cng" };
    const { keys } = keysOver([certificate]);
    const grant = await keys.grantRead(key, "NT SERVICE\\MSSQLSERVER");
    certificate.keySddl = `${certificate.keySddl}(A;;GR;;;S-1-5-21-1004336348-1177238915-682003330-1105)`;
    await keys.revoke(grant);
    assert.equal(certificate.keySddl, `${DEFAULT_KEY_SDDL}(A;;GR;;;S-1-5-21-1004336348-1177238915-682003330-1105)`);
  });

  it("tells the grant it would make without making it (grantFor): the DACL as it is, read, never set; its revoke takes back a grant made after", async () => {
    const certificate: FakeCertificate = { der: A, key: "cng", keySddl: "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;ID;GR;;;S-1-5-32-545)" };
    const { crypt32, security, keys } = keysOver([certificate]);
    const planned = await keys.grantFor!({ store: "My", thumbprint: thumb(A).toLowerCase() }, "CONTOSO\\sqlsvc");
    assert.deepEqual(planned, { key, account: "CONTOSO\\sqlsvc", before: "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;ID;GR;;;S-1-5-32-545)" });
    assert.equal(certificate.keySddl, "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;ID;GR;;;S-1-5-32-545)");
    assert.deepEqual(security.calls.filter((c) => c.startsWith("NCryptSet")), []);
    assert.ok(security.calls.includes("LookupAccountNameW CONTOSO\\sqlsvc"), "the account is taken to its SID as a grant takes it");
    await keys.grantRead(key, "CONTOSO\\sqlsvc");
    await keys.revoke(planned);
    assert.equal(certificate.keySddl, "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;ID;GR;;;S-1-5-32-545)");
    await assert.rejects(keys.grantFor!(key, "CONTOSO\\nobody"), isCode("CR4006", /LookupAccountNameW failed: ERROR_NONE_MAPPED/));
    await assert.rejects(keys.grantFor!({ store: "My", thumbprint: thumb(B) }, "CONTOSO\\sqlsvc"), isCode("CR4006", /CRYPT_E_NOT_FOUND/));
    assertReleased(crypt32, security);
  });

  it("reads a deny ACE before an allow one as no access", async () => {
    const { keys } = keysOver([{ der: A, key: "cng", keySddl: `D:(D;;GA;;;${SQL_SID})(A;;GR;;;WD)` }]);
    assert.equal(await keys.canRead(key, "NT SERVICE\\MSSQLSERVER"), false);
    assert.equal(await keys.canRead(key, "CONTOSO\\sqlsvc"), true);
  });

  it("cannot tell (null) for a certificate without a key or not in the store; a grant there fails with CR4006", async () => {
    const { crypt32, security, keys } = keysOver([{ der: A }]);
    assert.equal(await keys.canRead(key, "LocalSystem"), null);
    assert.equal(await keys.canRead({ store: "My", thumbprint: thumb(B) }, "LocalSystem"), null);
    await assert.rejects(keys.grantRead(key, "NT SERVICE\\MSSQLSERVER"), isCode("CR4006", /CryptAcquireCertificatePrivateKey failed: CRYPT_E_NO_KEY_PROPERTY/));
    await assert.rejects(keys.grantRead({ store: "My", thumbprint: thumb(B) }, "LocalSystem"), isCode("CR4006", /CRYPT_E_NOT_FOUND.*is not in the store/));
    assertReleased(crypt32, security);
  });

  it("fails with CR4006 naming the function and error: an account that does not resolve, a DACL that cannot be set", async () => {
    const { crypt32, security, keys } = keysOver([{ der: A, key: "cng" }], { failSet: 0x8009_0010 });
    await assert.rejects(keys.grantRead(key, "CONTOSO\\nobody"), isCode("CR4006", /LookupAccountNameW failed: ERROR_NONE_MAPPED \(1332\).*CONTOSO\\nobody/));
    await assert.rejects(keys.grantRead(key, "CONTOSO\\sqlsvc"), isCode("CR4006", /NCryptSetProperty failed: Win32 error 0x80090010/));
    assertReleased(crypt32, security);
  });

  it("refuses a bad account name, thumbprint or store before any call (CR2000)", async () => {
    const { crypt32, security, keys } = keysOver([{ der: A, key: "cng" }]);
    await assert.rejects(keys.grantRead(key, "x\\y\\z"), isCode("CR2000", /not an account name/));
    await assert.rejects(keys.grantRead({ store: "My", thumbprint: "12" }, "LocalSystem"), isCode("CR2000", /not a thumbprint/));
    await assert.rejects(keys.grantRead({ store: "My\\..", thumbprint: thumb(A) }, "LocalSystem"), isCode("CR2000", /not a certificate store name/));
    assert.deepEqual([...crypt32.calls, ...security.calls], []);
  });

  it("lists the readers besides SYSTEM and Administrators by name, a SID no account has as the SID, and null for no key", async () => {
    const { crypt32, security, keys } = keysOver([
      { der: A, key: "cng", keySddl: `D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GR;;;NS)(A;;GR;;;${SQL_SID})(A;;GR;;;S-1-5-21-1-2-3-4242)(A;;WD;;;S-1-5-21-1004336348-1177238915-682003330-1105)(A;IO;GR;;;S-1-5-32-545)` },
      { der: B },
    ]);
    assert.deepEqual(await keys.readers!(key), ["NT AUTHORITY\\NETWORK SERVICE", "NT SERVICE\\MSSQLSERVER", "S-1-5-21-1-2-3-4242"]);
    assert.equal(await keys.readers!({ store: "My", thumbprint: thumb(B) }), null);
    assertReleased(crypt32, security);
  });
});

describe("WindowsKeyAccess.revoke of a grant it did not make", () => {
  it("refuses a grant whose before is not a security descriptor (CR2000), calling nothing", async () => {
    const { crypt32, security, keys } = keysOver([{ der: A, key: "cng" }]);
    await assert.rejects(keys.revoke({ key, account: "NT SERVICE\\MSSQLSERVER", before: "D:(A;;GA;;;SY" }), isCode("CR2000", /does not hold a security descriptor/));
    assert.deepEqual([...crypt32.calls, ...security.calls], []);
  });
});
