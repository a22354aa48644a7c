/*
 * The built exes read the desired state of `dsc` from standard input as DSC gives it: a pipe (DSC's way), or a file.
 * Under wine a pipe cannot become a Node stream (EBADF, seen with wine 8); the exe then reads the descriptor itself.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { haveWine, linuxExe, repoRoot, requireBuilt, runToFiles, windowsExe, wine64, wineEnvironment, zPath } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

const NOW = { CERTREBIND_NOW: "2026-11-27T00:00:00Z" };
let wineEnv: NodeJS.ProcessEnv = {};

before(() => {
  wineEnv = wineEnvironment(NOW);
});

/** Runs a program with `input` on stdin (a pipe, or a file) and stdout/stderr in files. */
function runWithInput(file: string, args: string[], input: string, via: "pipe" | "file", env: NodeJS.ProcessEnv) {
  const dir = tempDir("certrebind-dsc-exe-");
  writeFileSync(join(dir, "stdin"), input);
  const fds = [openSync(join(dir, "stdout"), "w"), openSync(join(dir, "stderr"), "w")];
  const stdinFd = via === "file" ? openSync(join(dir, "stdin"), "r") : null;
  try {
    const result = spawnSync(file, args, {
      stdio: [stdinFd ?? "pipe", fds[0]!, fds[1]!],
      ...(via === "pipe" ? { input } : {}),
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: readFileSync(join(dir, "stdout"), "utf8"), stderr: readFileSync(join(dir, "stderr"), "utf8") };
  } finally {
    for (const fd of [...fds, ...(stdinFd === null ? [] : [stdinFd])]) closeSync(fd);
  }
}

function demoCopy(): string {
  const root = tempDir("certrebind-dsc-host-");
  cpSync(join(repoRoot, "examples/demo-host"), root, { recursive: true });
  return root;
}

for (const via of ["pipe", "file"] as const) {
  test(`certrebind (Linux) reads the desired state from a ${via} and prints one JSON line`, () => {
    requireBuilt(linuxExe);
    const result = runWithInput(linuxExe, ["dsc", "test", "--resource", "CertBindingsCurrent", "--host-root", demoCopy()], '{"name":"Web","days":30}', via, NOW);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    const state = JSON.parse(lines[0]!);
    assert.equal(state.name, "Web");
    assert.equal(state._inDesiredState, false);
    assert.match(result.stderr, /^\{"warn":"FF68DD73E9231C4C92BF0554927AF9A048BD18F5 has expired/);
  });
}

test("certrebind (Linux) dsc set installs itself for CertAutoRebind (the running exe, no --exe-path)", () => {
  requireBuilt(linuxExe);
  const root = demoCopy();
  const result = runWithInput(linuxExe, ["dsc", "set", "--resource", "CertAutoRebind", "--host-root", root], '{"_exist":true}', "pipe", NOW);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).exeCurrent, true);
  assert.deepEqual(readFileSync(join(root, "programfiles/CertRebind/certrebind.exe")), readFileSync(linuxExe));
});

test("certrebind.exe under wine reads the desired state from a pipe", { skip: !haveWine && "wine64 is not installed (./build.sh Test installs it)" }, () => {
  requireBuilt(windowsExe);
  const args = [windowsExe, "dsc", "test", "--resource", "CertBindingsCurrent", "--host-root", zPath(demoCopy())];
  const result = runWithInput(wine64, args, '{"days":14}', "pipe", wineEnv);
  assert.equal(result.status, 0, result.stderr);
  const state = JSON.parse(result.stdout);
  assert.equal(state.days, 14);
  // Nothing is due within 14 days; the expired intranet certificate on 0.0.0.0:8443 has no successor.
  assert.equal(state._inDesiredState, false);
  assert.deepEqual(state.reasons.map((r: { code: string }) => r.code), ["CertBindingsCurrent:CertBindingsCurrent:NoSuccessor"]);
});

test("the build puts the DSC manifests beside both exes", () => {
  requireBuilt(linuxExe);
  for (const dir of ["dist/linux-x64", "dist/win-x64"]) {
    for (const manifest of ["certrebind.dsc.resource.json", "certrebind.autorebind.dsc.resource.json"]) {
      assert.deepEqual(readFileSync(join(repoRoot, dir, manifest)), readFileSync(join(repoRoot, "dsc", manifest)), `${dir}/${manifest}`);
    }
  }
});
