import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { whyOutsideHost } from "../../../../ts-src/platform/files/contained-path.js";
import { run } from "../../support/run.js";
import { copyOfDemoHost, testDir } from "../../support/snapshot.js";
import { treeHash } from "../../support/tree-hash.js";

const WWW_2025 = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const WWW_2026 = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";

test("a path inside the host is writable, also one whose folder does not exist yet", async () => {
  const root = testDir({ "httpsys/sslcert.txt": "" });
  assert.equal(await whyOutsideHost(root, join(root, "httpsys", "sslcert.txt")), null);
  assert.equal(await whyOutsideHost(root, join(root, "state", "backups", "run", "x")), null);
});

test("a file that is a link, and a folder that leads out of the host, are refused with the reason", async () => {
  const root = testDir({ "inetsrv/applicationHost.config": "<configuration/>" });
  const outside = testDir({ "sslcert.txt": "" });
  mkdirSync(join(root, "httpsys"));
  symlinkSync(join(outside, "sslcert.txt"), join(root, "httpsys", "sslcert.txt"));
  assert.match((await whyOutsideHost(root, join(root, "httpsys", "sslcert.txt")))!, /is a symbolic link/);
  symlinkSync(outside, join(root, "state"));
  assert.match((await whyOutsideHost(root, join(root, "state", "journal.json")))!, /outside the host directory/);
});

/** Runs a rebind on a demo copy where `link` (relative to the host) is made a link to a copy outside it. */
async function rebindThroughLink(link: string) {
  const root = copyOfDemoHost();
  const outside = testDir();
  const target = join(outside, "target");
  renameSync(join(root, link), target);
  symlinkSync(target, join(root, link));
  const outsideBefore = treeHash(outside);
  const hostBefore = treeHash(root, { exclude: (path) => path === "state" });
  const result = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026]);
  return { result, outsideUnchanged: JSON.stringify(treeHash(outside)) === JSON.stringify(outsideBefore), hostUnchanged: JSON.stringify(treeHash(root, { exclude: (path) => path === "state" })) === JSON.stringify(hostBefore), root };
}

for (const link of ["httpsys/records.json", "httpsys", "inetsrv"]) {
  test(`a rebind refuses (CR4004, exit 4) when ${link} is a link out of the host, and writes nothing there`, async () => {
    const { result, outsideUnchanged, hostUnchanged } = await rebindThroughLink(link);
    assert.equal(result.exitCode, 4, result.stdout);
    assert.equal(result.envelope().errors[0]!.code, "CR4004");
    assert.ok(outsideUnchanged, "nothing outside the host changed");
    assert.ok(hostUnchanged, "nothing inside the host changed");
  });
}

test("a state folder that is a link out of the host is refused before anything changes", async () => {
  const root = copyOfDemoHost();
  const outside = testDir();
  symlinkSync(outside, join(root, "state"));
  const result = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026]);
  assert.equal(result.exitCode, 4, result.stdout);
  assert.equal(result.envelope().errors[0]!.code, "CR4004");
  assert.deepEqual(treeHash(outside), {}, "no lock, journal, backup or audit record was written there");
});
