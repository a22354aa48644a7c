import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { winrmKind } from "../../../../ts-src/kinds/winrm/index.js";
import { captureHost } from "../../../../ts-src/providers/capture/capture-host.js";
import { CAPTURE_PARTS } from "../../../../ts-src/providers/capture/capture-parts.js";
import { snapshotSource, windowsSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { noRedaction } from "../../../../ts-src/providers/capture/redaction.js";
import { readInventory } from "../../../../ts-src/providers/read-inventory.js";
import { run } from "../../support/run.js";
import { testDir } from "../../support/snapshot.js";
import { NOW, openSnapshot, winrmHost, winrmWindows } from "./winrm-hosts.js";

const winrmPart = CAPTURE_PARTS.filter((p) => p.name === "winrm");

test("bindings lists the WinRM listener with its certificate, its host name, owner and service WinRM", async () => {
  const { root, thumbprints } = winrmHost();
  const result = await run(["bindings", "--host-root", root, "--json"]);
  assert.equal(result.exitCode, 0, result.stderr);
  const bindings = (result.envelope().data as { bindings: { kind: string; endpoint: string; thumbprint: string; owner: string; service?: string; hostnames: string[]; certificate: { store: string } | null }[] }).bindings;
  const winrm = bindings.find((b) => b.kind === "winrm");
  assert.deepEqual(
    [winrm?.endpoint, winrm?.thumbprint, winrm?.owner, winrm?.service, winrm?.hostnames, winrm?.certificate?.store],
    ["Address=*+Transport=HTTPS", thumbprints["old"], "WinRM", "WinRM", ["winrm.contoso.com"], "My"],
  );
  assert.ok(bindings.some((b) => b.kind === "ipport" && b.endpoint === "0.0.0.0:5986" && b.owner === "WinRM"), "WinRM's HTTP.sys record is listed too");
});

test("on Windows with PowerShell failing, bindings still answers, with a warning that WinRM's listeners could not be read", async () => {
  const { root } = winrmHost();
  const windows = winrmWindows(root, { failRead: true });
  const inventory = await readInventory(windows.host, NOW);
  assert.ok(inventory.bindings.some((b) => b.endpoint === "0.0.0.0:5986"));
  assert.ok(!inventory.bindings.some((b) => b.kind === "winrm"));
  assert.ok(inventory.warnings.some((w) => /WinRM's listeners could not be read \(PowerShell's Get-WSManInstance failed \(exit code 1\)/.test(w)), inventory.warnings.join("\n"));
});

test("capture of a snapshot host copies winrm/listeners.json byte for byte; the capture reads as the host does", async () => {
  const { root, listenersFile } = winrmHost();
  const host = await openSnapshot(root);
  const out = join(testDir(), "capture");
  const result = await captureHost(snapshotSource(host, root), out, { force: false, redaction: noRedaction, parts: CAPTURE_PARTS });
  assert.deepEqual(result.parts.find((p) => p.part === "winrm"), { part: "winrm", count: 1, of: "files", files: ["winrm/listeners.json"], warnings: [] });
  assert.deepEqual(readFileSync(join(out, "winrm", "listeners.json")), readFileSync(listenersFile));
  const captured = await openSnapshot(out);
  assert.deepEqual(await winrmKind.read(newKindContext(captured)), await winrmKind.read(newKindContext(host)));
});

test("capture on Windows writes the listeners as Get-WSManInstance gives them, which a snapshot host reads back the same", async () => {
  const { root } = winrmHost({ listeners: [{ cert: "old" }, { Transport: "HTTP", Port: "5985", Hostname: "", cert: null }] });
  const windows = winrmWindows(root);
  const out = join(testDir(), "capture");
  // With the certificates: a folder with winrm/ alone is no snapshot host (docs/snapshot-host.md).
  const parts = CAPTURE_PARTS.filter((p) => p.name === "winrm" || p.name === "certs");
  const result = await captureHost(windowsSource(windows.host, windows.host.windows.run, true), out, { force: false, redaction: noRedaction, parts });
  assert.deepEqual(result.parts[0]!.files, ["winrm/listeners.json"]);
  assert.deepEqual(JSON.parse(readFileSync(join(out, "winrm", "listeners.json"), "utf8")), windows.listeners);
  const fromWindows = await winrmKind.read(newKindContext(windows.host));
  const listeners = (await winrmKind.read(newKindContext(await openSnapshot(out))))!.listeners;
  assert.deepEqual(listeners, fromWindows!.listeners);
});

test("capture on Windows when the listeners cannot be read: no file, a warning, and the capture goes on", async () => {
  const { root } = winrmHost();
  const windows = winrmWindows(root, { failRead: true });
  const out = join(testDir(), "capture");
  const result = await captureHost(windowsSource(windows.host, windows.host.windows.run, true), out, { force: false, redaction: noRedaction, parts: winrmPart });
  assert.deepEqual(result.parts[0]!.files, []);
  assert.match(result.parts[0]!.warnings[0]!, /WinRM's listeners could not be read .*the capture has no winrm\/listeners\.json/);
});
