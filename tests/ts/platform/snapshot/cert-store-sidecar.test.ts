import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SnapshotCertStore } from "../../../../ts-src/platform/snapshot/cert-store.js";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { testCertificate, toPem } from "../../support/certs.js";
import { testDir } from "../../support/snapshot.js";

const cert = testCertificate({ keyIndex: 1 });
const otherKey = testCertificate({ keyIndex: 2 }).keyPem;

async function hasPrivateKey(files: Record<string, string>): Promise<{ has: boolean; warnings: string[] }> {
  const store = new SnapshotCertStore(testDir({ "certs/My/site.cer": toPem(cert.der), ...files }));
  const [listed] = await store.list();
  return { has: listed!.hasPrivateKey, warnings: store.warnings };
}

describe("SnapshotCertStore: the sidecar's hasPrivateKey", () => {
  it("says the certificate has its key where there is no key file", async () => {
    assert.equal((await hasPrivateKey({ "certs/My/site.json": '{ "hasPrivateKey": true }' })).has, true);
    assert.equal((await hasPrivateKey({ "certs/My/site.json": '{ "hasPrivateKey": false, "archived": false }' })).has, false);
    assert.equal((await hasPrivateKey({ "certs/My/site.json": '{ "archived": false }' })).has, false);
    assert.equal((await hasPrivateKey({})).has, false);
  });

  it("does not decide where a key file is present: the key file does", async () => {
    const mismatched = await hasPrivateKey({ "certs/My/site.json": '{ "hasPrivateKey": true }', "certs/My/site.key": otherKey });
    assert.equal(mismatched.has, false);
    assert.match(mismatched.warnings.join("\n"), /is not the private key of its certificate/);
    assert.equal((await hasPrivateKey({ "certs/My/site.json": '{ "hasPrivateKey": false }', "certs/My/site.key": cert.keyPem })).has, true);
  });

  it("refuses a hasPrivateKey that is not true or false (CR2003)", async () => {
    const store = new SnapshotCertStore(testDir({ "certs/My/site.cer": toPem(cert.der), "certs/My/site.json": '{ "hasPrivateKey": "yes" }' }));
    await assert.rejects(store.list(), (error: unknown) => error instanceof CertRebindError && error.code === "CR2003" && /hasPrivateKey/.test(error.message));
  });
});
