/**
 * Builds X.509 v3 certificates (RFC 5280) with node:crypto alone, signed with RSA PKCS#1 v1.5 and SHA-256.
 * That signature scheme is deterministic, so a spec and a key always give the same bytes.
 */
import crypto from "node:crypto";
import {
  type Der,
  bitString,
  boolean,
  explicit,
  ia5Bytes,
  implicitPrimitive,
  namedBits,
  nullValue,
  octetString,
  oid,
  readTlv,
  sequence,
  setOf,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from "./der.js";

export const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
export const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

export interface CertificateSpec {
  subjectCN: string;
  subjectO?: string;
  /** SAN dNSName entries, A-labels as given. */
  dnsNames?: string[];
  /** UTCTime through 2049, GeneralizedTime from 2050. */
  notBefore: Date;
  notAfter: Date;
  serialHex: string;
  /** Extended key usage OIDs; null or absent: no EKU extension. */
  ekus?: string[] | null;
  isCA?: boolean;
  /** Public or private key of the subject; a self-signed certificate needs the private one. */
  subjectKey: crypto.KeyObject;
  /** Absent: self-signed with the subject's private key. */
  issuer?: { cn: string; o?: string; key: crypto.KeyObject };
}

const OID = {
  sha256WithRsa: "1.2.840.113549.1.1.11",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
} as const;

const KEY_USAGE_BIT = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

function name(cn: string, o?: string): Der {
  const rdn = (type: string, value: string) => setOf(sequence(oid(type), utf8String(value)));
  return sequence(...(o === undefined ? [] : [rdn(OID.organization, o)]), rdn(OID.commonName, cn));
}

function publicKeyOf(key: crypto.KeyObject): crypto.KeyObject {
  return key.type === "private" ? crypto.createPublicKey(key) : key;
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: Buffer): Buffer {
  const algorithm = readTlv(readTlv(spki).content);
  const bits = readTlv(readTlv(spki).content, algorithm.end);
  return crypto.createHash("sha1").update(bits.content.subarray(1)).digest();
}

function extension(id: string, critical: boolean, value: Der): Der {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function extensions(spec: CertificateSpec, subjectKeyId: Buffer, authorityKeyId: Buffer): Der {
  const ca = spec.isCA === true;
  const usage = ca
    ? [KEY_USAGE_BIT.keyCertSign, KEY_USAGE_BIT.cRLSign]
    : [KEY_USAGE_BIT.digitalSignature, KEY_USAGE_BIT.keyEncipherment];
  const list = [
    extension(OID.basicConstraints, true, ca ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, namedBits(usage)),
  ];
  if (spec.ekus) list.push(extension(OID.extKeyUsage, false, sequence(...spec.ekus.map(oid))));
  const dnsNames = spec.dnsNames ?? [];
  if (dnsNames.length > 0) {
    list.push(extension(OID.subjectAltName, false, sequence(...dnsNames.map((n) => implicitPrimitive(2, ia5Bytes(n))))));
  }
  list.push(extension(OID.subjectKeyIdentifier, false, octetString(subjectKeyId)));
  list.push(extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, authorityKeyId))));
  return explicit(3, sequence(...list));
}

/** The certificate, DER-encoded. */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const signingKey = spec.issuer?.key ?? spec.subjectKey;
  if (signingKey.type !== "private") {
    throw new Error(spec.issuer ? "the issuer key must be a private key" : "a self-signed certificate needs the subject's private key");
  }
  if (signingKey.asymmetricKeyType !== "rsa") throw new Error(`only RSA signing keys are supported, got ${signingKey.asymmetricKeyType}`);
  if (spec.notAfter.getTime() < spec.notBefore.getTime()) throw new Error("notAfter is before notBefore");

  const spki = publicKeyOf(spec.subjectKey).export({ type: "spki", format: "der" });
  const subjectKeyId = keyIdentifier(spki);
  const authorityKeyId = spec.issuer ? keyIdentifier(publicKeyOf(spec.issuer.key).export({ type: "spki", format: "der" })) : subjectKeyId;
  const algorithm = sequence(oid(OID.sha256WithRsa), nullValue());

  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(spec.serialHex),
    algorithm,
    spec.issuer ? name(spec.issuer.cn, spec.issuer.o) : name(spec.subjectCN, spec.subjectO),
    sequence(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subjectCN, spec.subjectO),
    spki,
    extensions(spec, subjectKeyId, authorityKeyId),
  );
  const signature = crypto.sign("sha256", tbs, signingKey);
  return sequence(tbs, algorithm, bitString(signature));
}

export function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** SHA-1 of the DER, 40 upper-case hex: what Windows shows as the thumbprint. */
export function thumbprintOf(der: Buffer): string {
  return crypto.createHash("sha1").update(der).digest("hex").toUpperCase();
}
