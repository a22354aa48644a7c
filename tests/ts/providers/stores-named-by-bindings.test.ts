import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FakeCrypt32 } from "../support/fake-crypt32.js";
import { copyOfDemoHost } from "../support/snapshot.js";
import { runOnWindows, windowsFromSnapshot } from "../support/windows-from-snapshot.js";

// On Windows the certificate stores read are My, WebHosting and every store an HTTP.sys record or an FTP site
// names: a binding whose certificate is in another store is seen with its certificate, not as "not found".
test("bindings reads the stores the HTTP.sys records and the FTP sites name, besides My and WebHosting", async () => {
  const root = copyOfDemoHost();
  const records = join(root, "httpsys/records.json");
  writeFileSync(records, readFileSync(records, "utf8").replace(/("endpoint": "www\.contoso\.com:443",\s*"hash": "[0-9A-F]+",\s*"appId": "[^"]+",\s*"storeName": )"My"/, '$1"Shared Certs"'));
  const config = join(root, "inetsrv/applicationHost.config");
  writeFileSync(config, readFileSync(config, "utf8").replace('serverCertStoreName="My"', 'serverCertStoreName="FtpStore"'));
  const www2025 = readFileSync(join(root, "certs/My/www-2025.cer"));
  const crypt32 = new FakeCrypt32({ My: [], WebHosting: [], "Shared Certs": [{ der: www2025, key: "csp" }], FtpStore: [{ der: www2025, key: "csp" }] });
  const result = await runOnWindows(["bindings", "--json"], windowsFromSnapshot(root, { crypt32 }));
  assert.equal(result.exitCode, 0, result.stdout);
  assert.deepEqual(crypt32.calls.filter((c) => c.startsWith("CertOpenStore")).map((c) => c.split(" ").slice(5).join(" ")).sort(), ["FtpStore", "My", "Shared Certs", "WebHosting"]);
  const bindings = (result.envelope().data as { bindings: unknown }).bindings as { endpoint: string; kind: string; certificate: { store: string } | null }[];
  const www = bindings.find((b) => b.endpoint === "www.contoso.com:443");
  assert.equal(www?.certificate?.store, "Shared Certs");
  const ftp = bindings.find((b) => b.kind === "ftp");
  assert.equal(ftp?.certificate?.store, "FtpStore");
});
