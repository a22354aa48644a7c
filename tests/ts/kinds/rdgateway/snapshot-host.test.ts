import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { rdGatewayKind } from "../../../../ts-src/kinds/rdgateway/index.js";
import { BINDING_KINDS, KIND_SNAPSHOT_FILES } from "../../../../ts-src/kinds/registry.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { captureHost } from "../../../../ts-src/providers/capture/capture-host.js";
import { snapshotSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { noRedaction } from "../../../../ts-src/providers/capture/redaction.js";
import { recoverBeforeCommand } from "../../../../ts-src/providers/journal/recover-interrupted-run.js";
import { openJournal } from "../../../../ts-src/providers/journal/run-journal.js";
import { readHost, readInventory } from "../../../../ts-src/providers/read-inventory.js";
import { buildHost } from "../../support/host-builder.js";
import { addGateway, gatewayThumbprint } from "./gateway-host.js";
import { tempDir } from "../../support/temp-dir.js";

const NOW = new Date("2026-12-20T00:00:00Z");
const read = (p: string) => readFileSync(p, "utf8");

function gatewayHost() {
  const built = buildHost({
    certs: { old: {}, renewal: { notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") } },
    records: [{ kind: "ipport", endpoint: "0.0.0.0:443", cert: "old" }, { kind: "ipport", endpoint: "0.0.0.0:8443", cert: "old" }],
  });
  return { ...built, settings: addGateway(built.root, built.thumbprints["old"]!) };
}

const open = (root: string) => SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES);

test("the snapshot adapter reads the file ConvertTo-Json wrote; one-line JSON and a null CertHash too", async () => {
  const { root, thumbprints, settings } = gatewayHost();
  const state = await rdGatewayKind.read(newKindContext(await open(root)));
  assert.deepEqual(state?.settings, { thumbprint: thumbprints["old"], isConfigured: true });
  assert.deepEqual(state?.records.map((r) => r.endpoint), ["0.0.0.0:443"]);
  writeFileSync(settings, `{"CertHash":null,"IsConfigured":false}`);
  const none = await rdGatewayKind.read(newKindContext(await open(root)));
  assert.deepEqual([none?.settings, none?.records], [{ thumbprint: null, isConfigured: false }, []]);
});

test("a malformed settings.json is a warning of the kind, never an error of the command", async () => {
  const { root, settings } = gatewayHost();
  writeFileSync(settings, "{ not json");
  const inventory = await readInventory(await open(root), NOW);
  assert.equal(inventory.bindings.filter((b) => b.kind === "rdgateway").length, 0);
  assert.ok(inventory.warnings.some((w) => /RD Gateway's settings could not be read/.test(w)), inventory.warnings.join("\n"));
  writeFileSync(settings, `{"CertHash":[1,2,3],"IsConfigured":true}`);
  const short = await readInventory(await open(root), NOW);
  assert.ok(short.warnings.some((w) => /CertHash '\[1,2,3\]' is not the 20 bytes of a certificate thumbprint/.test(w)), short.warnings.join("\n"));
});

test("bindings lists the gateway: kind rdgateway, endpoint TSGateway, service TSGateway, its certificate found in My", async () => {
  const { root, thumbprints } = gatewayHost();
  const inventory = await readInventory(await open(root), NOW);
  const gateway = inventory.bindings.find((b) => b.kind === "rdgateway");
  assert.deepEqual(
    { endpoint: gateway?.endpoint, thumbprint: gateway?.thumbprint, storeName: gateway?.storeName, owner: gateway?.owner, service: gateway?.service, found: gateway?.certificate?.thumbprint },
    { endpoint: "TSGateway", thumbprint: thumbprints["old"], storeName: "MY", owner: "RD Gateway", service: "TSGateway", found: thumbprints["old"] },
  );
});

test("a run killed after the gateway's write: recovery puts settings.json and the HTTP.sys file back byte for byte (the file two kinds list, journaled once)", async () => {
  const { root, thumbprints, settings } = gatewayHost();
  const settingsBefore = readFileSync(settings);
  const recordsBefore = readFileSync(join(root, "httpsys/sslcert.txt"));
  const host = await open(root);
  const context = newKindContext(host);
  const state = await rdGatewayKind.read(context);
  const renewal = (await readHost(host)).certificates.find((c) => c.thumbprint === thumbprints["renewal"])!;
  const { changes } = rdGatewayKind.plan(state!, { oldThumbprint: thumbprints["old"] as Thumbprint, newCertificates: [renewal], now: NOW, force: false });
  assert.equal(changes[0]?.view.status, "planned", changes[0]?.view.reason ?? "");
  const files = await rdGatewayKind.journal!.files(context, changes);
  assert.deepEqual(files, [settings, join(root, "httpsys/sslcert.txt")]);
  // As a run whose HTTP.sys kind also changes records lists sslcert.txt a second time.
  await openJournal(host, { runId: "20261220T000000Z-abcdef", command: "rebind", trigger: "manual", files: [...files, files[1]!], states: [], steps: ["httpsys", "rdgateway"] });
  await rdGatewayKind.apply!(context, changes, { onUndo: () => undefined });
  assert.equal(gatewayThumbprint(settings, read), thumbprints["renewal"]);
  assert.match(read(join(root, "httpsys/sslcert.txt")), new RegExp(thumbprints["renewal"]!, "i"));
  // Killed here: the journal stays open.
  const recovery = await recoverBeforeCommand(await open(root), "rebind", BINDING_KINDS);
  assert.equal(recovery?.action, "restored");
  assert.deepEqual(readFileSync(settings), settingsBefore);
  assert.deepEqual(readFileSync(join(root, "httpsys/sslcert.txt")), recordsBefore);
});

test("capture copies rdgateway/settings.json byte for byte, and the capture reads as its source", async () => {
  const { root, thumbprints, settings } = gatewayHost();
  const out = join(tempDir("rdgateway-capture-"), "capture");
  const host = await open(root);
  const result = await captureHost(snapshotSource(host as never, root), out, { force: false, redaction: noRedaction });
  const part = result.parts.find((p) => p.part === "rdgateway");
  assert.deepEqual([part?.count, part?.files, part?.warnings], [1, ["rdgateway/settings.json"], []]);
  assert.deepEqual(readFileSync(join(out, "rdgateway/settings.json")), readFileSync(settings));
  const captured = await rdGatewayKind.read(newKindContext(await open(out)));
  assert.equal(captured?.settings?.thumbprint, thumbprints["old"]);
  assert.deepEqual(captured?.records.map((r) => r.endpoint), ["0.0.0.0:443"]);
});

test("capture of a host without a gateway writes no rdgateway file", async () => {
  const { root } = buildHost({ certs: { old: {} }, records: [{ kind: "ipport", endpoint: "0.0.0.0:443", cert: "old" }] });
  const out = join(tempDir("rdgateway-capture-"), "capture");
  const result = await captureHost(snapshotSource((await open(root)) as never, root), out, { force: false, redaction: noRedaction });
  assert.deepEqual(result.parts.find((p) => p.part === "rdgateway"), { part: "rdgateway", count: 0, of: "files", files: [], warnings: [] });
});
