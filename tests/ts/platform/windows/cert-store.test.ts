import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { WindowsCertStore } from "../../../../ts-src/platform/windows/cert-store.js";
import type { ToolResult } from "../../../../ts-src/platform/windows/tool-runner.js";
import { recordingRunner } from "../../support/recording-runner.js";

const LISTING = readFileSync(join(import.meta.dirname, "../../../fixtures/certstore/get-childitem.json"), "utf8");
const ITEMS = JSON.parse(LISTING) as Record<string, unknown>[];

const ok = (stdout: string): ToolResult => ({ exitCode: 0, stdout, stderr: "" });

async function scriptOf(stores?: string[]): Promise<string> {
  const { calls, run } = recordingRunner(ok("[]"));
  await new WindowsCertStore(run, stores).list();
  return Buffer.from(calls[0]!.args.at(-1)!, "base64").toString("utf16le");
}

const isToolFailure = (pattern: RegExp) => (error: unknown) =>
  error instanceof CertRebindError && error.code === "CR4002" && pattern.test(error.message);

describe("WindowsCertStore", () => {
  it("starts powershell.exe once with an encoded script", async () => {
    const { calls, run } = recordingRunner(ok(LISTING));
    await new WindowsCertStore(run).list();
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.file, "powershell.exe");
    assert.deepEqual(calls[0]!.args.slice(0, -1), ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"]);
    assert.match(calls[0]!.args.at(-1)!, /^[A-Za-z0-9+/]+=*$/);
  });

  it("encodes a script that lists both stores with -Force and prints one JSON array", async () => {
    const script = await scriptOf();
    assert.match(script, /@\('Cert:\\LocalMachine\\My', 'Cert:\\LocalMachine\\WebHosting'\)/);
    assert.match(script, /Get-ChildItem -LiteralPath \$path -Force/);
    assert.match(script, /ConvertTo-Json -InputObject \$found -Depth 3 -Compress/);
    assert.match(script, /\[Console\]::OutputEncoding = New-Object System\.Text\.UTF8Encoding \$false/);
    for (const property of ["RawData", "HasPrivateKey", "Archived", "FriendlyName"]) assert.ok(script.includes(`$cert.${property}`));
    assert.match(script, /CertGetCertificateContextProperty\(\$cert\.Handle, 64,/, "reads CERT_RENEWAL_PROP_ID");
  });

  it("puts nothing into the script but the store paths", async () => {
    const withoutPaths = (script: string) => script.replace(/@\('Cert:[^)]*'\)/, "@(<paths>)");
    const standard = await scriptOf();
    assert.equal(withoutPaths(await scriptOf(["Root", "Web Hosting_2-x"])), withoutPaths(standard));
    // Double quotes appear only in the single-quoted C# signature of the renewal-link lookup.
    const outsideSignature = standard.replace(/-MemberDefinition '[^']*'/, "");
    assert.doesNotMatch(outsideSignature, /undefined|(?<!\$)null\b|\[object|\$\{|"/);
    assert.match(await scriptOf(["Root"]), /@\('Cert:\\LocalMachine\\Root'\)/);
  });

  it("refuses store names that could break the script", () => {
    const { run } = recordingRunner(ok("[]"));
    for (const bad of ["My'; Remove-Item C:\\ -Recurse; '", "", "1My", "My\\Sub", "My$x", "a".repeat(65), "Mÿ"]) {
      assert.throws(() => new WindowsCertStore(run, ["My", bad]), (error: unknown) => error instanceof CertRebindError && error.code === "CR2000");
    }
  });

  it("maps the recorded listing to stored certificates", async () => {
    const { run } = recordingRunner(ok(LISTING));
    const certificates = await new WindowsCertStore(run).list();
    const thumbprints = ITEMS.map((item) => new X509Certificate(Buffer.from(item.der as string, "base64")).fingerprint.replaceAll(":", ""));
    assert.deepEqual(
      certificates.map(({ der, ...rest }) => ({ ...rest, subject: new X509Certificate(der).subject })),
      [
        { store: "My", hasPrivateKey: true, archived: false, friendlyName: "test.example 2025", renewalThumbprint: null, source: `Cert:\\LocalMachine\\My\\${thumbprints[0]}`, subject: "CN=test.example" },
        { store: "My", hasPrivateKey: true, archived: true, friendlyName: null, renewalThumbprint: thumbprints[0], source: `Cert:\\LocalMachine\\My\\${thumbprints[1]}`, subject: "CN=test.example" },
        { store: "WebHosting", hasPrivateKey: false, archived: false, friendlyName: null, renewalThumbprint: null, source: `Cert:\\LocalMachine\\WebHosting\\${thumbprints[2]}`, subject: "CN=test.example" },
      ],
    );
    assert.ok(certificates.every((certificate, index) => certificate.der.equals(Buffer.from(ITEMS[index]!.der as string, "base64"))));
  });

  const accepted = [
    { name: "an empty array", stdout: "[]", count: 0 },
    { name: "a lone object (PowerShell 5.1 for one item)", stdout: JSON.stringify(ITEMS[0]), count: 1 },
    { name: "a BOM and line breaks around the JSON", stdout: `\uFEFF${LISTING}\r\n`, count: 3 },
    { name: "a null friendlyName and an extra property", stdout: JSON.stringify([{ ...ITEMS[2], friendlyName: null, thumbprint: "x" }]), count: 1 },
  ];
  for (const { name, stdout, count } of accepted) {
    it(`accepts ${name}`, async () => {
      const { run } = recordingRunner(ok(stdout));
      assert.equal((await new WindowsCertStore(run).list()).length, count);
    });
  }

  const rejected: { name: string; stdout: string; says: RegExp }[] = [
    { name: "no output", stdout: " \r\n", says: /printed nothing/ },
    { name: "text that is not JSON", stdout: "Get-ChildItem : Cannot find drive.", says: /not JSON.*Cannot find drive/ },
    { name: "JSON that is not a list", stdout: "42", says: /not a list/ },
    { name: "an item that is not an object", stdout: "[1]", says: /certificate 1 is not an object/ },
    { name: "an unknown store", stdout: JSON.stringify([{ ...ITEMS[0], store: "Root" }]), says: /certificate 1 has store "Root", not one of My, WebHosting/ },
    { name: "a missing der", stdout: JSON.stringify([ITEMS[0], { ...ITEMS[1], der: undefined }]), says: /certificate 2 has no base64 "der"/ },
    { name: "a der that is not base64", stdout: JSON.stringify([{ ...ITEMS[0], der: "MII*" }]), says: /no base64 "der"/ },
    { name: "an empty der", stdout: JSON.stringify([{ ...ITEMS[0], der: "" }]), says: /no base64 "der"/ },
    { name: "hasPrivateKey as text", stdout: JSON.stringify([{ ...ITEMS[0], hasPrivateKey: "True" }]), says: /"hasPrivateKey"/ },
    { name: "a missing archived", stdout: JSON.stringify([{ ...ITEMS[0], archived: undefined }]), says: /"archived"/ },
    { name: "a friendlyName that is not text", stdout: JSON.stringify([{ ...ITEMS[0], friendlyName: 7 }]), says: /"friendlyName"/ },
  ];
  for (const { name, stdout, says } of rejected) {
    it(`rejects ${name} with CR4002`, async () => {
      const { run } = recordingRunner(ok(stdout));
      await assert.rejects(new WindowsCertStore(run).list(), isToolFailure(says));
    });
  }

  it("turns a non-zero exit into CR4002 with the first line of stderr", async () => {
    const { calls, run } = recordingRunner({ exitCode: 1, stdout: "", stderr: "\r\nAccess is denied.\r\nmore\r\n" });
    await assert.rejects(new WindowsCertStore(run).list(), isToolFailure(/^powershell\.exe failed with exit code 1: Access is denied\.$/));
    assert.equal(calls.length, 1);
  });

  it("falls back to stdout for the detail of a failure", async () => {
    const { run } = recordingRunner({ exitCode: 255, stdout: "The term 'Get-ChildItem' is not recognized\r\n", stderr: "" });
    await assert.rejects(new WindowsCertStore(run).list(), isToolFailure(/exit code 255: The term 'Get-ChildItem' is not recognized$/));
  });
});
