import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { generateHost } from "../../../../bench/generate-host.js";
import { buildHost, IIS_APPID } from "../../support/host-builder.js";
import { run } from "../../support/run.js";
import { demoHost, testDir } from "../../support/snapshot.js";
import { copyOfTextDemoHost } from "../../support/text-demo-host.js";

/**
 * A dry run on a capture tells the truth about the host it was captured from: `rebind --dry-run` and
 * `rebind --auto --dry-run` give the same envelope on both, field by field (plan, refusals and their codes,
 * successors, warnings). Only where each host is differs: its folder (in the host's description and in messages
 * naming a file) and the run id, which is new for every run; exactly those are normalised.
 */
async function dryRuns(root: string, pair: [string, string] | null): Promise<string[]> {
  const runs = [["rebind", "--auto", "--dry-run", "--json", "--host-root", root]];
  if (pair) runs.push(["rebind", "--old", pair[0], "--new", pair[1], "--dry-run", "--json", "--host-root", root]);
  const outputs: string[] = [];
  for (const argv of runs) {
    const result = await run(argv);
    outputs.push(normalised(result.stdout, root, result.exitCode));
  }
  return outputs;
}

function normalised(stdout: string, root: string, exitCode: number): string {
  const envelope = JSON.parse(stdout) as { data: { runId?: string } | null };
  if (envelope.data && typeof envelope.data.runId === "string") envelope.data.runId = "RUN";
  return `exit ${exitCode} ${JSON.stringify(envelope).replaceAll(root, "HOST")}`;
}

async function assertSameWhatIf(root: string, pair: [string, string] | null, expectParts?: (files: string[]) => void): Promise<void> {
  const out = join(testDir(), "capture");
  const captured = await run(["capture", "--out", out, "--json", "--host-root", root]);
  assert.equal(captured.exitCode, 0, captured.stdout + captured.stderr);
  const files = (captured.envelope().data as { parts: { files: string[] }[] }).parts.flatMap((p) => p.files);
  expectParts?.(files);
  const [original, capture] = [await dryRuns(root, pair), await dryRuns(out, pair)];
  assert.equal(capture.length, original.length);
  capture.forEach((text, i) => assert.equal(text, original[i]));
  // Not vacuous: the plans have changes or refusals to compare.
  assert.match(original.join("\n"), /"changes":\[\{/);
}

describe("capture: a dry run on the capture gives the original's plan, refusals and successors", () => {
  it("the demo host (records.json, keys, a renewal link, an expired certificate without its key)", async () => {
    await assertSameWhatIf(demoHost, ["0F70C94C6482E61B0A43B9816E830ED7B30B8C44", "FAC2BE397B0EF579E4C64AE777717B344007BA2C"], (files) => {
      assert.ok(files.includes("httpsys/records.json") && files.includes("httpsys/sslcert.txt"));
    });
  });

  it("a host whose records are sslcert.txt only: the text is copied and no records.json is made", async () => {
    await assertSameWhatIf(copyOfTextDemoHost(), ["0F70C94C6482E61B0A43B9816E830ED7B30B8C44", "FAC2BE397B0EF579E4C64AE777717B344007BA2C"], (files) => {
      assert.ok(files.includes("httpsys/sslcert.txt") && !files.includes("httpsys/records.json"));
    });
  });

  it("a built host with archived certificates, renewal links, and keys present and absent", async () => {
    const { root, thumbprints } = buildHost({
      certs: {
        old: { dnsNames: ["www.fabrikam.test"], notAfter: new Date("2026-12-10T00:00:00Z") },
        renewed: { dnsNames: ["www.fabrikam.test"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-11-01T00:00:00Z") },
        nokey: { dnsNames: ["api.fabrikam.test"], notAfter: new Date("2026-12-01T00:00:00Z") },
        nokeyNext: { dnsNames: ["api.fabrikam.test"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-11-01T00:00:00Z"), key: false },
        hosting: { dnsNames: ["files.fabrikam.test"], store: "WebHosting", notAfter: new Date("2026-12-05T00:00:00Z") },
      },
      records: [
        { kind: "hostnameport", endpoint: "www.fabrikam.test:443", cert: "old" },
        { kind: "ipport", endpoint: "192.0.2.10:443", cert: "nokey" },
        { kind: "hostnameport", endpoint: "files.fabrikam.test:443", cert: "hosting", storeName: "WebHosting" },
        { kind: "ccs", endpoint: "443", cert: null, appId: IIS_APPID },
      ],
      sites: [
        { name: "Fabrikam", bindings: [["https", "*:443:www.fabrikam.test", 1]] },
        { name: "Fabrikam API", bindings: [["https", "192.0.2.10:443:api.fabrikam.test"]] },
        { name: "Fabrikam FTP", bindings: [["ftp", "*:21:"]], ftpCert: "old" },
      ],
    });
    writeFileSync(join(root, "certs", "My", "old.json"), JSON.stringify({ archived: true, renewalThumbprint: thumbprints["renewed"], friendlyName: "www" }));
    writeFileSync(join(root, "certs", "My", "nokey.json"), JSON.stringify({ renewalThumbprint: thumbprints["nokeyNext"] }));
    await assertSameWhatIf(root, [thumbprints["nokey"]!, thumbprints["nokeyNext"]!]);
  });

  it("a host with shared configuration (redirection.config and the shared applicationHost.config)", async () => {
    const { root, thumbprints } = buildHost({
      certs: { old: { dnsNames: ["www.fabrikam.test"], notAfter: new Date("2026-12-10T00:00:00Z") }, renewed: { dnsNames: ["www.fabrikam.test"], notAfter: new Date("2027-12-10T00:00:00Z") } },
      records: [{ kind: "hostnameport", endpoint: "www.fabrikam.test:443", cert: "old" }],
      sites: [{ name: "Local only", bindings: [["https", "*:443:local.fabrikam.test", 1]] }],
    });
    const shared = `<configuration><system.applicationHost><sites><site name="Shared" id="1"><bindings><binding protocol="https" bindingInformation="*:443:www.fabrikam.test" sslFlags="1" /></bindings></site></sites></system.applicationHost></configuration>`;
    writeFileSync(join(root, "inetsrv", "redirection.config"), `<configuration><configurationRedirection enabled="true" path="\\\\fs01\\iis" /></configuration>`);
    testDirWrite(root, "inetsrv/shared/applicationHost.config", shared);
    await assertSameWhatIf(root, [thumbprints["old"]!, thumbprints["renewed"]!], (files) => {
      assert.ok(files.includes("inetsrv/redirection.config") && files.includes("inetsrv/shared/applicationHost.config"));
    });
  });

  it("a host generated by the benchmark, at a small size", async () => {
    const root = testDir();
    const generated = generateHost(root, { sites: 60, renewedShare: 0.5, certificates: 4 });
    await assertSameWhatIf(root, [generated.renewedOld, generated.renewedNew]);
  });
});

function testDirWrite(root: string, path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
