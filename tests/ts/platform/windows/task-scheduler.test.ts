import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { autoRebindTaskXml, encodeTaskXml } from "../../../../ts-src/task/auto-rebind-task.js";
import { judgeAcl, parseTaskInfo, WindowsTaskScheduler, type TaskFileWriter } from "../../../../ts-src/platform/windows/task-scheduler.js";
import type { ToolResult, ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { recordingRunner } from "../../support/recording-runner.js";

const TASK = "\\CertRebind\\AutoRebind";
const BUILTIN = "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind";
const XML = autoRebindTaskXml({ command: "C:\\Program Files\\CertRebind\\certrebind.exe", version: "0.1.0", dailyAt: "03:30" });
const FILE = "C:\\Users\\admin\\AppData\\Local\\Temp\\certrebind-task-x\\task.xml";
const ok = (stdout = ""): ToolResult => ({ exitCode: 0, stdout, stderr: "" });
const ENV = { ProgramFiles: "C:\\Program Files" };

/** A TaskFileWriter that keeps what it was given and counts removals. */
function fileWriter() {
  const written: Buffer[] = [];
  let removed = 0;
  const write: TaskFileWriter = async (bytes) => {
    written.push(bytes);
    return { path: FILE, remove: async () => void (removed += 1) };
  };
  return { write, written, removed: () => removed };
}

/** A runner that answers each call with the next result and records the command lines. */
function scriptedRunner(...results: ToolResult[]) {
  const calls: string[][] = [];
  const run: ToolRunner = async (file, args) => {
    calls.push([file, ...args]);
    const next = results.shift();
    assert.ok(next, `an unexpected call: ${file} ${args.join(" ")}`);
    return next;
  };
  return { calls, run };
}

const script = (call: string[]) => {
  assert.deepEqual(call.slice(0, 6), ["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"]);
  assert.equal(call.length, 7);
  return Buffer.from(call[6]!, "base64").toString("utf16le");
};

describe("WindowsTaskScheduler writes through schtasks with argument arrays", () => {
  it("register: schtasks /Create /TN <path> /XML <file> /F, the file UTF-16 LE with BOM, removed afterwards", async () => {
    const { calls, run } = recordingRunner(ok("SUCCESS: The scheduled task \"AutoRebind\" has successfully been created.\r\n"));
    const files = fileWriter();
    await new WindowsTaskScheduler(run, { writeTaskFile: files.write, env: ENV }).register(TASK, XML);
    assert.deepEqual(calls, [{ file: "schtasks", args: ["/Create", "/TN", TASK, "/XML", FILE, "/F"] }]);
    assert.deepEqual(files.written, [encodeTaskXml(XML)]);
    assert.equal(files.removed(), 1);
  });

  it("register: a failure is CR4002 with schtasks' first line, and the file is still removed", async () => {
    const { run } = recordingRunner({ exitCode: 1, stdout: "", stderr: "ERROR: Access is denied.\r\n" });
    const files = fileWriter();
    await assert.rejects(new WindowsTaskScheduler(run, { writeTaskFile: files.write, env: ENV }).register(TASK, XML), {
      code: "CR4002",
      message: "schtasks failed with exit code 1: ERROR: Access is denied.",
    });
    assert.equal(files.removed(), 1);
  });

  it("the temporary file writer writes the bytes to a new file and removes its folder", async () => {
    const { tempTaskFileWriter } = await import("../../../../ts-src/platform/windows/task-scheduler.js");
    const file = await tempTaskFileWriter(encodeTaskXml(XML));
    assert.deepEqual(readFileSync(file.path), encodeTaskXml(XML));
    await file.remove();
    assert.throws(() => readFileSync(file.path));
  });

  it("remove: schtasks /Delete /TN <path> /F", async () => {
    const { calls, run } = recordingRunner(ok());
    await new WindowsTaskScheduler(run, { env: ENV }).remove(TASK);
    assert.deepEqual(calls, [{ file: "schtasks", args: ["/Delete", "/TN", TASK, "/F"] }]);
  });

  it("setEnabled: schtasks /Change /TN <path> /ENABLE or /DISABLE", async () => {
    const { calls, run } = recordingRunner(ok());
    const scheduler = new WindowsTaskScheduler(run, { env: ENV });
    await scheduler.setEnabled(BUILTIN, false);
    await scheduler.setEnabled(TASK, true);
    assert.deepEqual(calls, [
      { file: "schtasks", args: ["/Change", "/TN", BUILTIN, "/DISABLE"] },
      { file: "schtasks", args: ["/Change", "/TN", TASK, "/ENABLE"] },
    ]);
  });

  for (const path of ['\\CertRebind\\Auto"Rebind', "\\CertRebind\\..\\x", "CertRebind\\AutoRebind", "\\a\\b & calc"]) {
    it(`refuses the task path ${JSON.stringify(path)} before running anything`, async () => {
      const { calls, run } = recordingRunner(ok());
      const scheduler = new WindowsTaskScheduler(run, { env: ENV });
      for (const call of [() => scheduler.remove(path), () => scheduler.setEnabled(path, true), () => scheduler.get(path), () => scheduler.register(path, XML)]) {
        await assert.rejects(call(), { code: "CR2000" });
      }
      assert.deepEqual(calls, []);
    });
  }
});

describe("WindowsTaskScheduler.get reads through one PowerShell process", () => {
  const info = (extra: object) => ok(`${JSON.stringify({ exists: true, xml: XML, enabled: true, lastRunTime: "2026-11-27T02:30:01Z", lastResult: 0, ...extra })}\r\n`);

  it("asks Get-ScheduledTask for the folder and name of the path, and returns XML, state and last run", async () => {
    const { calls, run } = scriptedRunner(info({}));
    const task = await new WindowsTaskScheduler(run, { env: ENV }).get(TASK);
    assert.deepEqual(task, { path: TASK, xml: XML, enabled: true, lastRunTime: "2026-11-27T02:30:01.000Z", lastResult: 0 });
    const text = script(calls[0]!);
    assert.match(text, /\$taskPath = '\\CertRebind\\'\r?\n\$taskName = 'AutoRebind'/);
    assert.match(text, /Get-ScheduledTask -TaskPath \$taskPath -TaskName \$taskName -ErrorAction Stop/);
    assert.match(text, /ErrorCategory\]::ObjectNotFound/);
    assert.match(text, /Export-ScheduledTask -TaskPath \$taskPath -TaskName \$taskName/);
    assert.match(text, /Get-ScheduledTaskInfo -TaskPath \$taskPath -TaskName \$taskName/);
  });

  it("splits a deeper path into folder and name", async () => {
    const { calls, run } = scriptedRunner(ok('{"exists":false}'));
    assert.equal(await new WindowsTaskScheduler(run, { env: ENV }).get(BUILTIN), null);
    assert.match(script(calls[0]!), /\$taskPath = '\\Microsoft\\Windows\\CertificateServicesClient\\'\r?\n\$taskName = 'IIS-AutoCertRebind'/);
  });

  it("reports a task that has never run (LastRunTime 1999-11-30, result 0x41303) as no run", async () => {
    const { run } = scriptedRunner(info({ lastRunTime: "1999-11-30T00:00:00Z", lastResult: 267011 }));
    const task = await new WindowsTaskScheduler(run, { env: ENV }).get(TASK);
    assert.equal(task!.lastRunTime, null);
    assert.equal(task!.lastResult, null);
  });

  it("takes the enabled state from Settings.Enabled, or from the XML when the script gives none", () => {
    assert.equal(parseTaskInfo(JSON.stringify({ exists: true, xml: XML, enabled: false }), TASK)!.enabled, false);
    const disabledXml = XML.replace("<Enabled>true</Enabled>\r\n    <Hidden>", "<Enabled>false</Enabled>\r\n    <Hidden>");
    assert.equal(parseTaskInfo(JSON.stringify({ exists: true, xml: disabledXml }), TASK)!.enabled, false);
  });

  it("turns a failing script into CR4002 and output that is not JSON into CR4002", async () => {
    const failing = scriptedRunner({ exitCode: 1, stdout: "", stderr: "Access is denied.\r\n" });
    await assert.rejects(new WindowsTaskScheduler(failing.run, { env: ENV }).get(TASK), { code: "CR4002", message: /Access is denied/ });
    assert.throws(() => parseTaskInfo("Get-ScheduledTask : something", TASK), { code: "CR4002" });
    assert.throws(() => parseTaskInfo('{"exists":true}', TASK), { code: "CR4002" });
  });
});

describe("WindowsProgramFolder", () => {
  it("is %ProgramFiles%\\CertRebind (ProgramW6432 first), and the task runs certrebind.exe there", () => {
    const { run } = recordingRunner(ok());
    assert.equal(new WindowsTaskScheduler(run, { env: ENV }).programFolder.taskCommand, "C:\\Program Files\\CertRebind\\certrebind.exe");
    const folder = new WindowsTaskScheduler(run, { env: { ProgramFiles: "C:\\Program Files (x86)", ProgramW6432: "D:\\Programs\\" } }).programFolder;
    assert.equal(folder.taskCommand, "D:\\Programs\\CertRebind\\certrebind.exe");
    assert.equal(folder.exeFile, folder.taskCommand);
    assert.equal(new WindowsTaskScheduler(run, { env: {} }).programFolder.taskCommand, "C:\\Program Files\\CertRebind\\certrebind.exe");
  });

  it("refuses a %ProgramFiles% it cannot put in the task or a script (CR4002)", () => {
    const { run } = recordingRunner(ok());
    for (const value of ["Program Files", "C:\\Pro'gram", "C:\\%x%"]) {
      assert.throws(() => new WindowsTaskScheduler(run, { env: { ProgramFiles: value } }), { code: "CR4002" });
    }
  });

  const report = (extra: object) =>
    JSON.stringify({
      user: "S-1-5-21-1-2-3-500",
      elevated: true,
      items: [
        { path: "C:\\Program Files", exists: true, sddl: "O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x1200a9;;;BU)" },
        { path: "C:\\Program Files\\CertRebind", exists: true, sddl: "O:S-1-5-21-1-2-3-500G:SYD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)" },
        { path: "C:\\Program Files\\CertRebind\\certrebind.exe", exists: false, sddl: null },
      ],
      ...extra,
    });

  it("checks Program Files, the folder and the exe with one PowerShell process that prints their SDDL", async () => {
    const { calls, run } = scriptedRunner(ok(report({})));
    assert.equal(await new WindowsTaskScheduler(run, { env: ENV }).programFolder.checkAdminOnly(), null);
    assert.equal(calls.length, 1);
    const text = script(calls[0]!);
    assert.ok(text.includes("@('C:\\Program Files', 'C:\\Program Files\\CertRebind', 'C:\\Program Files\\CertRebind\\certrebind.exe')"), text);
    assert.match(text, /\(Get-Acl -LiteralPath \$path\)\.Sddl/);
    assert.match(text, /WindowsBuiltInRole\]::Administrator/);
  });

  it("accepts a folder owned by the elevated user who made it", () => {
    assert.equal(judgeAcl(report({})), null);
  });

  it("names the path and who could change it when non-administrators could", () => {
    const writable = report({}).replace("(A;ID;0x1200a9;;;BU)", "(A;OICI;0x1301bf;;;BU)");
    assert.equal(
      judgeAcl(writable),
      "C:\\Program Files\\CertRebind can be changed by non-administrators: Users (S-1-5-32-545) may change it (rights 0x1301bf). The task would run whatever is put there as SYSTEM.",
    );
  });

  it("ends with CR4011 when the process is not elevated", () => {
    assert.throws(() => judgeAcl(report({ elevated: false })), { code: "CR4011" });
  });

  it("turns output it cannot read into CR4002", () => {
    assert.throws(() => judgeAcl("Get-Acl : Access denied"), { code: "CR4002" });
    assert.throws(() => judgeAcl(report({}).replace("O:BAG:SYD:PAI", "O:BAG:SYD:PAI(A;;ZZ;;;BU)")), { code: "CR4002", message: /cannot read/ });
  });

  it("reads the installed exe with Node's file functions, not a process: none installed is null", async () => {
    const { calls, run } = recordingRunner(ok());
    const folder = new WindowsTaskScheduler(run, { env: { ProgramFiles: "C:\\No Such Folder" } }).programFolder;
    assert.equal(await folder.installedSha256(), null);
    assert.deepEqual(calls, []);
  });
});
