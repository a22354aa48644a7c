import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toolsOnlyWindows } from "../../support/windows-access.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { rdpKind } from "../../../../ts-src/kinds/rdp/index.js";
import { READ_LISTENERS_SCRIPT, writeListenerScript } from "../../../../ts-src/kinds/rdp/scripts.js";
import { windowsListeners } from "../../../../ts-src/kinds/rdp/windows.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { POWERSHELL_PROLOGUE } from "../../../../ts-src/platform/windows/powershell.js";
import { ToolStartError } from "../../../../ts-src/platform/windows/tool-start-error.js";
import type { ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { recordingRunner } from "../../support/recording-runner.js";
import { scriptOf, windowsHost } from "./fake-cim.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "fixtures", "kinds", "rdp");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const PINNED = "8A3B6E2F1C4D5E6F708192A3B4C5D6E7F8091A2B";
const TEMPLATE = "5C1E0D9B7A6F4E3D2C1B0A99887766554433221F";
const NEW = "B".repeat(40) as Thumbprint;
const windows = toolsOnlyWindows;

test("reads the listeners through powershell.exe -EncodedCommand: one CIM read of Win32_TSGeneralSetting, Constrained Language Mode safe", async () => {
  const { calls, run } = recordingRunner({ exitCode: 0, stdout: fixture("cim-read-two-listeners.txt"), stderr: "" });
  const state = await windowsListeners(windows(run)).read();
  assert.deepEqual(state, {
    listeners: [
      { terminalName: "RDP-Tcp", thumbprint: TEMPLATE, hashText: TEMPLATE, hashType: 2 },
      { terminalName: "RDP-Tcp-3390", thumbprint: PINNED, hashText: PINNED, hashType: 3 },
    ],
    warnings: [],
  });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.file, "powershell.exe");
  assert.deepEqual(calls[0]!.args.slice(0, 5), ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"]);
  const script = scriptOf(calls[0]!.args);
  assert.equal(script, READ_LISTENERS_SCRIPT);
  assert.ok(script.startsWith(POWERSHELL_PROLOGUE));
  assert.match(script, /@\(Get-CimInstance -Namespace root\/cimv2\/TerminalServices -ClassName Win32_TSGeneralSetting \| Select-Object TerminalName,SSLCertificateSHA1Hash,SSLCertificateSHA1HashType\)/);
  assert.match(script, /ConvertTo-Json -Compress -InputObject \$listeners$/);
  // No Add-Type, no .NET type beyond the prologue's guarded one: Constrained Language Mode runs it.
  assert.doesNotMatch(script.slice(POWERSHELL_PROLOGUE.length), /Add-Type|New-Object|\[[A-Za-z.]+\]::/);
});

test("a host without the Remote Desktop Services provider (exit code 3: invalid namespace or class) reads as absent, without a warning", async () => {
  const { run } = recordingRunner({ exitCode: 3, stdout: "", stderr: "" });
  assert.equal(await windowsListeners(windows(run)).read(), null);
  assert.equal(await rdpKind.read(newKindContext(windowsHost(run))), null);
  assert.match(READ_LISTENERS_SCRIPT, /-match '\^HRESULT 0x8004100e\|\^HRESULT 0x80041010'\) \{ exit 3 \}/);
});

test("PowerShell failing (wine's recorder exits 1), blocked, or printing something else is a warning: the kind has no bindings, and the command goes on", async () => {
  const answers: { run: ToolRunner; why: RegExp }[] = [
    { run: recordingRunner({ exitCode: 1, stdout: "", stderr: "" }).run, why: /failed \(exit code 1\)/ },
    { run: async () => { throw new ToolStartError("powershell.exe", "This program is blocked by group policy."); }, why: /blocked by group policy/ },
    { run: recordingRunner({ exitCode: 0, stdout: "Get-CimInstance : Access denied", stderr: "" }).run, why: /not JSON/ },
    { run: recordingRunner({ exitCode: 0, stdout: '[{"Name":"WinRM"}]', stderr: "" }).run, why: /"TerminalName" must be/ },
  ];
  for (const { run, why } of answers) {
    const state = await rdpKind.read(newKindContext(windowsHost(run)));
    assert.ok(state, "a state that carries the warning");
    const inventory = rdpKind.inventory(state);
    assert.deepEqual(inventory.bindings, []);
    assert.equal(inventory.warnings.length, 1);
    assert.match(inventory.warnings[0]!, /^the RDP listeners \(Win32_TSGeneralSetting\) could not be read \(.*\); their certificates are not listed or changed\.$/);
    assert.match(inventory.warnings[0]!, why);
  }
});

test("a write sets SSLCertificateSHA1Hash of the one listener with Set-CimInstance -Property, and reads it back", async () => {
  const after = `[{"TerminalName":"RDP-Tcp","SSLCertificateSHA1Hash":"${NEW}","SSLCertificateSHA1HashType":3}]\r\n`;
  const { calls, run } = recordingRunner({ exitCode: 0, stdout: after, stderr: "" });
  const listener = await windowsListeners(windows(run)).write("RDP-Tcp", NEW);
  assert.deepEqual(listener, { terminalName: "RDP-Tcp", thumbprint: NEW, hashText: NEW, hashType: 3 });
  const script = scriptOf(calls[0]!.args);
  assert.equal(script, writeListenerScript("RDP-Tcp", NEW));
  const lines = script.slice(POWERSHELL_PROLOGUE.length).trim().split("\n");
  assert.deepEqual(lines, [
    "$filter = 'TerminalName=''RDP-Tcp'''",
    "$listener = Get-CimInstance -Namespace root/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting -Filter $filter",
    "if ($null -eq $listener) { exit 3 }",
    `Set-CimInstance -InputObject $listener -Property @{ SSLCertificateSHA1Hash = '${NEW}' }`,
    "ConvertTo-Json -Compress -InputObject @(Get-CimInstance -Namespace root/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting -Filter $filter | Select-Object TerminalName,SSLCertificateSHA1Hash,SSLCertificateSHA1HashType)",
  ]);
});

test("a write fails loudly: Set-CimInstance's error, a listener that is gone (null), and values that are not a name or a thumbprint never reach a script", async () => {
  const failing = recordingRunner({ exitCode: 1, stdout: "", stderr: "Set-CimInstance : Invalid parameter\r\n" });
  await assert.rejects(windowsListeners(windows(failing.run)).write("RDP-Tcp", NEW), /Set-CimInstance of the RDP listener RDP-Tcp failed \(exit code 1\): Set-CimInstance : Invalid parameter/);
  assert.equal(await windowsListeners(windows(recordingRunner({ exitCode: 3, stdout: "", stderr: "" }).run)).write("RDP-Tcp", NEW), null);
  const unused = recordingRunner({ exitCode: 0, stdout: "[]", stderr: "" });
  await assert.rejects(windowsListeners(windows(unused.run)).write("RDP-Tcp'; Remove-Item C:\\ -Recurse; '", NEW), /not a listener name/);
  await assert.rejects(windowsListeners(windows(unused.run)).write("RDP-Tcp", "b".repeat(40) as Thumbprint), /not a thumbprint/);
  await assert.rejects(windowsListeners(windows(unused.run)).write("RDP-Tcp", `${"B".repeat(39)}'` as Thumbprint), /not a thumbprint/);
  assert.equal(unused.calls.length, 0);
});

test("capture's bytes on Windows are what the read printed, without the line end; a failing PowerShell is CR4002 (the capture part makes it a warning)", async () => {
  const printed = fixture("cim-read-pinned.txt");
  const bytes = await windowsListeners(windows(recordingRunner({ exitCode: 0, stdout: printed, stderr: "" }).run)).snapshotBytes();
  assert.equal(bytes?.toString("utf8"), printed.trimEnd());
  await assert.rejects(windowsListeners(windows(recordingRunner({ exitCode: 1, stdout: "", stderr: "" }).run)).snapshotBytes(), (e: unknown) => (e as { code?: string }).code === "CR4002");
  assert.equal(await windowsListeners(windows(recordingRunner({ exitCode: 3, stdout: "", stderr: "" }).run)).snapshotBytes(), null);
});
