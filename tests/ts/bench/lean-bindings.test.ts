import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { generateHost, type GeneratedHost } from "../../../bench/generate-host.js";
import { leanBindings } from "../../../bench/lean/bindings.js";
import { run } from "../support/run.js";

// The lean reader is a lower bound of `bindings` only if it gives the exe's answer and reads as strictly.
let dir = "";
let host: GeneratedHost;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "certrebind-lean-"));
  host = generateHost(dir, { sites: 400, renewedShare: 0.3, certificates: 4 });
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Each binding as kind and sites (an FTP site's endpoint is written otherwise by each), sorted. */
const answerOf = (bindings: { kind: string; endpoint: string; sites: string[] }[]) =>
  bindings.map((b) => `${b.kind} ${b.kind === "ftp" ? "" : b.endpoint} ${[...b.sites].sort().join(",")}`).sort();

test("lean reader: the exe's bindings of the renewed certificate, record by record and site by site", async () => {
  const exe = (await run(["bindings", "--thumbprint", host.renewedOld, "--host-root", dir, "--json"])).envelope();
  const exeBindings = (exe.data as { bindings: { kind: string; endpoint: string; sites: string[] }[] }).bindings;
  const lean = leanBindings(dir, host.renewedOld);
  assert.ok(exeBindings.length >= 50, `a host of 400 sites binds the renewed certificate ${exeBindings.length} times`);
  assert.deepEqual(new Set(exeBindings.map((b) => b.kind)), new Set(["hostnameport", "ipport", "ftp"]));
  assert.deepEqual(answerOf(lean), answerOf(exeBindings));
});

test("lean reader: a thumbprint nothing binds gives nothing, as the exe", () => {
  assert.deepEqual(leanBindings(dir, host.renewedNew), []);
});

test("lean reader: refuses a configuration the exe refuses (an end tag that closes another element)", () => {
  const broken = mkdtempSync(path.join(tmpdir(), "certrebind-lean-broken-"));
  try {
    generateHost(broken, { sites: 20, renewedShare: 0.3, certificates: 2 });
    const brokenConfig = path.join(broken, "inetsrv", "applicationHost.config");
    writeFileSync(brokenConfig, readFileSync(brokenConfig, "utf8").replace("</bindings>", "</binding>"));
    assert.throws(() => leanBindings(broken, host.renewedOld), /closes <bindings>/);
  } finally {
    rmSync(broken, { recursive: true, force: true });
  }
});
