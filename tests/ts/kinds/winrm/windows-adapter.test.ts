import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RebindWriteError, type Host } from "../../../../ts-src/platform/ports.js";
import type { ServiceInfo } from "../../../../ts-src/platform/service-ports.js";
import { POWERSHELL_PROLOGUE } from "../../../../ts-src/platform/windows/powershell.js";
import { ToolStartError } from "../../../../ts-src/platform/windows/tool-start-error.js";
import type { ToolResult, ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { READ_LISTENERS_SCRIPT, setListenersScript, WindowsWinrm } from "../../../../ts-src/kinds/winrm/windows-listeners.js";
import { recordingRunner } from "../../support/recording-runner.js";
import { decodedScript } from "./winrm-hosts.js";
import { toolsOnlyWindows } from "../../support/windows-access.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/kinds/winrm");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const THUMB = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";

/** The adapter on a Windows whose WinRM service is `service` (null: none) and whose tools `run` answers. */
function adapter(run: ToolRunner, service: ServiceInfo | null = { name: "WinRM", account: "NT AUTHORITY\\NetworkService", state: "running" }) {
  const host = { services: { query: async (name: string) => (name === "WinRM" ? service : null) } } as unknown as Host;
  return new WindowsWinrm(host, toolsOnlyWindows(run));
}

test("the read runs Windows PowerShell once with the encoded, Constrained-Language-safe Get-WSManInstance script", async () => {
  const recorder = recordingRunner({ exitCode: 0, stdout: fixture("get-wsmaninstance-listeners.json"), stderr: "" });
  await adapter(recorder.run).read();
  assert.equal(recorder.calls.length, 1);
  const [call] = recorder.calls;
  assert.equal(call!.file, "powershell.exe");
  assert.deepEqual(call!.args.slice(0, 5), ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"]);
  const script = decodedScript(call!.args);
  assert.equal(script, READ_LISTENERS_SCRIPT);
  assert.equal(
    script,
    `${POWERSHELL_PROLOGUE}\nConvertTo-Json -Compress -InputObject @(Get-WSManInstance -ResourceURI winrm/config/Listener -Enumerate | Select-Object Address,Transport,Port,Hostname,Enabled,CertificateThumbprint)`,
  );
  assert.doesNotMatch(script, /Add-Type|\[System\.|::new/);
});

test("the recorded (reconstructed) output is read as Get-WSManInstance gives it: every listener, its values as strings", async () => {
  const read = await adapter(recordingRunner({ exitCode: 0, stdout: fixture("get-wsmaninstance-listeners.json"), stderr: "" }).run).read();
  assert.ok("listeners" in read);
  assert.deepEqual(read.listeners, [
    { address: "*", transport: "HTTP", port: "5985", hostname: "", enabled: "true", certificateThumbprint: "" },
    { address: "*", transport: "HTTPS", port: "5986", hostname: "winrm.contoso.com", enabled: "true", certificateThumbprint: THUMB },
    { address: "IP:10.0.0.10", transport: "HTTPS", port: "5987", hostname: "mgmt.contoso.com", enabled: "false", certificateThumbprint: THUMB.toLowerCase() },
  ]);
  assert.deepEqual(read.warnings, []);
});

test("one object alone (not an array) and an empty output are read too; an entry that is not a listener is a warning", async () => {
  const one = await adapter(recordingRunner({ exitCode: 0, stdout: fixture("get-wsmaninstance-one-listener.json"), stderr: "" }).run).read();
  assert.ok("listeners" in one && one.listeners.length === 1 && one.listeners[0]!.certificateThumbprint === THUMB);
  const none = await adapter(recordingRunner({ exitCode: 0, stdout: "\r\n", stderr: "" }).run).read();
  assert.deepEqual(none, { listeners: [], warnings: [] });
  const odd = await adapter(recordingRunner({ exitCode: 0, stdout: '[1,{"Address":"*","Transport":"HTTPS","Port":"5986","CertificateThumbprint":{"nil":"true"}}]', stderr: "" }).run).read();
  assert.ok("listeners" in odd);
  assert.deepEqual(odd.listeners.map((l) => [l.address, l.hostname, l.certificateThumbprint]), [["*", "", ""]]);
  assert.deepEqual(odd.warnings, ["Get-WSManInstance's listeners, entry 1: not an object; it is left out."]);
});

const failures: [string, ToolRunner, RegExp][] = [
  ["powershell.exe exits 1 (blocked, or wine's recorder)", recordingRunner({ exitCode: 1, stdout: "", stderr: "Get-WSManInstance : Access is denied." }).run, /PowerShell's Get-WSManInstance failed \(exit code 1\): Get-WSManInstance : Access is denied\./],
  ["powershell.exe cannot be started", (async () => { throw new ToolStartError("powershell.exe", "blocked by policy"); }) as ToolRunner, /powershell\.exe could not be started: blocked by policy/],
  ["the output is not JSON", recordingRunner({ exitCode: 0, stdout: "WARNING: something", stderr: "" }).run, /Get-WSManInstance's output is not JSON/],
];
for (const [name, run, why] of failures) {
  test(`a read that fails is unreadable, never an error: ${name}`, async () => {
    const read = await adapter(run).read();
    assert.ok("unreadable" in read, JSON.stringify(read));
    assert.match(read.unreadable, why);
  });
}

test("no WinRM service: WinRM is absent and PowerShell is not run; a stopped one is unreadable without running it", async () => {
  const recorder = recordingRunner({ exitCode: 0, stdout: "[]", stderr: "" });
  assert.deepEqual(await adapter(recorder.run, null).read(), { absent: true });
  assert.deepEqual(await adapter(recorder.run, { name: "WinRM", account: null, state: "stopped" }).read(), {
    unreadable: "the WinRM service is stopped, and Get-WSManInstance reads the listeners through it",
  });
  assert.equal(recorder.calls.length, 0);
});

const WRITE = { endpoint: "Address=IP:10.0.0.10+Transport=HTTPS", address: "IP:10.0.0.10", from: THUMB, to: "FAC2BE397B0EF579E4C64AE777717B344007BA2C", record: null };

test("the write sets CertificateThumbprint in place with Set-WSManInstance, values as single-quoted literals, and registers its undo first", async () => {
  const recorder = recordingRunner({ exitCode: 0, stdout: "", stderr: "" });
  const undos: string[] = [];
  await adapter(recorder.run).write([WRITE], { onUndo: (name) => void undos.push(`${name} @${recorder.calls.length}`) });
  assert.deepEqual(undos, ["WinRM listeners @0"], "the undo is registered before the first write");
  assert.equal(
    decodedScript(recorder.calls[0]!.args),
    `${POWERSHELL_PROLOGUE}\nSet-WSManInstance -ResourceURI winrm/config/Listener -SelectorSet @{Address='IP:10.0.0.10';Transport='HTTPS'} -ValueSet @{CertificateThumbprint='FAC2BE397B0EF579E4C64AE777717B344007BA2C'} | Out-Null`,
  );
  assert.doesNotMatch(decodedScript(recorder.calls[0]!.args), /Hostname|Remove-WSManInstance|New-WSManInstance/);
});

test("a write that fails is a RebindWriteError naming the listeners; the undo sets the old thumbprint back", async () => {
  const results: ToolResult[] = [{ exitCode: 1, stdout: "", stderr: "Set-WSManInstance : The WinRM client cannot process the request." }, { exitCode: 0, stdout: "", stderr: "" }];
  const scripts: string[] = [];
  const run: ToolRunner = async (_file, args) => (scripts.push(decodedScript(args)), results.shift()!);
  let undo: (() => Promise<void>) | null = null;
  await assert.rejects(adapter(run).write([WRITE], { onUndo: (_name, u) => void (undo = u) }), (error: unknown) => error instanceof RebindWriteError && error.failed.join() === WRITE.endpoint && /Set-WSManInstance failed \(exit code 1\)/.test(error.message));
  await undo!();
  assert.match(scripts[1]!, new RegExp(`CertificateThumbprint='${THUMB}'`));
});

test("values are checked before they reach a script: a bad Address or thumbprint never becomes one", () => {
  assert.throws(() => setListenersScript([{ address: "*'; Remove-Item -Recurse C:\\; '", to: WRITE.to }]), /not a WinRM listener address/);
  assert.throws(() => setListenersScript([{ address: "*", to: "FAC2'; whoami; '" }]), /not a thumbprint/);
  assert.throws(() => setListenersScript([{ address: "*", to: WRITE.to.toLowerCase() }]), /not a thumbprint/);
});

test("a Service Control Manager that cannot answer is not taken for absent: unreadable, and no process is started", async () => {
  const recorder = recordingRunner({ exitCode: 0, stdout: "[]", stderr: "" });
  const host = { services: { query: async () => { throw new Error("OpenSCManagerW failed: ERROR_ACCESS_DENIED (5)"); } } } as unknown as Host;
  const read = await new WindowsWinrm(host, toolsOnlyWindows(recorder.run)).read();
  assert.deepEqual(read, { unreadable: "the WinRM service could not be queried (OpenSCManagerW failed: ERROR_ACCESS_DENIED (5))" });
  assert.equal(recorder.calls.length, 0);
});
