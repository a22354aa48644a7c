import type { X509Certificate } from "node:crypto";
import { parseX509, thumbprintOf } from "../../../core/certificate.js";
import { endpointParts } from "../../../core/endpoints.js";
import type { HttpSysRecord, IisConfiguration } from "../../../core/model.js";
import { LIFECYCLE_CHANNELS } from "../../../events/model.js";
import { decodeHostText } from "../../../platform/files/host-text.js";
import { readHostBytes, readHostText } from "../../../platform/files/read-host-file.js";
import { parseApplicationHost } from "../../../platform/formats/application-host.js";
import { readChannel } from "../parts/events.js";
import type { CaptureSource } from "../capture-source.js";
import type { Redaction } from "../redaction.js";
import { NameMap } from "./name-map.js";
import { attribute, reissue } from "./reissue-certificates.js";

/**
 * `capture --redact`: reads every name the capture will hold (IIS's sites and bindings, the records' endpoints, the
 * certificates' names, the computer names of the lifecycle events), maps each one, and re-issues every certificate
 * with its mapped names: same validity, extended key usages, CA flag and key presence, a new key pair per original
 * key (RSA 1024: a stand-in no one uses, made fast; its private key is thrown away), signed by a stand-in issuer. Its new thumbprint replaces the old one everywhere (records, FTP and metabase
 * hashes, renewal links, events), so a dry run on the redacted capture gives the same plan.
 */
export async function buildRedactor(source: CaptureSource): Promise<Redaction> {
  const names = new NameMap();
  const certificates = await source.certificates();
  const parsed = certificates.map((c) => ({ stored: c, x509: tryParse(c.der) }));
  // Names first, so that every text is replaced with the same map.
  for (const { x509 } of parsed) if (x509) certificateNames(x509, names);
  const files = await source.iisFiles();
  const configs = [await source.iisConfiguration()];
  // With shared configuration, the local applicationHost.config is captured too, and names its own sites.
  if (files.redirected) configs.push(await localConfiguration(files.local));
  for (const site of configs.flatMap((config) => config?.sites ?? [])) {
    names.site(site.name);
    for (const binding of site.bindings) {
      if (binding.endpoint.host) names.host(binding.endpoint.host);
      if (binding.endpoint.ip && binding.endpoint.ip !== "*") names.address(binding.endpoint.ip);
    }
  }
  for (const record of await source.records()) endpointOf(record, names);
  // The file server of shared configuration (redirection.config's path="\\fs01\iis").
  const redirection = await readHostText(files.redirection);
  for (const match of redirection?.matchAll(/path\s*=\s*["']\\\\([^\\"']+)/g) ?? []) names.host(match[1]!);
  await computerNames(source, names);

  const reissued = reissue(parsed, names);
  return {
    active: true,
    replacements: (text) => names.replacements(text),
    record: (record) => ({
      ...record,
      endpoint: endpointOf(record, names),
      thumbprint: record.thumbprint === null ? null : names.thumbprint(record.thumbprint),
      settings: record.settings && {
        ...record.settings,
        extended: record.settings.extended?.map((param) =>
          param.name === "errorHeaders" ? { ...param, headers: param.headers.map((h) => ({ name: h.name, value: names.text(h.value) })) } : param,
        ) ?? null,
      },
    }),
    certificate(certificate) {
      const x509 = tryParse(certificate.der);
      const der = (x509 && reissued.get(thumbprintOf(x509))) ?? certificate.der;
      return {
        ...certificate,
        der,
        friendlyName: certificate.friendlyName === null ? null : names.text(certificate.friendlyName),
        renewalThumbprint: certificate.renewalThumbprint === null ? null : names.thumbprint(certificate.renewalThumbprint),
        source: "(redacted)",
      };
    },
    counts: () => names.counts(),
  };
}

async function localConfiguration(path: string): Promise<IisConfiguration | null> {
  try {
    const bytes = await readHostBytes(path);
    return bytes === null ? null : parseApplicationHost(decodeHostText(bytes, path).text, path, false).config;
  } catch {
    return null; // a file that cannot be read is captured as it is; its names are not known
  }
}

function tryParse(der: Buffer): X509Certificate | null {
  try {
    return parseX509(der);
  } catch {
    return null;
  }
}

/** The record's endpoint with its address or host name mapped (a ccs record's endpoint is a port). */
function endpointOf(record: HttpSysRecord, names: NameMap): string {
  const parts = endpointParts(record);
  if (parts === null) return record.endpoint;
  return `${parts.by === "address" ? names.address(parts.where) : names.host(parts.where)}${parts.port}`;
}


function certificateNames(x509: X509Certificate, names: NameMap): void {
  for (const dns of (x509.subjectAltName ?? "").split(", ")) if (dns.startsWith("DNS:")) names.host(dns.slice(4));
  for (const dn of [x509.subject, x509.issuer]) {
    const cn = attribute(dn, "CN");
    if (cn && /^[A-Za-z0-9*][A-Za-z0-9.*-]*\.[A-Za-z0-9-]+$/.test(cn)) names.host(cn);
    else if (cn) names.word(cn, `Name ${names.counts()["hostNames"]! + 1}`);
    const o = attribute(dn, "O");
    if (o) names.word(o, "Organisation");
  }
}

/** The computer names the lifecycle events carry (`<Computer>WEB01.contoso.com</Computer>`), and their first label. */
async function computerNames(source: CaptureSource, names: NameMap): Promise<void> {
  for (const channel of LIFECYCLE_CHANNELS) {
    const chunks = await readChannel(source.host.eventLog, channel, null);
    if (chunks === null) continue;
    let carried = "";
    for await (const chunk of chunks) {
      const text = carried + chunk;
      // The account's Windows domain (`AccountName='CONTOSO\WEB01$'`) is replaced where it stands alone.
      for (const match of text.matchAll(/AccountName='([A-Za-z0-9-]{1,15})\\/g)) names.word(match[1]!, "DOMAIN");
      for (const match of text.matchAll(/<Computer>([^<]{1,255})<\/Computer>/g)) {
        const computer = match[1]!.trim();
        names.host(computer);
        const label = computer.split(".")[0]!;
        names.word(label, names.host(computer).split(".")[0]!);
      }
      carried = text.slice(Math.max(0, text.lastIndexOf("<")));
    }
  }
}
