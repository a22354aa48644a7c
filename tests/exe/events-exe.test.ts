import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeEventLogs } from "../../bench/generate-events.js";
import { haveWine, linuxExe, repoRoot, requireBuilt, runToFiles, windowsExe, wine64, wineEnvironment } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

const demoHost = join(repoRoot, "examples/demo-host");
const NOW = { CERTREBIND_NOW: "2026-11-27T00:00:00Z" };

test("the Linux exe lists the demo host's lifecycle events, newest first", () => {
  requireBuilt(linuxExe);
  const result = runToFiles(linuxExe, ["events", "--json", "--host-root", demoHost], NOW);
  assert.equal(result.status, 0, result.stderr);
  const envelope = JSON.parse(result.stdout);
  assert.deepEqual(envelope.warnings, []);
  assert.deepEqual(
    envelope.data.events.map((e: { id: number; kind: string; channel: string }) => `${e.id} ${e.kind} ${e.channel}`),
    ["1003 ExpiringSoon System", "1001 Replaced System", "1006 Installed System", "1006 Installed User"],
  );
  assert.equal(envelope.data.events[1].oldThumbprint, "0F70C94C6482E61B0A43B9816E830ED7B30B8C44");
  assert.equal(envelope.data.events[1].newThumbprint, "FAC2BE397B0EF579E4C64AE777717B344007BA2C");
});

test("the Linux exe streams a generated log of 20,000 events and keeps the newest --max", () => {
  requireBuilt(linuxExe);
  const root = tempDir("certrebind-exe-events-");
  const counts = writeEventLogs(root, { events: 20_000, userShare: 0.1, seed: 3 });
  const result = runToFiles(linuxExe, ["events", "--json", "--host-root", root, "--max", "5", "--id", "1001"]);
  assert.equal(result.status, 0, result.stderr);
  const { data, warnings } = JSON.parse(result.stdout);
  assert.equal(data.events.length, 5);
  assert.equal(data.truncated, true);
  assert.deepEqual(data.channels.map((c: { read: number }) => c.read), [counts.System, counts.User]);
  assert.ok(data.events.every((e: { id: number }) => e.id === 1001));
  const times = data.events.map((e: { timeCreated: string }) => e.timeCreated);
  assert.deepEqual(times, [...times].sort().reverse());
  assert.match(warnings[0], /^\d+ events match; only the newest 5 are listed/);
});

test("the Linux exe exits 2 for a bad --id and 4 without --host-root", () => {
  requireBuilt(linuxExe);
  const bad = runToFiles(linuxExe, ["events", "--json", "--host-root", demoHost, "--id", "70000"]);
  assert.equal(bad.status, 2);
  assert.equal(JSON.parse(bad.stdout).errors[0].code, "CR2000");
  const noHost = runToFiles(linuxExe, ["events", "--json"], { CERTREBIND_HOST_ROOT: "" });
  assert.equal(noHost.status, 4);
  assert.equal(JSON.parse(noHost.stdout).errors[0].code, "CR4001");
});

// Wine is only a smoke test of the Windows build. Its wevtutil is a stub that prints nothing and
// exits 0, so this runs the real Windows path (gl, then qe streamed through execa) and finds empty channels.
const wineEnv = () => wineEnvironment({ CERTREBIND_HOST_ROOT: "" });

test("certrebind.exe under wine reads both channels through wevtutil", { skip: !haveWine && "wine64 is not installed (./build.sh Test installs it)" }, () => {
  requireBuilt(windowsExe);
  const result = runToFiles(wine64, [windowsExe, "events", "--json"], wineEnv());
  assert.equal(result.status, 0, result.stderr);
  const { data } = JSON.parse(result.stdout);
  assert.deepEqual(
    data.channels.map((c: { log: string; found: boolean }) => `${c.log} ${c.found}`),
    [
      "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational true",
      "Microsoft-Windows-CertificateServicesClient-Lifecycle-User/Operational true",
    ],
  );
});
