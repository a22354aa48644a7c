import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { rdpKind } from "../../../../ts-src/kinds/rdp/index.js";
import { LISTENERS_FILE, snapshotListeners } from "../../../../ts-src/kinds/rdp/snapshot.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { KIND_SNAPSHOT_FILES } from "../../../../ts-src/kinds/registry.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { buildHost } from "../../support/host-builder.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "fixtures", "kinds", "rdp");
const PINNED = "8A3B6E2F1C4D5E6F708192A3B4C5D6E7F8091A2B";
const NEW = "B".repeat(40) as Thumbprint;

async function hostWith(text: string | null, kindFiles: readonly string[] = KIND_SNAPSHOT_FILES) {
  const { root } = buildHost({ certs: {}, records: [] });
  if (text !== null) {
    mkdirSync(join(root, "rdp"));
    writeFileSync(join(root, LISTENERS_FILE), text);
  }
  return { root, host: await SnapshotHost.open(root, {}, kindFiles) };
}

test("rdp/listeners.json in the Windows read's form: an array, or the one object ConvertTo-Json prints for a single listener", async () => {
  const array = await hostWith(readFileSync(join(FIXTURES, "cim-read-two-listeners.txt"), "utf8"));
  const state = await rdpKind.read(newKindContext(array.host));
  assert.deepEqual(state?.listeners.map((l) => [l.terminalName, l.thumbprint, l.hashType]), [["RDP-Tcp", "5C1E0D9B7A6F4E3D2C1B0A99887766554433221F", 2], ["RDP-Tcp-3390", PINNED, 3]]);
  const one = await hostWith(readFileSync(join(FIXTURES, "listeners-one-object.json"), "utf8"));
  assert.deepEqual((await rdpKind.read(newKindContext(one.host)))?.listeners, [{ terminalName: "RDP-Tcp", thumbprint: PINNED, hashText: PINNED, hashType: 3 }]);
});

test("no rdp/ file, or an empty list: the kind is absent; a malformed file is a warning, never the command's failure", async () => {
  assert.equal(await rdpKind.read(newKindContext((await hostWith(null)).host)), null);
  assert.equal(await rdpKind.read(newKindContext((await hostWith("[]")).host)), null);
  for (const [text, why] of [["{ not json", /not JSON/], ['[{"TerminalName": 3}]', /"TerminalName" must be/], ['{"TerminalName":"RDP-Tcp","SSLCertificateSHA1HashType":"3"}', /must be a number/]] as const) {
    const state = await rdpKind.read(newKindContext((await hostWith(text)).host));
    assert.deepEqual(state?.listeners, []);
    assert.equal(state?.warnings.length, 1);
    assert.match(state!.warnings[0]!, /^rdp\/listeners\.json could not be read \(/);
    assert.match(state!.warnings[0]!, why);
  }
  const odd = await rdpKind.read(newKindContext((await hostWith('[{"TerminalName":"RDP-Tcp","SSLCertificateSHA1Hash":"not-a-hash","SSLCertificateSHA1HashType":3}]')).host));
  assert.deepEqual(rdpKind.inventory(odd!).bindings, []);
  assert.match(rdpKind.inventory(odd!).warnings[0]!, /RDP-Tcp names 'not-a-hash' as its certificate, which is not a thumbprint; it is ignored/);
});

test("a write changes only the listener's SSLCertificateSHA1Hash, every other byte as it was, and reads the listener back", async () => {
  const text = readFileSync(join(FIXTURES, "listeners-one-object.json"), "utf8").replace(/\n/g, "\r\n");
  const { root, host } = await hostWith(`\uFEFF${text}`);
  const listener = await snapshotListeners(host.snapshot).write("rdp-tcp", NEW);
  assert.deepEqual(listener, { terminalName: "RDP-Tcp", thumbprint: NEW, hashText: NEW, hashType: 3 });
  assert.equal(readFileSync(join(root, LISTENERS_FILE), "utf8"), `\uFEFF${text.replace(PINNED, NEW)}`);
  assert.equal(await snapshotListeners(host.snapshot).write("RDP-Tcp-3390", NEW), null, "no such listener: nothing written");
  assert.equal(readFileSync(join(root, LISTENERS_FILE), "utf8"), `\uFEFF${text.replace(PINNED, NEW)}`);
});

test("a host opened without the kinds' files reads the listeners but never writes them", async () => {
  const { root, host } = await hostWith(readFileSync(join(FIXTURES, "cim-read-pinned.txt"), "utf8"), []);
  assert.equal((await rdpKind.read(newKindContext(host)))?.listeners.length, 1);
  await assert.rejects(snapshotListeners(host.snapshot).write("RDP-Tcp", NEW), /rdp\/listeners\.json is not a binding kind's snapshot file/);
  assert.match(readFileSync(join(root, LISTENERS_FILE), "utf8"), new RegExp(PINNED));
});
