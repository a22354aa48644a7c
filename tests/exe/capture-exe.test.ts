/*
 * `capture` in the built exes: the Linux exe (with --redact: the X.509 builder is in the bundle), and the Windows exe
 * under wine on a snapshot host (Windows paths, the rename into place). A dry run on each capture gives the
 * original's plan.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { haveWine, linuxExe, repoRoot, requireBuilt, runToFiles, windowsExe, wine64, wineEnvironment, zPath } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

const NOW = { CERTREBIND_NOW: "2026-11-27T00:00:00Z" };
const demoHost = join(repoRoot, "examples/demo-host");
let wineEnv: NodeJS.ProcessEnv = {};

before(() => {
  wineEnv = wineEnvironment(NOW);
});

/** The auto dry run's changes and successors, without the run id and the host's folder. */
function plan(root: string): string {
  const result = runToFiles(linuxExe, ["rebind", "--auto", "--dry-run", "--json", "--host-root", root], NOW);
  const envelope = JSON.parse(result.stdout) as { data: { runId: string } };
  envelope.data.runId = "RUN";
  return `${result.status} ${JSON.stringify(envelope).replaceAll(root, "HOST")}`;
}

test("certrebind (Linux) capture gives a snapshot host with the demo host's plan", () => {
  requireBuilt(linuxExe);
  const out = join(tempDir("certrebind-capture-exe-"), "capture");
  const result = runToFiles(linuxExe, ["capture", "--out", out, "--json", "--host-root", demoHost], NOW);
  assert.equal(result.status, 0, result.stderr);
  const data = JSON.parse(result.stdout).data as { files: number; parts: { part: string; files: string[] }[] };
  // 17 of IIS, HTTP.sys, the certificates and the events, and one file of each binding kind's and of the services.
  assert.equal(data.files, 22);
  const parts = new Map(data.parts.map((p) => [p.part, p.files]));
  for (const [part, files] of [
    ["sqlserver", ["sqlserver/instances.json"]],
    ["rdp", ["rdp/listeners.json"]],
    ["rdgateway", ["rdgateway/settings.json"]],
    ["winrm", ["winrm/listeners.json"]],
    ["services", ["services/services.json"]],
  ] as const) {
    assert.deepEqual(parts.get(part), files, part);
    assert.ok(existsSync(join(out, files[0])), files[0]);
  }
  assert.equal(plan(out), plan(demoHost));
});

test("certrebind (Linux) capture --redact re-issues the certificates: the capture's certificates are others, the plan keeps its shape", () => {
  requireBuilt(linuxExe);
  const out = join(tempDir("certrebind-capture-exe-"), "redacted");
  const result = runToFiles(linuxExe, ["capture", "--out", out, "--redact", "--json", "--host-root", demoHost], NOW);
  assert.equal(result.status, 0, result.stderr);
  const thumbprints = readdirSync(join(out, "certs", "My")).filter((n) => n.endsWith(".cer"));
  assert.equal(thumbprints.length, 4);
  assert.ok(!thumbprints.includes("0F70C94C6482E61B0A43B9816E830ED7B30B8C44.cer"));
  const statuses = (root: string) =>
    (JSON.parse(runToFiles(linuxExe, ["rebind", "--auto", "--dry-run", "--json", "--host-root", root], NOW).stdout) as { data: { changes: { status: string; code: string | null }[] } }).data.changes
      .map((c) => `${c.status} ${c.code}`)
      .sort();
  assert.deepEqual(statuses(out), statuses(demoHost));
});

test("certrebind.exe (Windows, under wine) captures a snapshot host given by a Windows path", { skip: !haveWine && "wine64 is not installed" }, () => {
  requireBuilt(windowsExe);
  const parent = tempDir("certrebind-capture-wine-");
  const out = join(parent, "capture");
  const result = runToFiles(wine64, [windowsExe, "capture", "--out", zPath(out), "--json", "--host-root", zPath(demoHost)], wineEnv);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(existsSync(join(out, "httpsys", "records.json")));
  assert.deepEqual(readdirSync(parent), ["capture"]);
  assert.equal(plan(out), plan(demoHost));
});
