import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { run } from "../../support/run.js";
import { generateHost } from "../../../../bench/generate-host.js";
import { buildHost } from "../../support/host-builder.js";
import { demoHost, testDir } from "../../support/snapshot.js";
import { copyOfTextDemoHost } from "../../support/text-demo-host.js";

const allFiles = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

/** Every byte of every file, read as ASCII-compatible text and as UTF-16 (task files), lower-cased. */
const contents = (root: string) =>
  allFiles(root).map((file) => {
    const bytes = readFileSync(file);
    return { file, text: `${bytes.toString("latin1")}\n${bytes.toString("utf16le")}` };
  });

interface Change { kind: string; status: string; code: string | null; sites: string[]; hostnames: string[]; from: string | null; to: string | null }
interface Successor { why: string; how: string | null; successor: string | null; candidates: string[] }

/** The plan without its names: what each change and successor is, sorted, and how the thumbprints relate. */
function shape(stdout: string): unknown {
  const envelope = JSON.parse(stdout) as { exitCode: number; errors: { code: string }[]; data: { changes: Change[]; successors: Successor[] } };
  const { changes, successors } = envelope.data;
  const order = new Map<string, number>();
  const id = (t: string | null) => (t === null ? null : (order.get(t) ?? order.set(t, order.size).get(t)!));
  const changeShapes = changes.map((c) => [c.kind, c.status, c.code, c.sites.length, c.hostnames.length, c.from === c.to].join(" ")).sort();
  const successorShapes = successors.map((s) => [s.why, s.how, s.successor !== null, s.candidates.length].join(" ")).sort();
  const pairs = new Set(changes.map((c) => `${id(c.from)}>${id(c.to)}`)).size;
  return { exitCode: envelope.exitCode, errors: envelope.errors.map((e) => e.code).sort(), changeShapes, successorShapes, pairs };
}

describe("capture --redact", () => {
  it("leaves no original host name, site name, IP address or thumbprint in any byte, and the dry run has the same shape", async () => {
    const out = join(testDir(), "redacted");
    const captured = await run(["capture", "--out", out, "--redact", "--json", "--host-root", demoHost]);
    assert.equal(captured.exitCode, 0, captured.stderr);

    const host = await SnapshotHost.open(demoHost);
    const config = (await host.iisConfig.read())!;
    const records = await host.httpSys.readRecords();
    const { certificateFromStore } = await import("../../../../ts-src/core/certificate.js");
    const certificates = (await host.certStore.list()).map(certificateFromStore);
    const hostNames = new Set<string>(["web01.contoso.com", "web01"]);
    for (const c of certificates) for (const n of c.dnsNames) hostNames.add(n.toLowerCase());
    for (const r of records) if (r.kind === "hostnameport") hostNames.add(r.endpoint.slice(0, r.endpoint.lastIndexOf(":")).toLowerCase());
    for (const s of config.sites) for (const b of s.bindings) if (b.endpoint.host) hostNames.add(b.endpoint.host.toLowerCase());
    const addresses = ["10.0.0.10"];
    const thumbprints = certificates.map((c) => c.thumbprint.toLowerCase());
    assert.ok(hostNames.size >= 7 && thumbprints.length === 6);

    for (const { file, text } of contents(out)) {
      const lower = text.toLowerCase();
      for (const name of [...hostNames, ...addresses, ...thumbprints]) assert.ok(!lower.includes(name), `${name} in ${file}`);
      // A site name is replaced where it is a name (an attribute's value, an element's text, a path's first segment).
      for (const site of config.sites) assert.doesNotMatch(text, new RegExp(`["'>]${site.name}["'</]`), `${site.name} in ${file}`);
      // A thumbprint kept as bytes (RD Gateway's CertHash) is a thumbprint too.
      if (file.endsWith("settings.json")) {
        const certHash = Buffer.from((JSON.parse(readFileSync(file, "utf8")) as { CertHash: number[] }).CertHash).toString("hex");
        assert.equal(certHash.length, 40);
        assert.ok(!thumbprints.includes(certHash), `RD Gateway's CertHash ${certHash} is an original thumbprint`);
      }
    }
    for (const site of config.sites.filter((s) => s.name.includes(" "))) {
      for (const { file, text } of contents(out)) assert.ok(!text.includes(site.name), `${site.name} in ${file}`);
    }

    const [original, redacted] = await Promise.all([demoHost, out].map((root) => run(["rebind", "--auto", "--dry-run", "--json", "--host-root", root])));
    assert.deepEqual(shape(redacted!.stdout), shape(original!.stdout));
    assert.match(original!.stdout, /"status":"refused"/);
    assert.match(original!.stdout, /"status":"planned"/);
  });

  for (const [name, make] of [
    ["a host whose records are sslcert.txt only", () => copyOfTextDemoHost()],
    ["a host generated by the benchmark, at a small size", () => {
      const root = testDir();
      generateHost(root, { sites: 60, renewedShare: 0.5, certificates: 4 });
      return root;
    }],
  ] as const) {
    it(`gives the same dry-run shape on ${name}, and none of its records' names or addresses`, async () => {
      const root = make();
      const out = join(testDir(), "redacted");
      assert.equal((await run(["capture", "--out", out, "--redact", "--host-root", root])).exitCode, 0);
      const records = await (await SnapshotHost.open(root)).httpSys.readRecords();
      const names = records.filter((r) => r.kind !== "ccs").map((r) => r.endpoint.slice(0, r.endpoint.lastIndexOf(":")).replace(/^\[|\]$/g, "").toLowerCase())
        .filter((n) => !["0.0.0.0", "::"].includes(n));
      assert.ok(names.length > 0);
      for (const { file, text } of contents(out)) for (const n of names) assert.ok(!text.toLowerCase().includes(n), `${n} in ${file}`);
      const [original, redacted] = await Promise.all([root, out].map((r) => run(["rebind", "--auto", "--dry-run", "--json", "--host-root", r])));
      assert.deepEqual(shape(redacted!.stdout), shape(original!.stdout));
      assert.match(original!.stdout, /"status":"planned"/);
    });
  }

  it("replaces the file server of shared configuration and the sites of the shared file, and keeps the plan's shape", async () => {
    const { root } = buildHost({
      certs: {
        old: { dnsNames: ["www.fabrikam.test"], notAfter: new Date("2026-12-10T00:00:00Z") },
        renewed: { dnsNames: ["www.fabrikam.test"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-12-10T00:00:00Z") },
      },
      records: [{ kind: "hostnameport", endpoint: "www.fabrikam.test:443", cert: "old" }],
      sites: [{ name: "Local only", bindings: [["https", "*:443:local.fabrikam.test", 1]] }],
    });
    writeFileSync(join(root, "inetsrv", "redirection.config"), `<configuration><configurationRedirection enabled="true" path="\\\\fileserver07\\iis" userName="FABRIKAM\\iisshare" password="[enc:IISCngProvider:abc:enc]" /></configuration>`);
    mkdirSync(join(root, "inetsrv", "shared"));
    writeFileSync(join(root, "inetsrv", "shared", "applicationHost.config"), `<configuration><system.applicationHost><sites><site name="Fabrikam Shared" id="1"><bindings><binding protocol="https" bindingInformation="*:443:www.fabrikam.test" sslFlags="1" /></bindings></site></sites></system.applicationHost></configuration>`);
    const out = join(testDir(), "redacted");
    assert.equal((await run(["capture", "--out", out, "--redact", "--host-root", root])).exitCode, 0);
    for (const { file, text } of contents(out)) {
      for (const original of ["fileserver07", "www.fabrikam.test", "local.fabrikam.test", "Fabrikam Shared", "Local only", "IISCngProvider"]) {
        assert.ok(!text.toLowerCase().includes(original.toLowerCase()), `${original} in ${file}`);
      }
    }
    const [original, redacted] = await Promise.all([root, out].map((r) => run(["rebind", "--auto", "--dry-run", "--json", "--host-root", r])));
    assert.deepEqual(shape(redacted!.stdout), shape(original!.stdout));
    assert.match(original!.stdout, /"status":"planned"/);
  });
});
