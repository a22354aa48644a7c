import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SnapshotCertStore } from "../../../../ts-src/platform/snapshot/cert-store.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { POWERSHELL_PROLOGUE } from "../../../../ts-src/platform/windows/powershell.js";
import type { ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { captureHost } from "../../../../ts-src/providers/capture/capture-host.js";
import { CAPTURE_PARTS } from "../../../../ts-src/providers/capture/capture-parts.js";
import { snapshotSource, windowsSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { noRedaction } from "../../../../ts-src/providers/capture/redaction.js";
import { fakeCrypt32Of } from "../../support/fake-crypt32.js";
import { copyOfDemoHost, testDir } from "../../support/snapshot.js";
import { windowsFromSnapshot } from "../../support/windows-from-snapshot.js";

const WWW_2025 = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const parts = (...names: string[]) => CAPTURE_PARTS.filter((p) => names.includes(p.name));
const NETWORK_SERVICE = "NT AUTHORITY\\NETWORK SERVICE";

describe("capture: services/services.json and the sidecar's keyReaders", () => {
  it("captures a snapshot host's services without what is snapshot-only, and its key readers, so that the capture answers as the host does", async () => {
    const root = copyOfDemoHost();
    mkdirSync(join(root, "services"), { recursive: true });
    writeFileSync(
      join(root, "services", "services.json"),
      JSON.stringify([
        { Name: "MSSQLSERVER", StartName: "NT Service\\MSSQLSERVER", State: "Running", FailsToStart: true },
        { Name: "TermService", StartName: "NT Authority\\NetworkService", State: "Stopped" },
      ]),
    );
    const sidecar = join(root, "certs", "My", "www-2025.json");
    writeFileSync(sidecar, readFileSync(sidecar, "utf8").replace(/\n}\s*$/, `,\n  "keyReaders": ["NT AUTHORITY\\\\NETWORK SERVICE"]\n}\n`));
    const host = await SnapshotHost.open(root);
    const out = join(testDir(), "capture");
    const result = await captureHost(snapshotSource(host, root), out, { force: false, redaction: noRedaction, parts: parts("certs", "services") });
    assert.deepEqual(result.parts.map((p) => [p.part, p.count, p.warnings]), [["certs", 6, []], ["services", 2, []]]);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "services", "services.json"), "utf8")), [
      { Name: "MSSQLSERVER", StartName: "NT Service\\MSSQLSERVER", State: "Running" },
      { Name: "TermService", StartName: "NT Authority\\NetworkService", State: "Stopped" },
    ]);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "certs", "My", `${WWW_2025}.json`), "utf8")).keyReaders, [NETWORK_SERVICE]);
    const captured = await SnapshotHost.open(out);
    const key = { store: "My", thumbprint: WWW_2025 };
    assert.equal(await captured.keys.canRead(key, "NT AUTHORITY\\NetworkService"), await host.keys.canRead(key, "NT AUTHORITY\\NetworkService"));
    assert.deepEqual(await captured.services.query("termservice"), await host.services.query("TermService"));
  });

  it("captures Windows's services through Get-CimInstance Win32_Service in Windows PowerShell, and its keys' readers from their DACL", async () => {
    const root = copyOfDemoHost();
    // The key of www 2025 readable by NETWORK SERVICE (the alias Windows prints), and by an account that is gone.
    const crypt32 = fakeCrypt32Of(await new SnapshotCertStore(root).list(), { [WWW_2025]: "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GR;;;NS)(A;;GR;;;S-1-5-21-1-2-3-4242)" });
    const windows = windowsFromSnapshot(root, { crypt32 });
    const scripts: string[] = [];
    const run = (async (file: string, args: readonly string[]) => {
      if (file !== "powershell.exe") throw new Error(`no ${file} here`);
      scripts.push(Buffer.from(args.at(-1)!, "base64").toString("utf16le"));
      // What Windows PowerShell 5.1 prints for that script: compressed JSON, one line.
      return { exitCode: 0, stdout: '[{"Name":"WinRM","StartName":"NT AUTHORITY\\\\NetworkService","State":"Running"},{"Name":"MSSQL$SQLEXPRESS","StartName":"CONTOSO\\\\sqlsvc","State":"Stopped"}]\r\n', stderr: "" };
    }) as ToolRunner;
    const out = join(testDir(), "capture");
    const result = await captureHost(windowsSource(windows.host, run, true), out, { force: false, redaction: noRedaction, parts: parts("certs", "services") });
    assert.deepEqual(result.parts.map((p) => [p.part, p.count, p.warnings]), [["certs", 5, []], ["services", 2, []]]);
    assert.deepEqual(scripts, [`${POWERSHELL_PROLOGUE}\nConvertTo-Json -Compress -InputObject @(Get-CimInstance -ClassName Win32_Service | Select-Object Name,StartName,State)`]);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "services", "services.json"), "utf8")), [
      { Name: "WinRM", StartName: "NT AUTHORITY\\NetworkService", State: "Running" },
      { Name: "MSSQL$SQLEXPRESS", StartName: "CONTOSO\\sqlsvc", State: "Stopped" },
    ]);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "certs", "My", `${WWW_2025}.json`), "utf8")).keyReaders, [NETWORK_SERVICE, "S-1-5-21-1-2-3-4242"]);
    const others = result.parts[0]!.files.filter((f) => f.endsWith(".json") && !f.includes(WWW_2025));
    for (const file of others) assert.equal(JSON.parse(readFileSync(join(out, file), "utf8")).keyReaders, undefined, file);
  });
});
