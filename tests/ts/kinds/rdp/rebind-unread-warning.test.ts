import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../support/run.js";
import { copyOfDemoHost } from "../../support/snapshot.js";

// A rebind that cannot read the RDP listeners (PowerShell blocked on Windows, a malformed rdp/listeners.json) does not
// move them: it must say so, as `bindings` does, rather than report every binding of the old certificate moved. The
// demo host's RDP-Tcp is pinned to www-2025: unread, it would stay on the expiring certificate without a word.
const NOW = { CERTREBIND_NOW: "2026-11-27T00:00:00Z" };
const OLD = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const NEW = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";

interface Envelope {
  warnings: string[];
  data: { changes: { kind: string; endpoint: string; status: string }[] };
}

for (const [name, args] of [
  ["rebind --old --new --dry-run", ["rebind", "--old", OLD, "--new", NEW, "--dry-run"]],
  ["rebind --old --new", ["rebind", "--old", OLD, "--new", NEW]],
  ["rebind --auto --dry-run", ["rebind", "--auto", "--dry-run"]],
] as const) {
  test(`${name}: RDP listeners that could not be read are a warning of the run, and none of them is changed`, async () => {
    const root = copyOfDemoHost();
    const listeners = join(root, "rdp", "listeners.json");
    writeFileSync(listeners, '[{"TerminalName": 3}]');
    const result = await run([...args, "--json", "--host-root", root], NOW);
    const envelope = result.envelope() as unknown as Envelope;
    const unread = envelope.warnings.filter((w) => w.startsWith("rdp/listeners.json could not be read ("));
    assert.equal(unread.length, 1, JSON.stringify(envelope.warnings));
    assert.match(unread[0]!, /the RDP listeners are not listed or changed\.$/);
    assert.deepEqual(envelope.data.changes.filter((c) => c.kind === "rdp"), []);
    assert.ok(envelope.data.changes.some((c) => c.kind === "hostnameport"), "the other kinds are still planned");
    assert.equal(readFileSync(listeners, "utf8"), '[{"TerminalName": 3}]');
  });
}

test("a rebind whose kinds read everything carries no such warning", async () => {
  const root = copyOfDemoHost();
  const result = await run(["rebind", "--old", OLD, "--new", NEW, "--dry-run", "--json", "--host-root", root], NOW);
  const envelope = result.envelope() as unknown as Envelope;
  assert.deepEqual(envelope.warnings.filter((w) => /could not be read|is ignored/.test(w)), []);
  assert.ok(envelope.data.changes.some((c) => c.kind === "rdp" && c.endpoint === "RDP-Tcp" && c.status === "planned"));
});
