import fc from "fast-check";
import { testCertificate, toPem, type TestCertificate } from "../certs.js";

/*
 * Certificate files of a snapshot host (`certs/<Store>/<name>.cer|.pem` and `.key`): certificates with generated
 * names and validity, as DER or PEM, and their keys as PEM or DER PKCS#8. Keys come from the shared test keys, so
 * generating many certificates stays cheap.
 */

export interface GeneratedCertificate {
  cert: TestCertificate;
  subjectCN: string;
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
}

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const dnsName = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom("com", "local", "example")).map(([labels, tld]) => [...labels, tld].join("."));

/** Whole seconds: X.509 times carry no fraction. UTCTime until 2049, GeneralizedTime after. */
const instant = fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2120, 0, 1) / 1000 }).map((s) => new Date(s * 1000));

export const generatedCertificate: fc.Arbitrary<GeneratedCertificate> = fc
  .record({
    dnsNames: fc.array(dnsName, { maxLength: 3 }),
    cn: dnsName,
    times: fc.tuple(instant, instant).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [Date, Date]),
    keyIndex: fc.constantFrom(1, 2),
  })
  .map(({ dnsNames, cn, times: [notBefore, notAfter], keyIndex }) => {
    const subjectCN = dnsNames[0] ?? cn;
    return { cert: testCertificate({ subjectCN, dnsNames, notBefore, notAfter, keyIndex }), subjectCN, dnsNames, notBefore, notAfter };
  });

/** The certificate file as DER or PEM (with the extension it would have). */
export const certificateFile = (generated: GeneratedCertificate): fc.Arbitrary<{ name: string; bytes: Buffer }> =>
  fc.constantFrom(
    { name: "cert.cer", bytes: generated.cert.der },
    { name: "cert.der", bytes: generated.cert.der },
    { name: "cert.pem", bytes: Buffer.from(toPem(generated.cert.der)) },
    { name: "cert.crt", bytes: Buffer.from(toPem(generated.cert.der).replaceAll("\n", "\r\n")) },
  );

/** The private key file as PEM or DER PKCS#8. */
export const keyFile = (generated: GeneratedCertificate): fc.Arbitrary<Buffer> =>
  fc.constantFrom(Buffer.from(generated.cert.keyPem), generated.cert.key.export({ type: "pkcs8", format: "der" }));
