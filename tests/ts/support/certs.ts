import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { buildCertificate, SERVER_AUTH, toPem, type CertificateSpec } from "../../../ts-src/core/x509/x509-builder.js";

export { SERVER_AUTH, toPem };

const keys: KeyObject[] = [];

/** RSA keys made once per test process and reused: key generation is the slow part. */
export function testKey(index: number): KeyObject {
  while (keys.length <= index) {
    keys.push(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
  }
  return keys[index]!;
}

export interface TestCertificate {
  der: Buffer;
  key: KeyObject;
  keyPem: string;
}

let serial = 1;

/** A leaf certificate signed by a test CA key; options override the defaults (valid 2026, serverAuth). */
export function testCertificate(options: Partial<CertificateSpec> & { keyIndex?: number } = {}): TestCertificate {
  const key = testKey(options.keyIndex ?? 1);
  const der = buildCertificate({
    subjectCN: options.dnsNames?.[0] ?? "www.contoso.com",
    dnsNames: ["www.contoso.com"],
    notBefore: new Date("2026-01-01T00:00:00Z"),
    notAfter: new Date("2027-01-01T00:00:00Z"),
    serialHex: (serial++).toString(16).padStart(4, "0"),
    ekus: [SERVER_AUTH],
    issuer: { cn: "Test CA", key: testKey(0) },
    ...options,
    subjectKey: key,
  });
  return { der, key, keyPem: key.export({ type: "pkcs8", format: "pem" }).toString() };
}
