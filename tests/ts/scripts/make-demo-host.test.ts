import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const committed = path.join(root, "examples", "demo-host");
const GENERATED = ["certs", "httpsys", "inetsrv", "events"];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

const certificates = () =>
  filesUnder(path.join(committed, "certs"))
    .filter((file) => file.endsWith(".cer"))
    .map((file) => ({ file, cert: new crypto.X509Certificate(fs.readFileSync(path.join(committed, "certs", file))) }));

const thumbprintOf = (cert: crypto.X509Certificate) => cert.fingerprint.replaceAll(":", "");

describe("make-demo-host", () => {
  let out = "";

  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "demo-host-"));
    execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "make-demo-host.ts"), "--out", out], { cwd: root });
  });

  after(() => fs.rmSync(out, { recursive: true, force: true }));

  for (const folder of GENERATED) {
    it(`reproduces the committed ${folder}/ byte for byte`, () => {
      const expected = filesUnder(path.join(committed, folder));
      assert.ok(expected.length > 0, `examples/demo-host/${folder} is empty`);
      assert.deepEqual(filesUnder(path.join(out, folder)), expected);
      for (const file of expected) {
        const same = fs.readFileSync(path.join(out, folder, file)).equals(fs.readFileSync(path.join(committed, folder, file)));
        assert.ok(same, `${folder}/${file} differs from the committed file`);
      }
    });
  }

  it("binds only certificates the host holds", () => {
    const records = JSON.parse(fs.readFileSync(path.join(committed, "httpsys", "records.json"), "utf8")).records as { hash: string | null }[];
    assert.equal(records.length, 9);
    const known = new Set(certificates().map(({ cert }) => thumbprintOf(cert)));
    for (const { hash } of records.filter((r) => r.hash !== null)) assert.ok(known.has(hash!.toUpperCase()), `${hash} is in no store`);
    // The other services' files: every 40-hex value (SQL Server's lower-case, RD Gateway's as bytes) is a held certificate.
    const gateway = JSON.parse(fs.readFileSync(path.join(committed, "rdgateway", "settings.json"), "utf8")) as { CertHash: number[] };
    const serviceThumbprints = [
      Buffer.from(gateway.CertHash).toString("hex"),
      ...["sqlserver/instances.json", "rdp/listeners.json", "winrm/listeners.json"].flatMap((file) => fs.readFileSync(path.join(committed, file), "utf8").match(/\b[0-9a-fA-F]{40}\b/g) ?? []),
    ];
    assert.equal(serviceThumbprints.length, 5);
    for (const hash of serviceThumbprints) assert.ok(known.has(hash.toUpperCase()), `${hash} is in no store`);
  });

  it("keeps a private key exactly where the story says, matching its certificate", () => {
    const withKey = certificates().filter(({ file }) => fs.existsSync(path.join(committed, "certs", file.replace(/\.cer$/, ".key"))));
    assert.deepEqual(
      withKey.map(({ file }) => file),
      ["My/wildcard-2026.cer", "My/www-2025.cer", "My/www-2026.cer", "WebHosting/api-2026.cer"],
    );
    for (const { file, cert } of withKey) {
      const key = crypto.createPrivateKey(fs.readFileSync(path.join(committed, "certs", file.replace(/\.cer$/, ".key"))));
      assert.ok(cert.checkPrivateKey(key), `${file} does not match its key`);
    }
  });

  it("issues every certificate from the Contoso test root", () => {
    const all = certificates();
    const rootCa = all.find(({ file }) => file === "Root/contoso-root-ca.cer")?.cert;
    assert.ok(rootCa?.ca);
    for (const { file, cert } of all) assert.ok(cert.verify(rootCa.publicKey), `${file} is not signed by the root`);
  });

  it("links the expiring certificate to its renewal", () => {
    const sidecar = JSON.parse(fs.readFileSync(path.join(committed, "certs", "My", "www-2025.json"), "utf8"));
    const renewal = certificates().find(({ file }) => file === "My/www-2026.cer")!.cert;
    assert.equal(sidecar.renewalThumbprint, thumbprintOf(renewal));
  });

  it("puts the expiring thumbprint in both FTP places of applicationHost.config", () => {
    const config = fs.readFileSync(path.join(committed, "inetsrv", "applicationHost.config"));
    assert.deepEqual([...config.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = config.toString("utf8");
    assert.doesNotMatch(text, /[^\r]\n/);
    const expiring = thumbprintOf(certificates().find(({ file }) => file === "My/www-2025.cer")!.cert).toLowerCase();
    assert.equal([...text.matchAll(/serverCertHash="([0-9a-f]{40})"/g)].filter((m) => m[1] === expiring).length, 2);
    assert.doesNotMatch(text, /\{\{/);
  });
});
