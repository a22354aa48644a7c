import { X509Certificate } from "node:crypto";
import { formatSslCertList, type SslCertRecord } from "../../../ts-src/platform/formats/netsh-sslcert-print.js";
import type { CertificateSpec } from "../../../ts-src/core/x509/x509-builder.js";
import { testCertificate, toPem } from "./certs.js";
import { testDir } from "./snapshot.js";

export const IIS_APPID = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";

export interface HostSpec {
  /** name → certificate options; `key: false` leaves out the private key; `store` defaults to My. */
  certs: Record<string, Partial<CertificateSpec> & { key?: boolean; store?: string }>;
  /** HTTP.sys records; `cert` names a certificate of `certs` (or null for ccs). */
  records: (Omit<SslCertRecord, "hash" | "appId" | "storeName" | "fieldSet"> & { cert: string | null; appId?: string; storeName?: string; fieldSet?: SslCertRecord["fieldSet"] })[];
  sites?: { name: string; bindings: [protocol: string, info: string, sslFlags?: number][]; ftpCert?: string }[];
  siteDefaultsFtpCert?: string;
}

/** A snapshot host made from a compact description; returns its folder and each certificate's thumbprint. */
export function buildHost(spec: HostSpec): { root: string; thumbprints: Record<string, string> } {
  const files: Record<string, string | Buffer> = {};
  const thumbprints: Record<string, string> = {};
  let keyIndex = 1;
  for (const [name, { key = true, store = "My", ...options }] of Object.entries(spec.certs)) {
    const cert = testCertificate({ keyIndex: keyIndex++, ...options });
    thumbprints[name] = new X509Certificate(cert.der).fingerprint.replace(/:/g, "");
    files[`certs/${store}/${name}.cer`] = toPem(cert.der);
    if (key) files[`certs/${store}/${name}.key`] = cert.keyPem;
  }
  const hash = (name: string | null | undefined) => (name ? thumbprints[name]!.toLowerCase() : "");
  files["httpsys/sslcert.txt"] = formatSslCertList(
    spec.records.map(({ cert, appId = IIS_APPID, storeName = "My", fieldSet = "2022", ...rest }) => ({ ...rest, hash: hash(cert), appId, storeName, fieldSet })),
  );
  if (spec.sites) files["inetsrv/applicationHost.config"] = applicationHost(spec, hash);
  return { root: testDir(files), thumbprints };
}

function applicationHost(spec: HostSpec, hash: (name: string | undefined) => string): string {
  const sites = spec.sites!.map((site, i) => {
    const bindings = site.bindings
      .map(([protocol, info, flags]) => `          <binding protocol="${protocol}" bindingInformation="${info}"${flags === undefined ? "" : ` sslFlags="${flags}"`} />`)
      .join("\r\n");
    const ftp = site.ftpCert ? `\r\n        <ftpServer>\r\n          <security>\r\n            <ssl controlChannelPolicy="SslRequire" serverCertHash="${hash(site.ftpCert)}" serverCertStoreName="My" />\r\n          </security>\r\n        </ftpServer>` : "";
    return `      <site name="${site.name}" id="${i + 1}">\r\n        <bindings>\r\n${bindings}\r\n        </bindings>${ftp}\r\n      </site>`;
  });
  const defaults = spec.siteDefaultsFtpCert
    ? `      <siteDefaults>\r\n        <ftpServer><security><ssl serverCertHash="${hash(spec.siteDefaultsFtpCert)}" /></security></ftpServer>\r\n      </siteDefaults>\r\n`
    : "";
  return `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n  <system.applicationHost>\r\n    <sites>\r\n${sites.join("\r\n")}\r\n${defaults}    </sites>\r\n  </system.applicationHost>\r\n</configuration>\r\n`;
}
