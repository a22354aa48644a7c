import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { certificateFromStore } from "../../../../ts-src/core/certificate.js";
import { certificateView, type CertificateView } from "../../../../ts-src/core/inventory.js";
import { SnapshotCertStore } from "../../../../ts-src/platform/snapshot/cert-store.js";
import { certificateFile, generatedCertificate, keyFile } from "../../support/arbitraries/certificates.js";
import { mutatedBytes, mutatedText } from "../../support/arbitraries/mutations.js";
import { assertHostFileError, checkProperty, timedAsync, valueOf, type Outcome } from "../../support/property.js";
import { testDir } from "../../support/snapshot.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const PEM_TOKENS = ["-----BEGIN CERTIFICATE-----\n", "-----END CERTIFICATE-----\n", "=", "\n", "-----BEGIN PRIVATE KEY-----\n", "A"];
const JSON_TOKENS = ['"archived": true', '"friendlyName": 1', '"renewalThumbprint": "xyz"', "null", "[]", "{", "}", ",", '"'];

/** A store folder written afresh for each case: certs/My/ with the given files. */
function storeWith(root: string, files: Record<string, Buffer | string>): string {
  const dir = join(root, "certs", "My");
  rmSync(join(root, "certs"), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Lists the store, then makes of each certificate what `bindings` and `rebind` show: none of it may throw. */
async function listAndView(root: string): Promise<{ outcome: Outcome<CertificateView[]>; warnings: string[] }> {
  const store = new SnapshotCertStore(root);
  const listed = await timedAsync("SnapshotCertStore.list", () => store.list());
  if (!listed.ok) return { outcome: listed, warnings: store.warnings };
  const views = listed.value.map((stored) => certificateView(certificateFromStore(stored), NOW));
  for (const view of views) {
    assert.ok(!Number.isNaN(Date.parse(view.notBefore)) && !Number.isNaN(Date.parse(view.notAfter)), JSON.stringify(view));
  }
  return { outcome: { ok: true, value: views }, warnings: store.warnings };
}

describe("SnapshotCertStore on generated certificates", () => {
  it("reads any generated certificate, DER or PEM, with its names, validity and thumbprint", async (t) => {
    const root = testDir();
    await checkProperty(
      t,
      fc.asyncProperty(
        generatedCertificate.chain((g) => fc.tuple(fc.constant(g), certificateFile(g))),
        async ([generated, file]) => {
          storeWith(root, { [file.name]: file.bytes });
          const views = valueOf((await listAndView(root)).outcome);
          assert.equal(views.length, 1);
          const view = views[0]!;
          assert.equal(view.thumbprint, createHash("sha1").update(generated.cert.der).digest("hex").toUpperCase());
          assert.equal(view.subject, `CN=${generated.subjectCN}`);
          assert.deepEqual(view.dnsNames, generated.dnsNames.length > 0 ? generated.dnsNames : [generated.subjectCN]);
          assert.equal(view.notBefore, generated.notBefore.toISOString());
          assert.equal(view.notAfter, generated.notAfter.toISOString());
          assert.equal(view.hasPrivateKey, false);
        },
      ),
      60,
    );
  });
});

describe("SnapshotCertStore on mutated certificate files", () => {
  const file = (root: string, name: string) => join(root, "certs", "My", name);

  it("reads a mutated DER or PEM certificate or refuses its file with CR2003, never anything else", async (t) => {
    const root = testDir();
    const der = generatedCertificate.map((g) => g.cert.der);
    const pem = generatedCertificate.map((g) => Buffer.from(`-----BEGIN CERTIFICATE-----\n${g.cert.der.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`));
    const mutated = fc.oneof(
      mutatedBytes(der).map((bytes) => ({ name: "cert.cer", bytes })),
      mutatedText(pem.map((b) => b.toString()), PEM_TOKENS).map((text) => ({ name: "cert.pem", bytes: Buffer.from(text) })),
    );
    await checkProperty(
      t,
      fc.asyncProperty(mutated, async ({ name, bytes }) => {
        storeWith(root, { [name]: bytes });
        const { outcome } = await listAndView(root);
        if (!outcome.ok) assertHostFileError(outcome.error, file(root, name));
      }),
      200,
    );
  });

  it("counts a certificate with a mutated key as having no private key, with a warning", async (t) => {
    const root = testDir();
    await checkProperty(
      t,
      fc.asyncProperty(
        generatedCertificate.chain((g) => fc.tuple(fc.constant(g), mutatedBytes(keyFile(g)))),
        async ([generated, key]) => {
          storeWith(root, { "cert.cer": generated.cert.der, "cert.key": key });
          const { outcome, warnings } = await listAndView(root);
          if (!valueOf(outcome)[0]!.hasPrivateKey) assert.equal(warnings.length, 1, "a key that is not used is reported");
        },
      ),
      80,
    );
  });

  it("reads mutated store properties (.json) or refuses them with CR2003", async (t) => {
    const root = testDir();
    const json = fc.constantFrom('{ "archived": false, "friendlyName": "www", "renewalThumbprint": "1A202ED21D19F873E0A448F967DFE428F278FCCD" }', '\uFEFF{ "archived": true }');
    const der = generatedCertificate.map((g) => g.cert.der);
    await checkProperty(
      t,
      fc.asyncProperty(der, mutatedText(json, JSON_TOKENS), async (cert, properties) => {
        storeWith(root, { "cert.cer": cert, "cert.json": properties });
        const { outcome } = await listAndView(root);
        if (!outcome.ok) assertHostFileError(outcome.error, file(root, "cert.json"));
      }),
      80,
    );
  });
});
