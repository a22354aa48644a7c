import assert from "node:assert/strict";
import crypto from "node:crypto";
import { describe, it } from "node:test";
import { CLIENT_AUTH, SERVER_AUTH, buildCertificate, thumbprintOf, toPem } from "../../../ts-src/core/x509/x509-builder.js";

const newKey = () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const caKey = newKey();
const leafKey = newKey();
const otherKey = newKey();

const ca = { cn: "Contoso Test Root CA", o: "Contoso Ltd", key: caKey };
const caDer = buildCertificate({
  subjectCN: ca.cn,
  subjectO: ca.o,
  notBefore: new Date("2023-01-01T00:00:00Z"),
  notAfter: new Date("2043-01-01T00:00:00Z"),
  serialHex: "01",
  isCA: true,
  subjectKey: caKey,
});

const leafSpec = {
  subjectCN: "www.contoso.com",
  subjectO: "Contoso Ltd",
  dnsNames: ["www.contoso.com", "contoso.com", "shop.contoso.com"],
  notBefore: new Date("2025-12-20T00:00:00Z"),
  notAfter: new Date("2026-12-20T00:00:00Z"),
  serialHex: "9f3c0a5e71d2b48c",
  ekus: [SERVER_AUTH],
  subjectKey: crypto.createPublicKey(leafKey),
  issuer: ca,
};

describe("buildCertificate", () => {
  const leaf = new crypto.X509Certificate(buildCertificate(leafSpec));
  const root = new crypto.X509Certificate(caDer);

  it("gives a certificate node parses, with the subject, names and validity of the spec", () => {
    assert.equal(leaf.subject, "O=Contoso Ltd\nCN=www.contoso.com");
    assert.equal(leaf.issuer, "O=Contoso Ltd\nCN=Contoso Test Root CA");
    assert.equal(leaf.subjectAltName, "DNS:www.contoso.com, DNS:contoso.com, DNS:shop.contoso.com");
    assert.equal(new Date(leaf.validFrom).toISOString(), "2025-12-20T00:00:00.000Z");
    assert.equal(new Date(leaf.validTo).toISOString(), "2026-12-20T00:00:00.000Z");
    assert.equal(leaf.serialNumber, "9F3C0A5E71D2B48C");
    assert.equal(leaf.ca, false);
  });

  it("is signed by the issuer and self-signs a CA", () => {
    assert.equal(leaf.verify(root.publicKey), true);
    assert.equal(leaf.checkIssued(root), true);
    assert.equal(leaf.verify(crypto.createPublicKey(otherKey)), false);
    assert.equal(root.verify(root.publicKey), true);
    assert.equal(root.ca, true);
    assert.equal(root.subject, root.issuer);
  });

  it("matches the subject's private key and no other", () => {
    assert.equal(leaf.checkPrivateKey(leafKey), true);
    assert.equal(leaf.checkPrivateKey(otherKey), false);
    assert.equal(root.checkPrivateKey(caKey), true);
  });

  it("gives identical bytes when built twice", () => {
    assert.deepEqual(buildCertificate(leafSpec), buildCertificate(leafSpec));
    assert.deepEqual(buildCertificate({ ...leafSpec, subjectKey: leafKey }), buildCertificate(leafSpec));
  });

  it("writes the EKU OIDs given, and no EKU extension without them", () => {
    assert.deepEqual(leaf.keyUsage, [SERVER_AUTH]);
    const both = new crypto.X509Certificate(buildCertificate({ ...leafSpec, ekus: [SERVER_AUTH, CLIENT_AUTH] }));
    assert.deepEqual(both.keyUsage, [SERVER_AUTH, CLIENT_AUTH]);
    for (const ekus of [null, undefined]) {
      const none = new crypto.X509Certificate(buildCertificate({ ...leafSpec, ekus }));
      assert.equal(none.keyUsage, undefined);
    }
  });

  it("uses GeneralizedTime from 2050 on", () => {
    const late = buildCertificate({ ...leafSpec, notAfter: new Date("2051-06-30T12:34:56Z") });
    assert.ok(late.includes(Buffer.from("20510630123456Z")));
    assert.equal(new Date(new crypto.X509Certificate(late).validTo).toISOString(), "2051-06-30T12:34:56.000Z");
    assert.ok(buildCertificate(leafSpec).includes(Buffer.from("261220000000Z")));
  });

  it("keeps a serial with the high bit set positive", () => {
    const cert = new crypto.X509Certificate(buildCertificate({ ...leafSpec, serialHex: "80ff" }));
    assert.equal(cert.serialNumber, "80FF");
  });

  it("leaves the SAN extension out when there are no DNS names", () => {
    const cert = new crypto.X509Certificate(buildCertificate({ ...leafSpec, dnsNames: [] }));
    assert.equal(cert.subjectAltName, undefined);
  });

  it("refuses a self-signed certificate without the private key", () => {
    assert.throws(() => buildCertificate({ ...leafSpec, issuer: undefined }), /private key/);
  });

  it("prints PEM and the upper-case SHA-1 thumbprint", () => {
    const der = buildCertificate(leafSpec);
    assert.deepEqual(new crypto.X509Certificate(toPem(der)).raw, der);
    assert.equal(thumbprintOf(der), leaf.fingerprint.replaceAll(":", ""));
    assert.match(thumbprintOf(der), /^[0-9A-F]{40}$/);
  });
});
