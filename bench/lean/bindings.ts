/**
 * The lean reader of `certrebind bindings --thumbprint OLD --json`: the least a reader that checks what it reads does
 * to give the same answer. It walks applicationHost.config with CertRebind's XML tokenizer (config-walk.ts: the one set
 * of rules the configuration reader follows, which refuses a malformed file rather than guess), reads records.json
 * with JSON.parse alone (no check of its records, no offsets for an edit), parses the store's certificates, joins the
 * https bindings and FTP sites to the records, and writes the bindings of the thumbprint, padded to as many bytes as
 * the exe's envelope. No model, no other kind, no warning, no host-name check. bench/run.ts bundles it and times it
 * beside the floor (bench/floor/bindings.mjs) and the exe, in the same run: how far a correct answer is from the
 * floor, and the exe from that answer (bench/README.md, "The lean reader").
 *   node lean-bindings.cjs --host-root DIR --thumbprint OLD --output-bytes N
 */
import { X509Certificate } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { walkConfigElements } from "../../ts-src/platform/formats/config-walk.js";
import { decodeHostText } from "../../ts-src/platform/files/host-text.js";
import { option, writeOutput } from "../floor/common.mjs";

export interface LeanBinding {
  kind: "hostnameport" | "ipport" | "ccs" | "ftp";
  endpoint: string;
  sites: string[];
  thumbprint: string;
  subject: string | null;
  notAfter: string | null;
}

interface SiteBinding {
  site: string;
  key: string;
}

const SITE = "configuration/system.applicationHost/sites/site";
const BINDING = `${SITE}/bindings/binding`;
const FTP_SSL = `${SITE}/ftpServer/security/ssl`;

/** The bindings of `thumbprint` on the host, one per HTTP.sys record or FTP site, as the exe lists them. */
export function leanBindings(hostRoot: string, thumbprint: string): LeanBinding[] {
  const configFile = path.join(hostRoot, "inetsrv", "applicationHost.config");
  const https: SiteBinding[] = [];
  const ftp: { site: string; hash: string }[] = [];
  let site = "";
  walkConfigElements(decodeHostText(readFileSync(configFile), configFile).text, configFile, (at, tag) => {
    if (at === SITE) site = tag.attribute("name") ?? "";
    else if (at === BINDING && tag.attribute("protocol") === "https") https.push({ site, key: recordKey(tag.attribute("bindingInformation") ?? "", Number(tag.attribute("sslFlags") ?? "0")) });
    else if (at === FTP_SSL) ftp.push({ site, hash: (tag.attribute("serverCertHash") ?? "").toUpperCase() });
  });
  const records = (JSON.parse(readFileSync(path.join(hostRoot, "httpsys", "records.json"), "utf8").replace(/^\uFEFF/, "")) as { records: { kind: LeanBinding["kind"]; endpoint: string; hash: string | null }[] }).records;
  const certificates = certificatesOf(path.join(hostRoot, "certs", "My"));
  const sitesOf = new Map<string, string[]>();
  for (const binding of https) {
    const sites = sitesOf.get(binding.key);
    if (sites) sites.push(binding.site);
    else sitesOf.set(binding.key, [binding.site]);
  }
  const certificate = certificates.get(thumbprint);
  const found: LeanBinding[] = [];
  const add = (kind: LeanBinding["kind"], endpoint: string, sites: string[]) => {
    found.push({ kind, endpoint, sites, thumbprint, subject: certificate?.subject ?? null, notAfter: certificate?.validTo ?? null });
  };
  for (const record of records) {
    if (record.hash?.toUpperCase() !== thumbprint) continue;
    const sites = sitesOf.get(`${record.kind} ${record.endpoint.toLowerCase()}`);
    if (sites) add(record.kind, record.endpoint, sites);
  }
  for (const { site: name, hash } of ftp) if (hash === thumbprint) add("ftp", name, [name]);
  return found;
}

/** The record an https binding is served by: SNI by host name and port, CCS by port, else by address and port. */
function recordKey(bindingInformation: string, sslFlags: number): string {
  const [address = "", port = "", host = ""] = bindingInformation.split(":");
  if ((sslFlags & 2) !== 0) return `ccs ${port}`;
  if ((sslFlags & 1) !== 0) return `hostnameport ${host.toLowerCase()}:${port}`;
  return `ipport ${address === "*" || address === "" ? "0.0.0.0" : address}:${port}`;
}

function certificatesOf(folder: string): Map<string, X509Certificate> {
  const byThumbprint = new Map<string, X509Certificate>();
  for (const file of readdirSync(folder)) {
    if (!file.endsWith(".cer")) continue;
    const certificate = new X509Certificate(readFileSync(path.join(folder, file)));
    byThumbprint.set(certificate.fingerprint.replaceAll(":", ""), certificate);
  }
  return byThumbprint;
}

function main(): void {
  const found = leanBindings(option("host-root"), option("thumbprint").toUpperCase());
  writeOutput(Number(option("output-bytes")), Buffer.from(JSON.stringify({ ok: true, data: { bindings: found } })));
  process.stderr.write(`lean reader: ${found.length} bindings\n`);
}

if (process.argv.includes("--host-root")) main();
