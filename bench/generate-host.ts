/**
 * Generates a snapshot host of a hosting provider's IIS server, for benchmarks of `bindings` and `rebind`.
 *
 *   npx tsx bench/generate-host.ts --out DIR [--sites 10000] [--renewed-share 0.3] [--certificates 30]
 *
 * The mix, per 20 sites: 8 SNI sites (a hostnameport record each), 5 sites sharing one IP record (an ipport
 * record on their own address, host headers on a non-SNI binding), 2 FTP sites (serverCertHash in the
 * configuration), 1 site on the Central Certificate Store, 4 http-only sites. Plus two records no site uses
 * (a WinRM listener and a custom service). --renewed-share of the certificate-bearing sites use the certificate
 * `renewed-old`, whose renewal `renewed-new` is linked to it and covers the same names (*.hosting.example);
 * the others use one of --certificates unrelated certificates. The same arguments always give the same bytes
 * but for the certificates' signatures' keys, which are made afresh.
 *
 * The records are written as `httpsys/records.json` (what the tool reads), and as the `netsh http show sslcert`
 * text an admin's script would read (`httpsys/sslcert.txt`, for bench/baseline/bindings.ps1); records.json takes
 * precedence, so the tool reads and changes that one only. Every fourth IP record has unknown DefaultFlags bits, a
 * freshness time and extended parameters beyond the HTTP/2 defaults, so that keeping them is part of what is measured.
 */
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildCertificate, SERVER_AUTH, toPem } from "../ts-src/core/x509/x509-builder.js";
import { recordSettings } from "../scripts/demo-host/httpsys-settings.js";
import { netshTextOfRecords } from "../ts-src/platform/formats/netsh-sslcert-print.js";
import type { HttpSysRecord, HttpSysSettings } from "../ts-src/core/model.js";
import { printRecordsJson } from "../ts-src/platform/formats/httpsys-records-json.js";

export interface HostOptions {
  sites: number;
  renewedShare: number;
  certificates: number;
}

const IIS = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";

export interface GeneratedHost {
  renewedOld: string;
  renewedNew: string;
  records: number;
}

export function generateHost(dir: string, options: HostOptions): GeneratedHost {
  const certs = makeCertificates(dir, options.certificates);
  const certFor = (i: number) => (((i * 7919) % 1000) / 1000 < options.renewedShare ? certs.renewedOld : certs.others[i % certs.others.length]!);
  const records: HttpSysRecord[] = [];
  const configPath = path.join(dir, "inetsrv", "applicationHost.config");
  mkdirSync(path.dirname(configPath), { recursive: true });
  const config = openSync(configPath, "w");
  writeSync(config, `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n  <system.applicationHost>\r\n    <sites>\r\n`);
  let ipGroup = -1;
  for (let i = 0; i < options.sites; i++) {
    const slot = i % 20;
    const host = `site${i}.hosting.example`;
    const bindings: string[] = [`<binding protocol="http" bindingInformation="*:80:${host}" />`];
    let ftp = "";
    if (slot < 8) {
      bindings.push(`<binding protocol="https" bindingInformation="*:443:${host}" sslFlags="1" />`);
      records.push(record("hostnameport", `${host}:443`, certFor(i)));
    } else if (slot < 13) {
      if (slot === 8) {
        ipGroup++;
        records.push(record("ipport", `${ipAddress(ipGroup)}:443`, certFor(i), ipGroup % 4 === 3 ? UNUSUAL : DEFAULTS));
      }
      bindings.push(`<binding protocol="https" bindingInformation="${ipAddress(ipGroup)}:443:${host}" sslFlags="0" />`);
    } else if (slot < 15) {
      bindings.push(`<binding protocol="ftp" bindingInformation="*:21:${host}" />`);
      ftp = `\r\n        <ftpServer>\r\n          <security>\r\n            <ssl controlChannelPolicy="SslRequire" dataChannelPolicy="SslRequire" serverCertHash="${certFor(i).toLowerCase()}" serverCertStoreName="My" />\r\n          </security>\r\n        </ftpServer>`;
    } else if (slot === 15) {
      bindings.push(`<binding protocol="https" bindingInformation="*:443:${host}" sslFlags="3" />`);
    }
    writeSync(config,
      `      <site name="${host}" id="${i + 1}" serverAutoStart="true">\r\n` +
      `        <application path="/" applicationPool="pool${i % 50}">\r\n          <virtualDirectory path="/" physicalPath="D:\\Sites\\${host}" />\r\n        </application>\r\n` +
      `        <bindings>\r\n${bindings.map((b) => `          ${b}\r\n`).join("")}        </bindings>${ftp}\r\n      </site>\r\n`);
  }
  writeSync(config, `      <siteDefaults>\r\n        <logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />\r\n      </siteDefaults>\r\n    </sites>\r\n  </system.applicationHost>\r\n</configuration>\r\n`);
  closeSync(config);
  if (options.sites >= 16) records.push({ kind: "ccs", endpoint: "443", thumbprint: null, appId: IIS, storeName: null, settings: DEFAULTS });
  records.push({ ...record("ipport", "0.0.0.0:5986", certs.others[0]!), appId: "{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}" });
  records.push({ ...record("ipport", "0.0.0.0:8443", certs.others[1 % certs.others.length]!), appId: "{12345678-aaaa-bbbb-cccc-1234567890ab}" });
  mkdirSync(path.join(dir, "httpsys"), { recursive: true });
  writeFileSync(path.join(dir, "httpsys", "records.json"), printRecordsJson(records));
  writeFileSync(path.join(dir, "httpsys", "sslcert.txt"), netshTextOfRecords(records));
  return { renewedOld: certs.renewedOld, renewedNew: certs.renewedNew, records: records.length };
}

const DEFAULTS: HttpSysSettings = recordSettings();

/** Check-mode bit 4 with a freshness time, an unknown DefaultFlags bit with NEGOTIATE_CLIENT_CERT, error headers. */
const UNUSUAL: HttpSysSettings = {
  ...DEFAULTS,
  certCheckMode: 4,
  revocationFreshnessTime: 3600,
  flags: 0x2 | 0x200000,
  extended: [...DEFAULTS.extended!, { type: 4, name: "errorHeaders", flags: "0", statusCode: 503, headers: [{ name: "Retry-After", value: "60" }] }],
};

function record(kind: "ipport" | "hostnameport", endpoint: string, thumbprint: string, settings: HttpSysSettings = DEFAULTS): HttpSysRecord {
  return { kind, endpoint, thumbprint, appId: IIS, storeName: "My", settings };
}

function ipAddress(group: number): string {
  const n = group + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** The renewed pair and `count` unrelated certificates, all in certs/My with their keys. */
function makeCertificates(dir: string, count: number) {
  const store = path.join(dir, "certs", "My");
  mkdirSync(store, { recursive: true });
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const keyPem = key.export({ type: "pkcs8", format: "pem" }).toString();
  const write = (name: string, names: string[], notBefore: string, notAfter: string, serial: number, extra: object = {}) => {
    const der = buildCertificate({ subjectCN: names[0]!, dnsNames: names, notBefore: new Date(notBefore), notAfter: new Date(notAfter), serialHex: serial.toString(16).padStart(4, "0"), ekus: [SERVER_AUTH], subjectKey: key });
    writeFileSync(path.join(store, `${name}.cer`), toPem(der));
    writeFileSync(path.join(store, `${name}.key`), keyPem);
    const thumbprint = new X509Certificate(der).fingerprint.replace(/:/g, "");
    if (Object.keys(extra).length) writeFileSync(path.join(store, `${name}.json`), JSON.stringify(extra));
    return thumbprint;
  };
  const renewedNew = write("renewed-new", ["*.hosting.example", "hosting.example"], "2026-11-20T00:00:00Z", "2027-11-20T00:00:00Z", 2);
  const renewedOld = write("renewed-old", ["*.hosting.example", "hosting.example"], "2025-12-20T00:00:00Z", "2026-12-20T00:00:00Z", 1, { renewalThumbprint: renewedNew });
  const others = Array.from({ length: count }, (_, i) => write(`other-${i}`, ["*.hosting.example"], "2026-06-01T00:00:00Z", "2027-06-01T00:00:00Z", 100 + i));
  return { renewedOld, renewedNew, others };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      sites: { type: "string", default: "10000" },
      "renewed-share": { type: "string", default: "0.3" },
      certificates: { type: "string", default: "30" },
    },
    strict: true,
  });
  const sites = Number(values.sites);
  const renewedShare = Number(values["renewed-share"]);
  const certificates = Number(values.certificates);
  if (!values.out || !Number.isInteger(sites) || sites < 1 || !(renewedShare >= 0 && renewedShare <= 1) || !Number.isInteger(certificates) || certificates < 2) {
    console.error("usage: npx tsx bench/generate-host.ts --out DIR [--sites 10000] [--renewed-share 0.3] [--certificates 30]");
    process.exit(2);
  }
  const host = generateHost(path.resolve(values.out), { sites, renewedShare, certificates });
  console.error(`generate-host: ${sites} sites, ${host.records} HTTP.sys records; renewed ${host.renewedOld} -> ${host.renewedNew}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
