import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BindingView } from "../../../ts-src/core/inventory.js";
import { testCertificate, toPem } from "../support/certs.js";
import { run } from "../support/run.js";
import { copyOfDemoHost, demoHost, testDir } from "../support/snapshot.js";

const thumbprintOfFile = (path: string) => new X509Certificate(readFileSync(path)).fingerprint.replace(/:/g, "");
const WWW_2025 = thumbprintOfFile(join(demoHost, "certs/My/www-2025.cer"));
const API_2026 = thumbprintOfFile(join(demoHost, "certs/WebHosting/api-2026.cer"));
const LEGACY = thumbprintOfFile(join(demoHost, "certs/My/legacy-intranet.cer"));
const WILDCARD = thumbprintOfFile(join(demoHost, "certs/My/wildcard-2026.cer"));

const summary = (b: BindingView) =>
  `${b.kind} ${b.endpoint} [${b.sites.join(", ")}] ${b.thumbprint ?? "-"} ${b.owner} ${b.certificate ? `${b.certificate.state} key=${b.certificate.hasPrivateKey}` : "no-certificate"}`;

test("bindings on the demo host lists every binding with its sites and certificate", async () => {
  const result = await run(["bindings", "--json", "--host-root", demoHost]);
  assert.equal(result.exitCode, 0, result.stderr);
  const data = result.envelope().data as { bindings: BindingView[]; missingRecords: unknown[]; config: unknown };
  assert.deepEqual(data.bindings.map(summary), [
    `ipport 0.0.0.0:443 [Default Web Site, Legacy] ${WWW_2025} IIS expiring key=true`,
    `ipport 0.0.0.0:8443 [] ${LEGACY} Unknown expired key=false`,
    `ipport 10.0.0.10:443 [Shop] ${WWW_2025} IIS expiring key=true`,
    `ipport [::]:443 [] ${WILDCARD} IIS valid key=true`,
    `ipport 0.0.0.0:5986 [] ${WWW_2025} WinRM expiring key=true`,
    `hostnameport www.contoso.com:443 [Contoso WWW] ${WWW_2025} IIS expiring key=true`,
    `hostnameport api.contoso.com:443 [API] ${API_2026} IIS valid key=true`,
    `ccs 443 [Static] - IIS no-certificate`,
    `scopedccs static.contoso.com:443 [] - IIS no-certificate`,
    `ftp *:21: [Contoso FTP] ${WWW_2025} IIS FTP expiring key=true`,
    `ftp siteDefaults [] ${WWW_2025} IIS FTP expiring key=true`,
    `sqlserver MSSQLSERVER [] ${WWW_2025} SQL Server expiring key=true`,
    `rdp RDP-Tcp [] ${WWW_2025} Remote Desktop expiring key=true`,
    `rdp RDP-Tcp-3390 [] ${WWW_2025} Remote Desktop expiring key=true`,
    `rdgateway TSGateway [] ${WWW_2025} RD Gateway expiring key=true`,
    `winrm Address=*+Transport=HTTPS [] ${WWW_2025} WinRM expiring key=true`,
  ]);
  // Each service's binding names the service; only the template-selected RDP listener chooses its own certificate.
  assert.deepEqual(
    data.bindings.filter((b) => b.service !== undefined).map((b) => [b.endpoint, b.service, b.selection ?? "pinned"]),
    [["MSSQLSERVER", "MSSQLSERVER", "pinned"], ["RDP-Tcp", "TermService", "pinned"], ["RDP-Tcp-3390", "TermService", "self-selecting"], ["TSGateway", "TSGateway", "pinned"], ["Address=*+Transport=HTTPS", "WinRM", "pinned"]],
  );
  assert.deepEqual(data.missingRecords, [
    { site: "Blog", bindingInformation: "*:443:blog.contoso.com", sslFlags: 1, expectedKind: "hostnameport", expectedEndpoint: "blog.contoso.com:443" },
  ]);
  assert.deepEqual(data.config, { path: join(demoHost, "inetsrv/applicationHost.config"), redirected: false });
  const www = data.bindings.find((b) => b.endpoint === "www.contoso.com:443")!;
  assert.equal(www.storeName, "My");
  assert.deepEqual(www.hostnames, ["www.contoso.com"]);
  assert.equal(www.certificate!.notAfter, "2026-12-20T00:00:00.000Z");
  assert.equal(www.certificate!.daysLeft, 23);
  assert.deepEqual(www.certificate!.dnsNames, ["www.contoso.com", "contoso.com", "shop.contoso.com"]);
  assert.equal(data.bindings.find((b) => b.endpoint === "api.contoso.com:443")!.storeName, "WebHosting");
});

test("--thumbprint, pasted in lower case with spaces and a left-to-right mark, keeps that certificate's bindings", async () => {
  const pasted = `\u200E${WWW_2025.toLowerCase().replace(/(..)/g, "$1 ")}`;
  const result = await run(["bindings", "--json", "--host-root", demoHost, "--thumbprint", pasted]);
  assert.equal(result.exitCode, 0);
  const data = result.envelope().data as { bindings: BindingView[]; missingRecords: unknown[] };
  assert.deepEqual(data.bindings.map((b) => b.endpoint), [
    "0.0.0.0:443", "10.0.0.10:443", "0.0.0.0:5986", "www.contoso.com:443", "*:21:", "siteDefaults",
    "MSSQLSERVER", "RDP-Tcp", "RDP-Tcp-3390", "TSGateway", "Address=*+Transport=HTTPS",
  ]);
  assert.ok(data.bindings.every((b) => b.thumbprint === WWW_2025));
  assert.deepEqual(data.missingRecords, []);
});

test("a malformed --thumbprint is exit 2 with CR2001 showing what was received", async () => {
  const result = await run(["bindings", "--json", "--host-root", demoHost, "--thumbprint", "12:34;zz"]);
  assert.equal(result.exitCode, 2);
  const [error] = result.envelope().errors;
  assert.equal(error!.code, "CR2001");
  assert.equal(error!.target, "12:34;zz");
  assert.match(error!.message, /'12:34;zz' is not a certificate thumbprint/);
});

test("several --thumbprint values list each certificate's bindings in the order given, as separate runs would", async () => {
  const one = async (t: string) => ((await run(["bindings", "--json", "--host-root", demoHost, "--thumbprint", t])).envelope().data as { bindings: BindingView[] }).bindings;
  const result = await run(["bindings", "--json", "--host-root", demoHost, "--thumbprint", API_2026, "--thumbprint", WWW_2025.toLowerCase(), "--thumbprint", API_2026]);
  assert.equal(result.exitCode, 0, result.stderr);
  const data = result.envelope().data as { bindings: BindingView[]; missingRecords: unknown[] };
  assert.deepEqual(data.bindings, [...(await one(API_2026)), ...(await one(WWW_2025)), ...(await one(API_2026))]);
  assert.deepEqual(data.bindings.map((b) => b.thumbprint), [API_2026, ...Array<string>(11).fill(WWW_2025), API_2026]);
  assert.deepEqual(data.missingRecords, []);
});

test("a malformed value among several --thumbprint values is refused alone: CR2001 for it, the others listed, exit 2", async () => {
  const result = await run(["bindings", "--json", "--host-root", demoHost, "--thumbprint", "12:34;zz", "--thumbprint", API_2026]);
  assert.equal(result.exitCode, 2);
  const envelope = result.envelope();
  assert.deepEqual(envelope.errors.map((e) => [e.code, e.target]), [["CR2001", "12:34;zz"]]);
  assert.deepEqual((envelope.data as { bindings: BindingView[] }).bindings.map((b) => b.endpoint), ["api.contoso.com:443"]);
});

test("the text output is a table with the missing record explained", async () => {
  const result = await run(["bindings", "--host-root", demoHost]);
  assert.equal(result.exitCode, 0);
  const lines = result.stdout.split("\n");
  assert.match(lines[0]!, /^Kind\s+Endpoint\s+Sites\s+Thumbprint\s+NotAfter\s+State$/);
  assert.ok(lines.some((l) => /^ipport\s+0\.0\.0\.0:443\s+Default Web Site, Legacy\s+[0-9A-F]{40}\s+2026-12-20\s+expiring$/.test(l)));
  assert.ok(lines.some((l) => /^ccs\s+443\s+Static\s+\(central store\)/.test(l)));
  assert.ok(lines.some((l) => /^scopedccs\s+static\.contoso\.com:443\s+\(no site; owner: IIS; chooses its certificate\)\s+\(central store\)/.test(l)));
  assert.ok(lines.some((l) => /^rdp\s+RDP-Tcp-3390\s+\(no site; owner: Remote Desktop; chooses its certificate\)\s+[0-9A-F]{40}\s+2026-12-20\s+expiring$/.test(l)));
  assert.match(result.stdout, /Site 'Blog' binding \*:443:blog\.contoso\.com has no HTTP\.sys record/);
});

test("a host file that is malformed is exit 2 with CR2003 naming the file and line", async () => {
  const root = testDir({ "httpsys/sslcert.txt": "\r\n    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : not-hex\r\n" });
  const result = await run(["bindings", "--json", "--host-root", root]);
  assert.equal(result.exitCode, 2);
  const [error] = result.envelope().errors;
  assert.equal(error!.code, "CR2003");
  assert.match(error!.message, /sslcert\.txt, line 3/);
});

test("a private key that does not match its certificate is a warning, and the certificate has no key", async () => {
  const cert = testCertificate({ keyIndex: 1 });
  const other = testCertificate({ keyIndex: 2 });
  const thumbprint = new X509Certificate(cert.der).fingerprint.replace(/:/g, "");
  const root = testDir({
    "certs/My/site.cer": toPem(cert.der),
    "certs/My/site.key": other.keyPem,
    "httpsys/sslcert.txt": `    IP:port                      : 0.0.0.0:443\n    Certificate Hash             : ${thumbprint.toLowerCase()}\n    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\n    Certificate Store Name       : My\n`,
  });
  const result = await run(["bindings", "--json", "--host-root", root]);
  assert.equal(result.exitCode, 0, result.stdout);
  const envelope = result.envelope();
  const [binding] = (envelope.data as { bindings: BindingView[] }).bindings;
  assert.equal(binding!.certificate!.hasPrivateKey, false);
  assert.match(envelope.warnings[0]!, /site\.key is not the private key of its certificate/);
});

const sidecarCases: [string, string, RegExp][] = [
  ["not JSON", "{", /site\.json: not JSON/],
  ["archived not a boolean", `{"archived":"yes"}`, /"archived" must be true or false/],
  ["a renewal link that is not a thumbprint", `{"renewalThumbprint":"abc"}`, /"renewalThumbprint" must be a 40-hex-character thumbprint/],
];
for (const [name, json, message] of sidecarCases) {
  test(`a store properties file with ${name} is CR2003`, async () => {
    const root = testDir({ "certs/My/site.cer": testCertificate().der, "certs/My/site.json": json });
    const result = await run(["bindings", "--json", "--host-root", root]);
    assert.equal(result.exitCode, 2);
    assert.equal(result.envelope().errors[0]!.code, "CR2003");
    assert.match(result.envelope().errors[0]!.message, message);
  });
}

test("a certificate file that is not a certificate is a warning naming it; the other certificates still count", async () => {
  const root = copyOfDemoHost();
  writeFileSync(join(root, "certs/My/junk.cer"), "hello");
  const result = await run(["bindings", "--json", "--host-root", root]);
  assert.equal(result.exitCode, 0, result.stdout);
  const warnings = result.envelope().warnings.filter((w) => w.includes("junk.cer"));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /certs\/My\/junk\.cer: not a DER or PEM certificate.*left out of store My/);
  const demo = await run(["bindings", "--json", "--host-root", demoHost]);
  assert.equal(result.stdout.replaceAll(root, "ROOT").replace(/"warnings":.*$/s, ""), demo.stdout.replaceAll(demoHost.replace(/\/$/, ""), "ROOT").replace(/"warnings":.*$/s, ""), "the same bindings and certificates as without the file");
});

test("shared configuration: redirection.config sends the reader to inetsrv/shared/", async () => {
  const config = (site: string) => `<configuration><system.applicationHost><sites><site name="${site}"><bindings><binding protocol="https" bindingInformation="*:443:" /></bindings></site></sites></system.applicationHost></configuration>`;
  const root = testDir({
    "inetsrv/redirection.config": `<configuration><configurationRedirection enabled="true" path="\\\\fs01\\iis" /></configuration>`,
    "inetsrv/applicationHost.config": config("Local"),
    "inetsrv/shared/applicationHost.config": config("Shared"),
  });
  const result = await run(["bindings", "--json", "--host-root", root]);
  const data = result.envelope().data as { missingRecords: { site: string }[]; config: { redirected: boolean } };
  assert.deepEqual(data.missingRecords.map((m) => m.site), ["Shared"]);
  assert.equal(data.config.redirected, true);
});

test("--certificates-once lists each certificate once and the bindings refer to it by index, the same data otherwise", async () => {
  const full = (await run(["bindings", "--json", "--host-root", demoHost])).envelope().data as { bindings: BindingView[]; missingRecords: unknown[] };
  const result = await run(["bindings", "--json", "--certificates-once", "--host-root", demoHost]);
  assert.equal(result.exitCode, 0, result.stderr);
  const lean = result.envelope().data as { bindings: (Omit<BindingView, "certificate"> & { certificate: number | null })[]; certificates: NonNullable<BindingView["certificate"]>[]; missingRecords: unknown[] };
  assert.deepEqual(lean.certificates.map((c) => c.thumbprint), [WWW_2025, LEGACY, WILDCARD, API_2026]);
  assert.deepEqual(lean.bindings.map((b) => b.certificate), [0, 1, 0, 2, 0, 0, 3, null, null, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(lean.bindings.map((b) => ({ ...b, certificate: b.certificate === null ? null : lean.certificates[b.certificate] })), full.bindings);
  assert.deepEqual(lean.missingRecords, full.missingRecords);
});
