import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { captureHost } from "../../../../ts-src/providers/capture/capture-host.js";
import { CAPTURE_PARTS } from "../../../../ts-src/providers/capture/capture-parts.js";
import { windowsSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { noRedaction } from "../../../../ts-src/providers/capture/redaction.js";
import { WindowsLifecycleLog } from "../../../../ts-src/platform/windows/lifecycle-log.js";
import { WindowsTaskScheduler } from "../../../../ts-src/platform/windows/task-scheduler.js";
import { ToolStartError, type ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { run } from "../../support/run.js";
import { copyOfDemoHost, testDir } from "../../support/snapshot.js";
import { netshTextOf, runOnWindows, windowsFromSnapshot } from "../../support/windows-from-snapshot.js";

/** A runner that answers `netsh http show sslcert` with `text`, and records what it was asked. */
const netsh = (text: string, calls: string[][]): ToolRunner =>
  (async (file: string, args: readonly string[]) => {
    calls.push([file, ...args]);
    if (file === "netsh") return { exitCode: 0, stdout: text, stderr: "" };
    throw new Error(`no ${file} here`);
  }) as ToolRunner;

/**
 * The Windows path of `capture` against the Windows adapter with its storage faked (windows-from-snapshot.ts: the
 * HTTP Server API, the certificate stores, the lifecycle logs): what a live server's capture would hold, and a dry
 * run on it equal to the dry run on "this Windows machine". Not shown here: a real server's answers, and the tasks
 * part (the fake answers no task query; the task adapter's own tests cover Get-ScheduledTask's answers).
 */
describe("capture of this Windows machine (the Windows adapter, its storage faked)", () => {
  it("writes records.json from the HTTP Server API, netsh's text as printed, and gives the same dry run", async () => {
    const root = copyOfDemoHost();
    const windows = windowsFromSnapshot(root);
    const calls: string[][] = [];
    const text = `\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n${netshTextOf(root).trim()}\r\n`;
    const out = join(testDir(), "capture");
    const result = await captureHost(windowsSource(windows.host, netsh(text, calls), true), out, { force: false, redaction: noRedaction, parts: CAPTURE_PARTS.filter((p) => p.name !== "tasks" && p.name !== "services") });
    assert.deepEqual(calls, [["netsh", "http", "show", "sslcert"]]);
    assert.equal(result.source, "this Windows machine");
    assert.equal(readFileSync(join(out, "httpsys", "sslcert.txt"), "utf8"), text);
    assert.equal(result.parts.find((p) => p.part === "httpsys")?.sslcertText, "netsh");
    assert.ok(result.parts.find((p) => p.part === "httpsys")!.files.includes("httpsys/records.json"));

    // This Windows answers no PowerShell: the RDP listeners, RD Gateway and WinRM are read on it as unreadable (three
    // warnings), and the capture has no file of theirs (its parts said so): the same plan, without those warnings.
    const unreadKinds = (warnings: string[]) => warnings.filter((w) => /could not be read/.test(w));
    const normalise = (stdout: string, path: string) => {
      const envelope = JSON.parse(stdout) as { data: { runId?: string }; warnings: string[] };
      envelope.data.runId = "RUN";
      envelope.warnings = envelope.warnings.filter((w) => !unreadKinds([w]).length);
      return JSON.stringify(envelope).replaceAll(path, "HOST");
    };
    for (const argv of [["rebind", "--auto", "--dry-run", "--json"], ["rebind", "--old", "0F70C94C6482E61B0A43B9816E830ED7B30B8C44", "--new", "FAC2BE397B0EF579E4C64AE777717B344007BA2C", "--dry-run", "--json"]]) {
      const onWindows = await runOnWindows(argv, windows);
      const onCapture = await run([...argv, "--host-root", out]);
      assert.equal(onCapture.exitCode, onWindows.exitCode);
      assert.equal(normalise(onCapture.stdout, out), normalise(onWindows.stdout, root));
      assert.equal(unreadKinds(onWindows.envelope().warnings).length, 3);
      assert.deepEqual(unreadKinds(onCapture.envelope().warnings), []);
    }
  });

  it("refuses to read the live server when not elevated (CR4012), before writing anything", () => {
    const windows = windowsFromSnapshot(copyOfDemoHost());
    assert.throws(() => windowsSource(windows.host, netsh("", []), false), (error: unknown) => error instanceof CertRebindError && error.code === "CR4012" && error.exitCode === 4);
  });
});

describe("capture of the lifecycle logs", () => {
  it("keeps a disabled or missing Windows channel (CR4005) as a warning, writes no log for it, and captures the other", async () => {
    const root = copyOfDemoHost();
    const windows = windowsFromSnapshot(root);
    const log = windows.host.eventLog;
    const host = Object.create(windows.host) as typeof windows.host;
    Object.defineProperty(host, "eventLog", {
      value: {
        channelState: log.channelState.bind(log),
        readEvents: async (channel: "System" | "User", query: Parameters<typeof log.readEvents>[1]) => {
          if (channel === "User") throw new CertRebindError("CR4005", "The lifecycle channel …-Lifecycle-User/Operational is disabled.", 4);
          return log.readEvents(channel, query);
        },
      },
    });
    const out = join(testDir(), "capture");
    const events = CAPTURE_PARTS.filter((p) => p.name === "events");
    const result = await captureHost(windowsSource(host, netsh("", []), true), out, { force: false, redaction: noRedaction, parts: events });
    assert.deepEqual(result.parts[0]!.files, ["events/Lifecycle-System.xml"]);
    assert.match(result.warnings.join("\n"), /disabled\. The capture has no log of the User channel/);
    assert.equal(readFileSync(join(out, "events", "Lifecycle-System.xml"), "utf8"), readFileSync(join(root, "events", "Lifecycle-System.xml"), "utf8"));
  });
});

describe("capture of this Windows machine when a Windows tool fails or cannot be started", () => {
  /** The fake Windows with `run` answering its tools (the lifecycle logs and the tasks) instead. */
  const withTools = (host: ReturnType<typeof windowsFromSnapshot>["host"], run: ToolRunner) => {
    const replaced = Object.create(host) as typeof host;
    Object.defineProperty(replaced, "eventLog", { value: new WindowsLifecycleLog(run) });
    Object.defineProperty(replaced, "taskScheduler", { value: new WindowsTaskScheduler(run) });
    // The binding kinds' own tools (the RDP listeners' PowerShell) too.
    Object.defineProperty(replaced, "windows", { value: { ...host.windows!, run } });
    return replaced;
  };

  it("captures the rest and says what it could not: netsh's text (rendered instead), a lifecycle channel, the tasks, the services", async () => {
    const root = copyOfDemoHost();
    const windows = windowsFromSnapshot(root);
    const calls: string[][] = [];
    const run = (async (file: string, args: readonly string[]) => {
      calls.push([file, ...args]);
      if (file === "netsh") return { exitCode: 1, stdout: "", stderr: "" };
      // An application control policy that refuses powershell.exe (AppLocker, WDAC): the process never starts.
      if (file === "powershell.exe") throw new ToolStartError(file, "spawn EACCES");
      if (file === "wevtutil" && args[1]!.includes("-Lifecycle-User/")) return { exitCode: 5, stdout: "", stderr: "Access is denied.\r\n" };
      if (file === "wevtutil" && args[0] === "gl") return { exitCode: 0, stdout: "enabled: true\r\n", stderr: "" };
      if (file === "wevtutil") return { exitCode: 0, stdout: readFileSync(join(root, "events", "Lifecycle-System.xml"), "utf8"), stderr: "" };
      throw new Error(`no ${file} here`);
    }) as ToolRunner;
    const out = join(testDir(), "capture");
    const result = await captureHost(windowsSource(withTools(windows.host, run), run, true), out, { force: false, redaction: noRedaction });
    const part = (name: string) => result.parts.find((p) => p.part === name)!;

    assert.equal(part("httpsys").sslcertText, "rendered");
    assert.deepEqual(part("httpsys").warnings, ["netsh http show sslcert failed (exit code 1): httpsys/sslcert.txt is not netsh's own text but rendered from the records (records.json holds every field)."]);
    assert.deepEqual(part("httpsys").files, ["httpsys/records.json", "httpsys/sslcert.txt"]);
    assert.deepEqual(part("events").files, ["events/Lifecycle-System.xml"]);
    assert.deepEqual(part("events").warnings, ["The User lifecycle channel could not be read (wevtutil failed with exit code 5: Access is denied.): the capture has no log of it."]);
    assert.deepEqual(part("tasks").files, []);
    assert.deepEqual(part("tasks").warnings, [
      "The scheduled task \\CertRebind\\AutoRebind could not be read (powershell.exe could not be started: spawn EACCES): the capture has no definition of it, whether or not it is registered.",
      "The scheduled task \\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind could not be read (powershell.exe could not be started: spawn EACCES): the capture has no definition of it, whether or not it is registered.",
    ]);
    assert.deepEqual(part("services").warnings, ["The services could not be read (powershell.exe could not be started: spawn EACCES): the capture has no services/services.json."]);
    assert.equal(part("certs").count, 5); // My and WebHosting: no binding names Root
    assert.deepEqual(part("rdp").warnings, ["powershell.exe could not be started: spawn EACCES: rdp/listeners.json was not written, and a rebind on the capture does not see the RDP listeners."]);
    // RD Gateway's and WinRM's services are there (services.json of the demo host), so their kinds try PowerShell too.
    assert.deepEqual(part("rdgateway").warnings, ["RD Gateway's settings (Win32_TSGatewayServerSettings) could not be read (exit code -1: powershell.exe could not be started: spawn EACCES): rdgateway/settings.json is not captured."]);
    assert.deepEqual(part("winrm").warnings, ["WinRM's listeners could not be read (powershell.exe could not be started: spawn EACCES): the capture has no winrm/listeners.json."]);
    assert.deepEqual(result.warnings.slice(-8), [
      ...part("httpsys").warnings, ...part("rdp").warnings, ...part("rdgateway").warnings, ...part("winrm").warnings,
      ...part("events").warnings, ...part("tasks").warnings, ...part("services").warnings,
    ]);
    assert.ok(existsSync(join(out, "httpsys", "records.json")) && !existsSync(join(out, "tasks")) && !existsSync(join(out, "services")) && !existsSync(join(out, "events", "Lifecycle-User.xml")));
  });

  it("writes a log wevtutil printed nothing of (not even the root element) as read, and says so", async () => {
    const root = copyOfDemoHost();
    const windows = windowsFromSnapshot(root);
    const run = (async (file: string, args: readonly string[]) => {
      if (file === "wevtutil" && args[0] === "gl") return { exitCode: 0, stdout: "", stderr: "" };
      if (file === "wevtutil") return { exitCode: 0, stdout: args[1]!.includes("-Lifecycle-User/") ? "" : readFileSync(join(root, "events", "Lifecycle-System.xml"), "utf8"), stderr: "" };
      throw new Error(`no ${file} here`);
    }) as ToolRunner;
    const out = join(testDir(), "capture");
    const events = CAPTURE_PARTS.filter((p) => p.name === "events");
    const result = await captureHost(windowsSource(withTools(windows.host, run), run, true), out, { force: false, redaction: noRedaction, parts: events });
    assert.deepEqual(result.parts[0]!.files, ["events/Lifecycle-System.xml", "events/Lifecycle-User.xml"]);
    assert.equal(readFileSync(join(out, "events", "Lifecycle-User.xml")).length, 0);
    assert.deepEqual(result.warnings, [
      "wevtutil printed nothing for the User lifecycle channel, not even the <Events> element /e:Events asks for: events/Lifecycle-User.xml is empty, and whether the channel holds events is not known.",
    ]);
  });

  it("stops on any other error of a part, and leaves nothing", async () => {
    const root = copyOfDemoHost();
    const windows = windowsFromSnapshot(root); // its runner knows no powershell.exe: a plain Error, not a tool's failure
    const out = join(testDir(), "capture");
    await assert.rejects(captureHost(windowsSource(windows.host, netsh("", []), true), out, { force: false, redaction: noRedaction }), /the fake Windows has no powershell\.exe/);
    assert.equal(existsSync(out), false);
  });
});

describe("capture of this Windows machine's certificate stores", () => {
  it("holds the stores the records name besides My and WebHosting, and no other", async () => {
    const root = copyOfDemoHost();
    // The legacy certificate in a store of its own, named by the one record bound to it.
    mkdirSync(join(root, "certs", "Shared"));
    renameSync(join(root, "certs", "My", "legacy-intranet.cer"), join(root, "certs", "Shared", "legacy-intranet.cer"));
    const recordsFile = join(root, "httpsys", "records.json");
    const json = JSON.parse(readFileSync(recordsFile, "utf8")) as { records: { hash: string; storeName: string }[] };
    const legacy = json.records.filter((r) => r.hash === "FF68DD73E9231C4C92BF0554927AF9A048BD18F5");
    assert.equal(legacy.length, 1);
    legacy[0]!.storeName = "Shared";
    writeFileSync(recordsFile, JSON.stringify(json, null, 2));
    const windows = windowsFromSnapshot(root);
    const out = join(testDir(), "capture");
    const result = await captureHost(windowsSource(windows.host, netsh("", []), true), out, { force: false, redaction: noRedaction, parts: CAPTURE_PARTS.filter((p) => p.name === "certs") });
    const stores = [...new Set(result.parts[0]!.files.map((f) => f.split("/")[1]))].sort();
    // Root holds a certificate too, but no binding names it.
    assert.deepEqual(stores, ["My", "Shared", "WebHosting"]);
    assert.ok(readFileSync(join(out, "certs", "Shared", "FF68DD73E9231C4C92BF0554927AF9A048BD18F5.cer")).equals(readFileSync(join(root, "certs", "Shared", "legacy-intranet.cer"))));
  });
});
