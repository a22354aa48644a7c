import { generateKeyPairSync, type KeyObject, type X509Certificate } from "node:crypto";
import { parseX509, thumbprintOf } from "../../../core/certificate.js";
import type { StoredCertificate } from "../../../core/model.js";
import { buildCertificate } from "../../../core/x509/x509-builder.js";
import type { NameMap } from "./name-map.js";

/** The value of one attribute type (`CN`, `O`) of a distinguished name as node:crypto prints it (one per line). */
export const attribute = (dn: string, type: string): string | null => new RegExp(`(?:^|\\n)${type}=([^\\n]*)`).exec(dn)?.[1] ?? null;

/** Each certificate re-issued with its names mapped; its new thumbprint recorded as the old one's stand-in. */
export function reissue(parsed: readonly { stored: StoredCertificate; x509: X509Certificate | null }[], names: NameMap): Map<string, Buffer> {
  const keys = new Map<string, KeyObject>();
  const keyFor = (id: string) => {
    let key = keys.get(id);
    if (key === undefined) keys.set(id, (key = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey));
    return key;
  };
  const reissued = new Map<string, Buffer>();
  let serial = 1;
  for (const { x509 } of parsed) {
    if (x509 === null) continue;
    const original = thumbprintOf(x509);
    if (reissued.has(original)) continue; // the same certificate in another store: the same stand-in
    const spki = x509.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const selfSigned = x509.subject === x509.issuer;
    const dnsNames = (x509.subjectAltName ?? "").split(", ").filter((n) => n.startsWith("DNS:")).map((n) => names.host(n.slice(4)));
    const subjectO = attribute(x509.subject, "O");
    const issuerO = attribute(x509.issuer, "O");
    const der = buildCertificate({
      subjectCN: names.text(attribute(x509.subject, "CN") ?? "certificate"),
      ...(subjectO ? { subjectO: names.text(subjectO) } : {}),
      dnsNames,
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
      serialHex: (serial++).toString(16).padStart(4, "0"),
      ekus: x509.keyUsage ?? null,
      isCA: x509.ca,
      subjectKey: keyFor(spki),
      ...(selfSigned ? {} : { issuer: { cn: names.text(attribute(x509.issuer, "CN") ?? "issuer"), ...(issuerO ? { o: names.text(issuerO) } : {}), key: keyFor(`issuer:${x509.issuer}`) } }),
    });
    names.thumbprints.set(original, thumbprintOf(parseX509(der)));
    reissued.set(original, der);
  }
  return reissued;
}
