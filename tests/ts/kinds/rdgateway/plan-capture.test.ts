import { test } from "node:test";
import assert from "node:assert/strict";
import type { Certificate } from "../../../../ts-src/core/certificate.js";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { rdGatewayKind } from "../../../../ts-src/kinds/rdgateway/index.js";
import type { GatewayState } from "../../../../ts-src/kinds/rdgateway/model.js";
import type { CaptureOutput } from "../../../../ts-src/providers/capture/capture-output.js";
import type { CaptureSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { noRedaction } from "../../../../ts-src/providers/capture/redaction.js";
import type { ToolResult } from "../../../../ts-src/platform/windows/tool-runner.js";
import { settingsJson } from "./gateway-host.js";

const OLD = "A".repeat(40) as Thumbprint;
const NEW = "B".repeat(40) as Thumbprint;
const NOW = new Date("2026-12-20T00:00:00Z");

function certificate(store: string, overrides: Partial<Certificate> = {}): Certificate {
  return { thumbprint: NEW, store, hasPrivateKey: true, notBefore: new Date("2026-12-01"), notAfter: new Date("2027-12-01"), ekus: ["1.3.6.1.5.5.7.3.1"], dnsNames: ["gw.contoso.com"], ...overrides } as unknown as Certificate;
}

const record: HttpSysRecord = { kind: "ipport", endpoint: "0.0.0.0:443", thumbprint: OLD, appId: null, storeName: "MY", settings: null };
const state = (thumbprint: Thumbprint | null): GatewayState => ({ settings: { thumbprint, isConfigured: true }, records: thumbprint === OLD ? [record] : [], warnings: [] });
const plan = (s: GatewayState, copies = [certificate("My")]) => rdGatewayKind.plan(s, { oldThumbprint: OLD, newCertificates: copies, now: NOW, force: false });

test("the gateway on the old certificate: planned, TSGateway restart pending, its record's move noted", () => {
  const { changes, informational } = plan(state(OLD));
  assert.equal(changes.length, 1);
  const view = changes[0]!.view;
  assert.deepEqual([view.kind, view.endpoint, view.from, view.to, view.status, view.service, view.restartRequired, view.hostnames], ["rdgateway", "TSGateway", OLD, NEW, "planned", "TSGateway", true, []]);
  assert.deepEqual(view.storeName, { from: "MY", to: "MY" });
  assert.match(view.notes.join(" "), /Configure moves its HTTP\.sys record 0\.0\.0\.0:443/);
  assert.deepEqual(changes[0]!.target, { before: OLD, records: [record] });
  assert.deepEqual(informational, []);
});

test("already on the new certificate: unchanged, no restart; on another certificate or none: nothing", () => {
  const view = plan(state(NEW)).changes[0]!.view;
  assert.deepEqual([view.status, view.restartRequired], ["unchanged", undefined]);
  assert.deepEqual(plan(state("C".repeat(40) as Thumbprint)).changes, []);
  assert.deepEqual(plan(state(null)).changes, []);
  assert.deepEqual(plan({ settings: null, records: [], warnings: ["unreadable"] }).changes, []);
});

test("refusals: the new certificate only in WebHosting (CR3015), and the shared checks (an expired certificate)", () => {
  const webHosting = plan(state(OLD), [certificate("WebHosting")]).changes[0]!.view;
  assert.deepEqual([webHosting.status, webHosting.code], ["refused", "CR3015"]);
  assert.match(webHosting.reason!, /LocalMachine\\My, and the new certificate is not there \(it is in WebHosting\)/);
  const both = plan(state(OLD), [certificate("WebHosting"), certificate("My")]).changes[0]!.view;
  assert.equal(both.status, "planned");
  const expired = plan(state(OLD), [certificate("My", { notAfter: new Date("2026-12-10") })]).changes[0]!.view;
  assert.equal(expired.status, "refused");
  assert.notEqual(expired.code, "CR3015");
});

test("the gateway names LocalMachine\\My as its store and is pinned", () => {
  assert.deepEqual(rdGatewayKind.storesNamed(state(OLD)), ["MY"]);
  assert.deepEqual(rdGatewayKind.storesNamed(state(null)), []);
  assert.equal(rdGatewayKind.inventory(state(OLD)).bindings[0]?.selection, "pinned");
});

/** A Windows capture source: the read's PowerShell answered with `answer`; TSGateway there or not. */
function windowsCapture(answer: ToolResult, service = true) {
  const written = new Map<string, Buffer>();
  const source = {
    root: null,
    host: { windows: { run: async () => answer }, services: { query: async () => (service ? { name: "TSGateway", account: null, state: "running" } : null) } },
  } as unknown as CaptureSource;
  const out = { write: async (path: string, bytes: Buffer) => (written.set(path, bytes), path) } as unknown as CaptureOutput;
  return { capture: () => rdGatewayKind.capture!.capture(source, out, noRedaction), written };
}

test("capture on Windows writes the read's output as PowerShell printed it", async () => {
  const text = settingsJson(OLD);
  const { capture, written } = windowsCapture({ exitCode: 0, stdout: text, stderr: "" });
  const report = await capture();
  assert.deepEqual([report.count, report.files, report.warnings], [1, ["rdgateway/settings.json"], []]);
  assert.equal(written.get("rdgateway/settings.json")?.toString("utf8"), text);
});

test("capture on Windows: PowerShell failing is a warning and no file; no TSGateway or no class, no file and no warning", async () => {
  const failed = windowsCapture({ exitCode: 1, stdout: "", stderr: "blocked" });
  const report = await failed.capture();
  assert.deepEqual([report.count, report.files], [0, []]);
  assert.match(report.warnings[0]!, /could not be read \(exit code 1: blocked\): rdgateway\/settings\.json is not captured/);
  for (const none of [windowsCapture({ exitCode: 0, stdout: settingsJson(OLD), stderr: "" }, false), windowsCapture({ exitCode: 0, stdout: "", stderr: "" })]) {
    assert.deepEqual(await none.capture(), { part: "rdgateway", count: 0, of: "files", files: [], warnings: [] });
    assert.equal(none.written.size, 0);
  }
});
