import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import {
  allowsServerAuth,
  certificateFromStore,
  certificateState,
  daysLeft,
  dnsNamesOf,
  parseX509,
  privateKeyMatches,
} from "../../../ts-src/core/certificate.js";
import { SERVER_AUTH, testCertificate, testKey, toPem } from "../support/certs.js";

const stored = (der: Buffer, extra: Partial<Parameters<typeof certificateFromStore>[0]> = {}) =>
  certificateFromStore({ store: "My", der, hasPrivateKey: true, archived: false, friendlyName: null, renewalThumbprint: null, source: "test", ...extra });

test("the thumbprint is the SHA-1 of the DER, upper-case, from DER and from PEM alike", () => {
  const { der } = testCertificate();
  const expected = new X509Certificate(der).fingerprint.replace(/:/g, "");
  assert.match(expected, /^[0-9A-F]{40}$/);
  assert.equal(stored(der).thumbprint, expected);
  assert.equal(stored(Buffer.from(toPem(der))).thumbprint, expected);
});

test("subject, issuer, names, validity and EKUs are read from the certificate", () => {
  const { der } = testCertificate({
    subjectCN: "www.contoso.com",
    subjectO: "Contoso",
    dnsNames: ["www.contoso.com", "shop.contoso.com", "*.api.contoso.com"],
    notBefore: new Date("2026-02-01T00:00:00Z"),
    notAfter: new Date("2026-12-20T00:00:00Z"),
  });
  const cert = stored(der, { store: "WebHosting", friendlyName: "www" });
  assert.equal(cert.subject, "CN=www.contoso.com, O=Contoso");
  assert.equal(cert.issuer, "CN=Test CA");
  assert.deepEqual(cert.dnsNames, ["www.contoso.com", "shop.contoso.com", "*.api.contoso.com"]);
  assert.equal(cert.notBefore.toISOString(), "2026-02-01T00:00:00.000Z");
  assert.equal(cert.notAfter.toISOString(), "2026-12-20T00:00:00.000Z");
  assert.deepEqual(cert.ekus, [SERVER_AUTH]);
  assert.equal(cert.store, "WebHosting");
  assert.equal(cert.friendlyName, "www");
});

test("a certificate without SAN is named by its subject CN", () => {
  const { der } = testCertificate({ subjectCN: "legacy.contoso.local", dnsNames: [] });
  assert.deepEqual(dnsNamesOf(new X509Certificate(der)), ["legacy.contoso.local"]);
});

const ekuCases: [string, string[] | null, boolean][] = [
  ["serverAuth", [SERVER_AUTH], true],
  ["no EKU extension (any purpose)", null, true],
  ["clientAuth only", ["1.3.6.1.5.5.7.3.2"], false],
];
for (const [name, ekus, expected] of ekuCases) {
  test(`allowsServerAuth: ${name} → ${expected}`, () => {
    assert.equal(allowsServerAuth(stored(testCertificate({ ekus }).der)), expected);
  });
}

const stateCases: [string, string, number][] = [
  ["2025-12-31T23:59:59Z", "notYetValid", 365],
  ["2026-06-01T00:00:00Z", "valid", 214],
  ["2026-12-02T00:00:00Z", "expiring", 30],
  ["2026-12-31T00:00:00Z", "expiring", 1],
  ["2027-01-01T00:00:00Z", "expired", 0],
];
for (const [now, state, days] of stateCases) {
  test(`certificateState at ${now} is ${state}`, () => {
    const cert = stored(testCertificate().der);
    assert.equal(certificateState(cert, new Date(now)), state);
    assert.equal(daysLeft(cert, new Date(now)), days);
  });
}

test("privateKeyMatches tells the certificate's own key from another", () => {
  const { der, key } = testCertificate({ keyIndex: 1 });
  const x509 = new X509Certificate(der);
  assert.equal(privateKeyMatches(x509, key), true);
  assert.equal(privateKeyMatches(x509, testKey(2)), false);
});

// Found by cert-store.property.test.ts: a certificate whose time OpenSSL cannot read ("Bad time value") was accepted,
// and showing it failed with a RangeError.
test("parseX509 refuses a certificate whose validity time cannot be read", () => {
  const { der } = testCertificate();
  const at = der.indexOf(Buffer.from("260101000000Z"));
  const broken = Buffer.from(der);
  broken.write("261301000000Z", at, "latin1");
  assert.throws(() => parseX509(broken), /its notBefore time cannot be read \('Bad time value'\)/);
  assert.throws(() => stored(broken), /notBefore/);
});
