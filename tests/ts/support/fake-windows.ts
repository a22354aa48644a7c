import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { formatSslCertList } from "../../../scripts/demo-host/netsh-sslcert.js";
import { parseSslCertDocument, printSslCertDocument, withRebinds } from "../../../ts-src/platform/formats/netsh-sslcert.js";
import type { ToolRunner } from "../../../ts-src/platform/windows/tool-runner.js";
import type { Thumbprint } from "../../../ts-src/core/thumbprint.js";
import { testCertificate } from "./certs.js";

export const OLD = testCertificate({ dnsNames: ["*.contoso.com"], notAfter: new Date("2026-12-10T00:00:00Z") });
export const NEW = testCertificate({ dnsNames: ["*.contoso.com"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-12-10T00:00:00Z") });
export const thumb = (der: Buffer) => new X509Certificate(der).fingerprint.replace(/:/g, "") as Thumbprint;

/** Windows as its tools answer: netsh keeps the records, and applies the update lines of a `netsh -f` script. */
export function fakeWindows(records: number) {
  let sslcert = formatSslCertList(
    Array.from({ length: records }, (_, i) => ({
      kind: "hostnameport" as const,
      endpoint: `site${i}.contoso.com:443`,
      hash: thumb(OLD.der).toLowerCase(),
      appId: "{4dc3e181-e14b-4a21-b022-59fc669b0914}",
      storeName: "My",
      fieldSet: "2022" as const,
    })),
  );
  const started: string[] = [];
  const scripts: string[] = [];
  const listing = JSON.stringify([OLD, NEW].map((c) => ({ store: "My", der: c.der.toString("base64"), hasPrivateKey: true, archived: false, friendlyName: "", renewalThumbprint: null })));
  const run: ToolRunner = async (file, args) => {
    started.push(file);
    if (file === "netsh" && args[0] === "-f") {
      const script = readFileSync(args[1]!, "utf8");
      scripts.push(script);
      const edits = script.split(/\r?\n/).filter((l) => l.startsWith("http update sslcert")).map((line) => {
        const option = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(line)![1]!;
        return { key: { kind: "hostnameport" as const, endpoint: option("hostnameport") }, thumbprint: option("certhash"), storeName: undefined };
      });
      sslcert = printSslCertDocument(withRebinds(parseSslCertDocument(sslcert, "netsh"), edits));
      return { exitCode: 0, stdout: "", stderr: "" };
    }
    if (file === "netsh") return { exitCode: 0, stdout: sslcert, stderr: "" };
    if (file === "powershell.exe") return { exitCode: 0, stdout: listing, stderr: "" };
    if (file === "eventcreate") return { exitCode: 0, stdout: "SUCCESS", stderr: "" };
    throw new Error(`unexpected tool ${file}`);
  };
  return { run, started, scripts, text: () => sslcert };
}
