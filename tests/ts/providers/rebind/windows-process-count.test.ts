import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatSslCertList } from "../../../../scripts/demo-host/netsh-sslcert.js";
import { parseSslCertDocument, printSslCertDocument, withRebinds } from "../../../../ts-src/platform/formats/netsh-sslcert.js";
import { WindowsHost } from "../../../../ts-src/platform/windows/windows-host.js";
import type { ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { runRebind } from "../../../../ts-src/providers/rebind/run-rebind.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { testCertificate } from "../../support/certs.js";
import { testDir } from "../../support/snapshot.js";

const OLD = testCertificate({ dnsNames: ["*.contoso.com"], notAfter: new Date("2026-12-10T00:00:00Z") });
const NEW = testCertificate({ dnsNames: ["*.contoso.com"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-12-10T00:00:00Z") });
const thumb = (der: Buffer) => new X509Certificate(der).fingerprint.replace(/:/g, "") as Thumbprint;

/** Windows as its tools answer: netsh keeps the records, and applies the update lines of a `netsh -f` script. */
function fakeWindows(records: number) {
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
  const listing = JSON.stringify([OLD, NEW].map((c) => ({ store: "My", der: c.der.toString("base64"), hasPrivateKey: true, archived: false, friendlyName: "", renewalThumbprint: null })));
  const run: ToolRunner = async (file, args) => {
    started.push(file);
    if (file === "netsh" && args[0] === "-f") {
      const edits = readFileSync(args[1]!, "utf8").split(/\r?\n/).filter((l) => l.startsWith("http update sslcert")).map((line) => {
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
  return { run, started, text: () => sslcert };
}

async function rebindOn(records: number) {
  const windows = fakeWindows(records);
  const host = new WindowsHost(windows.run, {}, { configDir: join(testDir(), "no-iis"), stateDir: join(testDir(), "state"), windowsVersion: "10.0.20348" });
  const result = await runRebind(host, { old: thumb(OLD.der), new: thumb(NEW.der), dryRun: false, force: false, waitMs: 0, trigger: "manual", now: new Date("2026-11-27T00:00:00Z") });
  return { result, started: windows.started, text: windows.text() };
}

// Five processes, whatever the number of records: netsh show (read), PowerShell (certificate stores),
// netsh -f (every record in one script), netsh show (read-back), eventcreate (the audit event).
test("a rebind on Windows starts the same five processes for 5 records and for 500", async () => {
  const small = await rebindOn(5);
  const large = await rebindOn(500);
  assert.equal(small.result.data.changed, 5);
  assert.equal(large.result.data.changed, 500);
  assert.ok(!large.text.includes(thumb(OLD.der).toLowerCase()), "every record was moved");
  assert.deepEqual(large.started, small.started);
  assert.deepEqual(large.started.sort(), ["eventcreate", "netsh", "netsh", "netsh", "powershell.exe"]);
});
