/** Writes the demo snapshot host: certificates, HTTP.sys records (records.json), applicationHost.config, lifecycle logs and the other TLS services. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CLIENT_AUTH, SERVER_AUTH, buildCertificate, thumbprintOf } from "../../ts-src/core/x509/x509-builder.js";
import { applicationHostConfig } from "./application-host.js";
import { loadKeys } from "./keys.js";
import { type CertificateDetails, formatEventLog } from "./lifecycle-events.js";
import { printRecordsJson } from "../../ts-src/platform/formats/httpsys-records-json.js";
import { serviceFiles } from "./services.js";
import { CA, CERTIFICATES, type DemoCertificate, lifecycleEvents, sslRecords } from "./story.js";

export interface DemoHostOptions {
  /** The snapshot host directory to write. */
  out: string;
  /** Where the test keys are (ca.key and one `<name>.key` per certificate). */
  keys: string;
  /** Generate new keys into `keys` first. */
  newKeys: boolean;
}

export interface DemoHostResult {
  /** Upper-case thumbprint by certificate name. */
  thumbprints: Map<string, string>;
  files: string[];
}

const EKU_NAMES: Record<string, string> = { [SERVER_AUTH]: "Server Authentication", [CLIENT_AUTH]: "Client Authentication" };

const keyNameOf = (cert: DemoCertificate) => cert.keyName ?? cert.name;

export function makeDemoHost(options: DemoHostOptions): DemoHostResult {
  const keys = loadKeys(options.keys, CERTIFICATES.map(keyNameOf), options.newKeys);
  const keyOf = (cert: DemoCertificate) => {
    const key = keys.get(keyNameOf(cert));
    if (!key) throw new Error(`no key for ${cert.name}`);
    return key;
  };
  const caEntry = CERTIFICATES.find((cert) => cert.selfSigned && cert.spec.subjectCN === CA.cn);
  if (!caEntry) throw new Error("the story has no CA certificate");
  const issuer = { ...CA, key: keyOf(caEntry).key };

  const files: string[] = [];
  const write = (relative: string, content: string | Buffer) => {
    const file = path.join(options.out, ...relative.split("/"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    files.push(relative);
  };

  const thumbprints = new Map<string, string>();
  const details = new Map<string, CertificateDetails>();
  for (const cert of CERTIFICATES) {
    const key = keyOf(cert);
    const der = buildCertificate({
      ...cert.spec,
      subjectKey: cert.selfSigned ? key.key : crypto.createPublicKey(key.key),
      ...(cert.selfSigned ? {} : { issuer }),
    });
    thumbprints.set(cert.name, thumbprintOf(der));
    details.set(cert.name, certificateDetails(cert, der));

    const base = `certs/${cert.store}/${cert.name}`;
    write(`${base}.cer`, der);
    if (cert.withPrivateKey) write(`${base}.key`, key.pem);
    if (cert.sidecar) write(`${base}.json`, `${JSON.stringify(cert.sidecar(thumbprints), null, 2)}\n`);
  }

  write("httpsys/records.json", printRecordsJson(sslRecords(thumbprints)));
  write("inetsrv/applicationHost.config", applicationHostConfig(thumbprints));
  const events = lifecycleEvents((name) => {
    const found = details.get(name);
    if (!found) throw new Error(`no certificate named ${name}`);
    return found;
  });
  write("events/Lifecycle-System.xml", formatEventLog(events.System));
  write("events/Lifecycle-User.xml", formatEventLog(events.User));
  for (const [file, content] of Object.entries(serviceFiles(thumbprints))) write(file, content);
  return { thumbprints, files };
}

/** How the lifecycle events describe a certificate: Windows-style subject first, then the DNS names. */
function certificateDetails(cert: DemoCertificate, der: Buffer): CertificateDetails {
  const subject = [`CN=${cert.spec.subjectCN}`, ...(cert.spec.subjectO === undefined ? [] : [`O=${cert.spec.subjectO}`])].join(", ");
  return {
    thumbprint: thumbprintOf(der).toLowerCase(),
    notValidAfter: cert.spec.notAfter,
    subjectNames: [subject, ...(cert.spec.dnsNames ?? [])],
    ekus: (cert.spec.ekus ?? []).map((oid) => ({ name: EKU_NAMES[oid] ?? oid, oid })),
  };
}
