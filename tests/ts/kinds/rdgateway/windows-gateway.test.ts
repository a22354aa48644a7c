import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { rdGatewayKind } from "../../../../ts-src/kinds/rdgateway/index.js";
import { READ_SCRIPT, setCertificateScript, windowsGateway } from "../../../../ts-src/kinds/rdgateway/windows-gateway.js";
import { POWERSHELL_PROLOGUE } from "../../../../ts-src/platform/windows/powershell.js";
import { RebindWriteError, type Host } from "../../../../ts-src/platform/ports.js";
import type { ServiceControl, ServiceInfo } from "../../../../ts-src/platform/service-ports.js";
import type { ToolResult, ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { ToolStartError } from "../../../../ts-src/platform/windows/tool-start-error.js";
import { toolsOnlyWindows } from "../../support/windows-access.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/kinds/rdgateway");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const GATEWAY = "3F2A9C41D07E5B86A1C4E9F20B7D358A6E1C9F04" as Thumbprint;
const TSGATEWAY: ServiceInfo = { name: "TSGateway", account: "NT AUTHORITY\\NetworkService", state: "running" };

/** A runner answering each call in turn (the last answer repeats), recording each command line. */
function scriptedRunner(...answers: (ToolResult | Error)[]) {
  const calls: { file: string; args: string[] }[] = [];
  const run: ToolRunner = async (file, args) => {
    calls.push({ file, args: [...args] });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { calls, run };
}

const ok = (stdout: string): ToolResult => ({ exitCode: 0, stdout, stderr: "" });
/** The stand-in's powershell.exe under wine: a recorder that exits 1. */
const WINE_RECORDER: ToolResult = { exitCode: 1, stdout: "", stderr: "" };

function services(service: ServiceInfo | null | Error): ServiceControl {
  return {
    query: async () => {
      if (service instanceof Error) throw service;
      return service;
    },
    restart: async () => TSGATEWAY,
  } as unknown as ServiceControl;
}

/** The script of a recorded call: the exact arguments, and -EncodedCommand decoded (UTF-16 LE, base64). */
function scriptOf(call: { file: string; args: string[] }): string {
  assert.equal(call.file, "powershell.exe");
  assert.deepEqual(call.args.slice(0, 5), ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"]);
  assert.equal(call.args.length, 6);
  return Buffer.from(call.args[5]!, "base64").toString("utf16le");
}

/** Constrained Language Mode: CIM cmdlets and ConvertTo-Json; no Add-Type, no .NET calls, no RDS: drive (beyond the shared prologue). */
function assertClmSafe(script: string): void {
  assert.ok(script.startsWith(POWERSHELL_PROLOGUE));
  const body = script.slice(POWERSHELL_PROLOGUE.length);
  assert.doesNotMatch(body, /Add-Type|New-Object|::|RDS:|Import-Module|\.\w+\(/);
  assert.match(body, /Get-CimInstance -Namespace 'root\/cimv2\/TerminalServices' -ClassName 'Win32_TSGatewayServerSettings'/);
}

function windowsHost(run: ToolRunner, service: ServiceInfo | null | Error, records: HttpSysRecord[] = []): Host {
  return { windows: toolsOnlyWindows(run), services: services(service), httpSys: { recordFiles: [], readRecords: async () => records } } as unknown as Host;
}

test("no TSGateway service: the gateway is absent and PowerShell is never started", async () => {
  const { calls, run } = scriptedRunner(ok(fixture("windows-read.json")));
  assert.equal(await rdGatewayKind.read(newKindContext(windowsHost(run, null))), null);
  assert.equal(calls.length, 0);
});

test("the read runs the CLM-safe CIM script and parses ConvertTo-Json's output (reconstructed fixture)", async () => {
  const { calls, run } = scriptedRunner(ok(fixture("windows-read.json")));
  const read = await windowsGateway(run, services(TSGATEWAY)).read();
  assert.deepEqual(read, { settings: { thumbprint: GATEWAY, isConfigured: true }, warnings: [] });
  assert.equal(calls.length, 1);
  const script = scriptOf(calls[0]!);
  assert.equal(script, READ_SCRIPT);
  assertClmSafe(script);
  assert.match(script, /Select-Object -First 1 -Property CertHash, IsConfigured/);
  assert.match(script, /'InvalidNamespace' -or \$code -eq 'InvalidClass'\) \{ exit 0 \}/);
});

test("a gateway without a certificate has no binding", async () => {
  const { run } = scriptedRunner(ok(fixture("windows-read-no-certificate.json")));
  const state = await rdGatewayKind.read(newKindContext(windowsHost(run, TSGATEWAY)));
  assert.deepEqual(state?.settings, { thumbprint: null, isConfigured: false });
  assert.deepEqual(rdGatewayKind.inventory(state!).bindings, []);
});

test("no such CIM namespace or class (the script prints nothing): absent, no warning", async () => {
  const { run } = scriptedRunner(ok(""));
  assert.equal(await rdGatewayKind.read(newKindContext(windowsHost(run, TSGATEWAY))), null);
});

test("PowerShell failing (wine's recorder exits 1) never fails the read: no binding, one warning saying why", async () => {
  const { run } = scriptedRunner({ ...WINE_RECORDER, stderr: "Program 'powershell.exe' failed to run: This program is blocked by group policy." });
  const state = await rdGatewayKind.read(newKindContext(windowsHost(run, TSGATEWAY)));
  assert.notEqual(state, null);
  const inventory = rdGatewayKind.inventory(state!);
  assert.deepEqual(inventory.bindings, []);
  assert.equal(inventory.warnings.length, 1);
  assert.match(inventory.warnings[0]!, /Win32_TSGatewayServerSettings\) could not be read: PowerShell exited with code 1: Program 'powershell\.exe' failed to run: This program is blocked by group policy\./);
  assert.deepEqual(rdGatewayKind.plan(state!, { oldThumbprint: GATEWAY, newCertificates: [{ thumbprint: "B".repeat(40), store: "My" }] as never, now: new Date(), force: false }).changes, []);
});

test("powershell.exe that cannot be started, or a Service Control Manager that cannot be asked: a warning, never an error", async () => {
  const { run } = scriptedRunner(new ToolStartError("powershell.exe", "spawn powershell.exe ENOENT"));
  const state = await rdGatewayKind.read(newKindContext(windowsHost(run, new Error("OpenSCManagerW failed"))));
  assert.match(state!.warnings[0]!, /powershell\.exe could not be started/);
});

test("output that is not the two properties is a warning", async () => {
  const { run } = scriptedRunner(ok("WARNING: something else\r\n"));
  const state = await rdGatewayKind.read(newKindContext(windowsHost(run, TSGATEWAY)));
  assert.equal(state?.settings, null);
  assert.match(state!.warnings[0]!, /not JSON/);
});

test("the gateway claims its HTTP.sys record on 0.0.0.0:443 or [::]:443 that holds its certificate, and no other", async () => {
  const record = (endpoint: string, thumbprint: string): HttpSysRecord => ({ kind: endpoint.startsWith("gw") ? "hostnameport" : "ipport", endpoint, thumbprint, appId: null, storeName: "MY", settings: null });
  const records = [record("0.0.0.0:443", GATEWAY.toLowerCase()), record("[::]:443", "C".repeat(40)), record("10.0.0.5:443", GATEWAY), record("gw.contoso.com:443", GATEWAY), record("0.0.0.0:8443", GATEWAY)];
  const { run } = scriptedRunner(ok(fixture("windows-read.json")));
  const state = await rdGatewayKind.read(newKindContext(windowsHost(run, TSGATEWAY, records)));
  assert.deepEqual(rdGatewayKind.claims!(state!), [{ kind: "ipport", endpoint: "0.0.0.0:443", by: "RD Gateway (TSGateway), whose Configure rewrites its port 443 record", claimant: { kind: "rdgateway", endpoint: "TSGateway" } }]);
});

test("setting the certificate: SetCertificate with the thumbprint's bytes, then Configure, then CertHash read back", async () => {
  const { calls, run } = scriptedRunner(ok(fixture("windows-set-certificate.json")));
  await windowsGateway(run, services(TSGATEWAY)).setCertificate(GATEWAY, []);
  const script = scriptOf(calls[0]!);
  assert.equal(script, setCertificateScript(GATEWAY));
  assertClmSafe(script);
  assert.match(script, /-MethodName SetCertificate -Arguments @\{ CertHash = \[byte\[\]\]@\(63,42,156,65,208,126,91,134,161,196,233,242,11,125,53,138,110,28,159,4\) \}/);
  assert.ok(script.indexOf("-MethodName SetCertificate") < script.indexOf("-MethodName Configure"), "Configure after SetCertificate");
  assert.match(script, /if \(\$result\.SetCertificate -eq 0\) \{/);
});

test("SetCertificate returning non-zero: RebindWriteError naming it, its value, and TSGateway", async () => {
  const { run } = scriptedRunner(ok(fixture("windows-set-certificate-refused.json")));
  await assert.rejects(windowsGateway(run, services(TSGATEWAY)).setCertificate(GATEWAY, []), (error: unknown) =>
    error instanceof RebindWriteError && /SetCertificate returned 2147749896/.test(error.message) && error.failed.join() === "TSGateway");
});

test("Configure returning non-zero, a CertHash that reads back otherwise, or PowerShell failing: RebindWriteError", async () => {
  const configureFailed = fixture("windows-set-certificate.json").replace('"Configure":0', '"Configure":5');
  const readsBackOld = fixture("windows-set-certificate.json").replace("[63,42,", "[1,42,");
  for (const [answer, pattern] of [[ok(configureFailed), /Configure returned 5/], [ok(readsBackOld), /CertHash reads back as 012A/], [WINE_RECORDER, /PowerShell exited with code 1/]] as const) {
    const { run } = scriptedRunner(answer);
    await assert.rejects(windowsGateway(run, services(TSGATEWAY)).setCertificate(GATEWAY, []), (error: unknown) => error instanceof RebindWriteError && pattern.test(error.message));
  }
});

test("a value that is not a thumbprint never reaches a script", () => {
  assert.throws(() => setCertificateScript("3F2A9C41'; Remove-Item C:\\ -Recurse; '" as Thumbprint), /not a thumbprint/);
  assert.throws(() => setCertificateScript(GATEWAY.toLowerCase() as Thumbprint), /not a thumbprint/);
});
