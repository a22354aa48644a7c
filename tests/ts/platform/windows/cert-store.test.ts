import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { WindowsCertStore } from "../../../../ts-src/platform/windows/cert-store.js";
import { WIN32_ERRORS } from "../../../../ts-src/platform/windows/httpapi/win32-errors.js";
import { testCertificate } from "../../support/certs.js";
import { FakeCrypt32, type FakeCertificate, type FakeCrypt32Options } from "../../support/fake-crypt32.js";

const A = testCertificate({ dnsNames: ["a.contoso.com"] }).der;
const B = testCertificate({ dnsNames: ["b.contoso.com"] }).der;
const C = testCertificate({ dnsNames: ["c.contoso.com"] }).der;
const thumb = (der: Buffer) => new X509Certificate(der).fingerprint.replaceAll(":", "");
const NTE_BAD_KEYSET = WIN32_ERRORS.NTE_BAD_KEYSET;

function storeOver(stores: Record<string, FakeCertificate[]>, options: FakeCrypt32Options = {}, names?: string[]) {
  const api = new FakeCrypt32(stores, options);
  return { api, store: new WindowsCertStore(async () => api, names) };
}

/** Every store closed, every context and key handle released. */
function assertReleased(api: FakeCrypt32): void {
  assert.equal(api.openStores.size, 0, "a store was left open");
  assert.equal(api.liveContexts.size, 0, "a certificate context was not freed");
  assert.equal(api.liveKeys.size, 0, "a private key handle was not freed");
}

const isWin32Failure = (pattern: RegExp) => (error: unknown) => error instanceof CertRebindError && error.code === "CR4006" && pattern.test(error.message);

describe("WindowsCertStore over crypt32", () => {
  it("opens My and WebHosting of LocalMachine read-only, existing only, archived included, through the system store provider", async () => {
    const { api, store } = storeOver({ My: [], WebHosting: [] });
    await store.list();
    // CERT_STORE_PROV_SYSTEM_W (10), no encoding, no provider; LOCAL_MACHINE 0x20000 | READONLY 0x8000 | OPEN_EXISTING 0x4000 | ENUM_ARCHIVED 0x200.
    assert.deepEqual(api.calls, ["CertOpenStore 10 0 0 0x2c200 My", "CertOpenStore 10 0 0 0x2c200 WebHosting"]);
    assertReleased(api);
  });

  it("reads each certificate's DER, archived flag, renewal link, friendly name, key and store", async () => {
    const { api, store } = storeOver({
      My: [
        { der: A, key: "csp", friendlyName: "www 2025", renewal: thumb(B).toLowerCase(), archived: true },
        { der: B, key: "cng", friendlyName: "Zertifikat für www – 2026 ✓" },
      ],
      WebHosting: [{ der: C }],
    });
    const listed = await store.list();
    assert.deepEqual(
      listed.map(({ der, ...rest }) => ({ ...rest, thumbprint: thumb(der) })),
      [
        { store: "My", hasPrivateKey: true, archived: true, friendlyName: "www 2025", renewalThumbprint: thumb(B), source: `Cert:\\LocalMachine\\My\\${thumb(A)}`, thumbprint: thumb(A) },
        { store: "My", hasPrivateKey: true, archived: false, friendlyName: "Zertifikat für www – 2026 ✓", renewalThumbprint: null, source: `Cert:\\LocalMachine\\My\\${thumb(B)}`, thumbprint: thumb(B) },
        { store: "WebHosting", hasPrivateKey: false, archived: false, friendlyName: null, renewalThumbprint: null, source: `Cert:\\LocalMachine\\WebHosting\\${thumb(C)}`, thumbprint: thumb(C) },
      ],
    );
    assert.ok(listed[0]!.der.equals(A) && listed[1]!.der.equals(B) && listed[2]!.der.equals(C), "the DER is the certificate's, byte for byte");
    assertReleased(api);
  });

  it("reads a friendly name with or without its terminating NUL; an empty one is none", async () => {
    const { store } = storeOver({
      My: [
        { der: A, friendlyName: Buffer.from("no NUL", "utf16le") },
        { der: B, friendlyName: Buffer.from("two\0\0", "utf16le") },
        { der: C, friendlyName: Buffer.from("\0", "utf16le") },
      ],
    });
    assert.deepEqual((await store.list()).map((c) => c.friendlyName), ["no NUL", "two", null]);
  });

  it("opens the private key silently, CNG allowed, and frees each handle the way its key spec says", async () => {
    const { api, store } = storeOver({ My: [{ der: A, key: "csp" }, { der: B, key: "cng" }, { der: C }] });
    assert.deepEqual((await store.list()).map((c) => c.hasPrivateKey), [true, true, false]);
    // CRYPT_ACQUIRE_SILENT_FLAG 0x40 | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG 0x10000; none for the certificate with no key.
    assert.deepEqual(api.calls.filter((c) => c.startsWith("CryptAcquire")), ["CryptAcquireCertificatePrivateKey 0x10040", "CryptAcquireCertificatePrivateKey 0x10040"]);
    assert.deepEqual(api.freedKeys, ["CryptReleaseContext", "NCryptFreeObject"]);
    assertReleased(api);
  });

  it("counts a key that is recorded but cannot be opened without a prompt as absent, and says why", async () => {
    const { store } = storeOver({ My: [{ der: A, key: { unusable: WIN32_ERRORS.NTE_SILENT_CONTEXT } }, { der: B, key: { unusable: NTE_BAD_KEYSET } }] });
    assert.deepEqual((await store.list()).map((c) => c.hasPrivateKey), [false, false]);
    assert.equal(store.warnings.length, 2);
    assert.match(store.warnings[0]!, new RegExp(`Cert:\\\\LocalMachine\\\\My\\\\${thumb(A)} records a private key, but CryptAcquireCertificatePrivateKey cannot open it without a prompt: NTE_SILENT_CONTEXT \\(0x80090022\\)`));
    assert.match(store.warnings[1]!, /NTE_BAD_KEYSET \(0x80090016\)/);
    await store.list();
    assert.equal(store.warnings.length, 2, "a second read says it once");
  });

  it("skips a store that does not exist", async () => {
    const { api, store } = storeOver({ WebHosting: [{ der: C }] });
    assert.deepEqual((await store.list()).map((c) => c.store), ["WebHosting"]);
    assertReleased(api);
  });

  it("also reads the stores the bindings name, once each whatever their case, and refuses none by surprise", async () => {
    const { api, store } = storeOver({ My: [{ der: A }], WebHosting: [], Shared: [{ der: B }] });
    const listed = await store.list(["MY", "Shared", "webhosting", "Missing", "Shared"]);
    assert.deepEqual(listed.map((c) => c.source), [`Cert:\\LocalMachine\\My\\${thumb(A)}`, `Cert:\\LocalMachine\\Shared\\${thumb(B)}`]);
    assert.deepEqual(api.calls.map((c) => c.split(" ").at(-1)), ["My", "WebHosting", "Shared", "Missing"]);
    assert.deepEqual(store.warnings, []);
    assertReleased(api);
  });

  it("never opens a store whose name a binding gives but is not a store name, and warns instead", async () => {
    const { api, store } = storeOver({ My: [], WebHosting: [] });
    await store.list(["My\\..\\Root", "Root'; x", "", "a".repeat(65), "1My"]);
    assert.deepEqual(api.calls.map((c) => c.split(" ").at(-1)), ["My", "WebHosting"]);
    assert.equal(store.warnings.length, 4, "the empty name is MY, the others are each said");
    assert.match(store.warnings[0]!, /names the certificate store "My\\\\\.\.\\\\Root", which is not a store name/);
  });

  it("refuses a store name given to the constructor that is not one (CR2000)", () => {
    for (const bad of ["My'; Remove-Item C:\\ -Recurse; '", "", "1My", "My\\Sub", "My$x", "a".repeat(65), "Mÿ"]) {
      assert.throws(() => new WindowsCertStore(async () => new FakeCrypt32({}), ["My", bad]), (error: unknown) => error instanceof CertRebindError && error.code === "CR2000");
    }
  });

  it("fails with CR4006 naming CertOpenStore, the error and the store when a store cannot be opened", async () => {
    const { api, store } = storeOver({ My: [{ der: A }], WebHosting: [] }, { failOpen: { webhosting: WIN32_ERRORS.ERROR_ACCESS_DENIED } });
    await assert.rejects(store.list(), isWin32Failure(/^CertOpenStore failed: ERROR_ACCESS_DENIED \(5\) \(LocalMachine\\WebHosting\)$/));
    assertReleased(api);
  });

  it("fails with CR4006 when the enumeration fails mid-store, freeing what it held", async () => {
    const { api, store } = storeOver({ My: [{ der: A, key: "csp" }, { der: B }] }, { failEnumAt: { call: 2, error: WIN32_ERRORS.ERROR_NOT_ENOUGH_MEMORY } });
    await assert.rejects(store.list(), isWin32Failure(/^CertEnumCertificatesInStore failed: ERROR_NOT_ENOUGH_MEMORY \(8\)/));
    assertReleased(api);
  });

  it("fails with CR4006 when a property cannot be read, freeing the context it was reading", async () => {
    const { api, store } = storeOver({ My: [{ der: A }, { der: B }] }, { failProperty: { propId: 11, error: WIN32_ERRORS.ERROR_INVALID_PARAMETER } });
    await assert.rejects(store.list(), isWin32Failure(/^CertGetCertificateContextProperty failed: ERROR_INVALID_PARAMETER \(87\) \(property 11 of Cert:\\LocalMachine\\My\\/));
    assertReleased(api);
  });

  it("refuses a renewal link that is not a 20-byte SHA-1 hash (CR4006), freeing the context", async () => {
    const { api, store } = storeOver({ My: [{ der: A, renewal: Buffer.from("4142", "hex") }] });
    await assert.rejects(store.list(), isWin32Failure(/CERT_RENEWAL_PROP_ID of Cert:\\LocalMachine\\My\\[0-9A-F]{40} is 2 bytes, not a 20-byte SHA-1 hash/));
    assertReleased(api);
  });

  it("opens crypt32 once for several reads", async () => {
    let opened = 0;
    const api = new FakeCrypt32({ My: [{ der: A }] });
    const store = new WindowsCertStore(async () => (opened += 1, api));
    await store.list();
    await store.list();
    assert.equal(opened, 1);
  });
});
