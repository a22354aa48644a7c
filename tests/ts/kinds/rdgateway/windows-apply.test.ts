import { test } from "node:test";
import assert from "node:assert/strict";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { rdGatewayKind } from "../../../../ts-src/kinds/rdgateway/index.js";
import { READ_SCRIPT } from "../../../../ts-src/kinds/rdgateway/windows-gateway.js";
import type { Host } from "../../../../ts-src/platform/ports.js";
import type { ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { settingsJson } from "./gateway-host.js";
import { toolsOnlyWindows } from "../../support/windows-access.js";

const OLD = "0123456789ABCDEF0123456789ABCDEF01234567" as Thumbprint;
const NEW = "3F2A9C41D07E5B86A1C4E9F20B7D358A6E1C9F04" as Thumbprint;

/**
 * A Windows machine with a gateway, as far as the kind sees it: powershell.exe answering the read with the gateway's
 * settings, and the SetCertificate script by setting them (Configure then moving the 0.0.0.0:443 record, as the
 * service does) unless `refuse` gives SetCertificate's ReturnValue.
 */
function gatewayMachine(options: { refuse?: number } = {}) {
  const machine = { hash: OLD as string, record: OLD as string, scripts: [] as string[] };
  const run: ToolRunner = async (_file, args) => {
    const script = Buffer.from(args.at(-1)!, "base64").toString("utf16le");
    machine.scripts.push(script === READ_SCRIPT ? "read" : "set");
    if (script === READ_SCRIPT) return { exitCode: 0, stdout: settingsJson(machine.hash), stderr: "" };
    const bytes = /\[byte\[\]\]@\(([\d,]+)\)/.exec(script)![1]!.split(",").map(Number);
    const value = options.refuse ?? 0;
    if (value === 0) machine.hash = machine.record = Buffer.from(bytes).toString("hex").toUpperCase();
    const hash = [...Buffer.from(machine.hash, "hex")];
    return { exitCode: 0, stdout: JSON.stringify({ CertHash: hash, Configure: value === 0 ? 0 : null, SetCertificate: value }), stderr: "" };
  };
  const host = {
    windows: toolsOnlyWindows(run),
    services: { query: async () => ({ name: "TSGateway", account: "NT AUTHORITY\\NetworkService", state: "running" }) },
    httpSys: { recordFiles: [], readRecords: async () => [{ kind: "ipport", endpoint: "0.0.0.0:443", thumbprint: machine.record, appId: null, storeName: "MY", settings: null }] },
  } as unknown as Host;
  return { machine, host };
}

async function plannedChange(host: Host) {
  const state = await rdGatewayKind.read(newKindContext(host));
  const plan = rdGatewayKind.plan(state!, { oldThumbprint: OLD, newCertificates: [{ thumbprint: NEW, store: "My", hasPrivateKey: true, notBefore: new Date("2026-01-01"), notAfter: new Date("2028-01-01"), ekus: ["1.3.6.1.5.5.7.3.1"], dnsNames: [] }] as never, now: new Date("2026-12-20"), force: false });
  return { state: state!, change: plan.changes[0]! };
}

test("on Windows the change is SetCertificate + Configure; the read back finds the gateway and its record on the new certificate; the undo puts both back", async () => {
  const { machine, host } = gatewayMachine();
  const { state, change } = await plannedChange(host);
  assert.equal(change.view.status, "planned", change.view.reason ?? "");
  assert.deepEqual(rdGatewayKind.claims!(state).map((c) => c.endpoint), ["0.0.0.0:443"]);
  const undos: (() => Promise<void>)[] = [];
  await rdGatewayKind.apply!(newKindContext(host), [change], { onUndo: (_name, undo) => void undos.push(undo) });
  assert.equal(undos.length, 1, "the undo is registered");
  assert.deepEqual([machine.hash, machine.record], [NEW, NEW]);
  assert.deepEqual(await rdGatewayKind.readBack!(newKindContext(host), [change]), []);
  await undos[0]!();
  assert.deepEqual([machine.hash, machine.record], [OLD, OLD]);
  assert.deepEqual(await rdGatewayKind.readBack!(newKindContext(host), [change]), ["TSGateway"], "read back names the gateway when it is not on the new certificate");
});

test("the read back also fails when the service left its HTTP.sys record behind", async () => {
  const { machine, host } = gatewayMachine();
  const { change } = await plannedChange(host);
  await rdGatewayKind.apply!(newKindContext(host), [change], { onUndo: () => undefined });
  machine.record = OLD;
  assert.deepEqual(await rdGatewayKind.readBack!(newKindContext(host), [change]), ["TSGateway"]);
});

test("SetCertificate refused: apply throws naming TSGateway, and nothing changed", async () => {
  const { machine, host } = gatewayMachine({ refuse: 2147749896 });
  const { change } = await plannedChange(host);
  await assert.rejects(rdGatewayKind.apply!(newKindContext(host), [change], { onUndo: () => undefined }), /TSGateway.*SetCertificate returned 2147749896/);
  assert.deepEqual([machine.hash, machine.record], [OLD, OLD]);
});

test("Windows journal: the certificate before the run is backed up; recovery puts it back only while the gateway holds what the run wrote", async () => {
  const { machine, host } = gatewayMachine();
  const { change } = await plannedChange(host);
  const journal = rdGatewayKind.journal!;
  assert.deepEqual(await journal.files(newKindContext(host), [change]), []);
  const backup = await journal.backup(newKindContext(host), [change]);
  assert.deepEqual(backup?.written, { TSGateway: NEW });
  await rdGatewayKind.apply!(newKindContext(host), [change], { onUndo: () => undefined });
  const [written] = await journal.check(newKindContext(host), backup!.content, backup!.written);
  assert.deepEqual([written?.state, written?.prior, written?.current], ["written", OLD, NEW]);
  assert.deepEqual(await journal.restore(newKindContext(host), backup!.content, ["TSGateway"]), ["TSGateway"]);
  assert.deepEqual([machine.hash, machine.record], [OLD, OLD]);
  machine.hash = "C".repeat(40);
  const [changed] = await journal.check(newKindContext(host), backup!.content, backup!.written);
  assert.equal(changed?.state, "changed");
  assert.match(changed!.what, /RD Gateway/);
});
