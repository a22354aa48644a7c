import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { HttpSysRecord } from "../../../ts-src/core/model.js";
import { runCli } from "../../../ts-src/cli/run-cli.js";
import { openHost } from "../../../ts-src/platform/open-host.js";
import { decodeRecordsJson, parseRecordsJson } from "../../../ts-src/platform/formats/httpsys-records-json.js";
import { netshTextOfRecords } from "../../../ts-src/platform/formats/netsh-sslcert-print.js";
import { parseSslCertOutput } from "./netsh-sslcert-document.js";
import { SnapshotCertStore } from "../../../ts-src/platform/snapshot/cert-store.js";
import type { ToolRunner } from "../../../ts-src/platform/windows/tool-runner.js";
import { WindowsHost, type WindowsFolders } from "../../../ts-src/platform/windows/windows-host.js";
import { apiRecords, FakeHttpApi } from "./fake-http-api.js";
import { FakeEventLog } from "./fake-event-log.js";
import { fakeCrypt32Of, type FakeCrypt32 } from "./fake-crypt32.js";
import { FakeKeySecurity } from "./fake-key-security.js";
import { FakeScm } from "./fake-scm.js";
import type { CliRun } from "./run.js";

/** One process the Windows adapter started. */
export interface RecordedCommand {
  file: string;
  args: string[];
}

/** What the tools print instead of what the snapshot host holds. */
export interface ToolAnswers {
  /** The HTTP.sys records, as `netsh http show sslcert` prints them (read into the fake HTTP Server API). */
  sslcert?: string;
  /** crypt32 (by default a FakeCrypt32 holding the certificates of every store under `certs/`). */
  crypt32?: FakeCrypt32;
}

/**
 * Windows as its tools answer, from a snapshot host directory (storage is fake, the adapter is the real one): the
 * HTTP Server API (a FakeHttpApi, opened on first use) holds the records of `httpsys/records.json` (every field) or, where
 * there is none, of `httpsys/sslcert.txt`, crypt32 (a FakeCrypt32) holds the certificates of `certs/` (a key file
 * that matches is a CSP key; its key's DACL, a FakeKeySecurity, SYSTEM's and Administrators'), the Service Control
 * Manager (a FakeScm) the services of `services/services.json` (a FailsToStart one stops again when started), `wevtutil qe` prints `events/Lifecycle-<channel>.xml` (every channel
 * enabled), the event log API (a FakeEventLog) takes the audit events. applicationHost.config is `inetsrv/`, the state
 * folder `state/`. Every command line is recorded; netsh is not there.
 */
export function windowsFromSnapshot(root: string, answers: ToolAnswers = {}, folders: Pick<WindowsFolders, "keepSecurity"> = {}) {
  const commands: RecordedCommand[] = [];
  let api: FakeHttpApi | null = null;
  let crypt32: FakeCrypt32 | null = answers.crypt32 ?? null;
  const openCrypt32 = async () => (crypt32 ??= fakeCrypt32Of(await new SnapshotCertStore(root).list()));
  let scm: FakeScm | null = null;
  /** The time restarts waited for services: counted, never slept. */
  let waited = 0;
  const openScm = async () => (scm ??= fakeScmOf(root));
  let keySecurity: FakeKeySecurity | null = null;
  const openKeys = async () => {
    const opened = await openCrypt32();
    return { crypt32: opened, security: (keySecurity ??= new FakeKeySecurity(opened)) };
  };
  const openApi = async () => (api ??= new FakeHttpApi(answers.sslcert === undefined ? apiRecordsOf(root) : apiRecords(parseSslCertOutput(answers.sslcert, "the fake HTTP Server API"))));
  const run: ToolRunner = async (file, args) => {
    const command: RecordedCommand = { file, args: [...args] };
    commands.push(command);
    if (file === "wevtutil") {
      const channel = /-Lifecycle-(System|User)\//.exec(args[1] ?? "")?.[1];
      if (args[0] === "gl") return { exitCode: 0, stdout: `name: ${args[1]}\r\nenabled: true\r\n`, stderr: "" };
      return { exitCode: 0, stdout: readFileSync(join(root, "events", `Lifecycle-${channel}.xml`), "utf8"), stderr: "" };
    }
    throw new Error(`the fake Windows has no ${file}`);
  };
  const events = new FakeEventLog();
  const host = new WindowsHost(run, {}, { configDir: join(root, "inetsrv"), stateDir: join(root, "state"), httpApi: openApi, crypt32: openCrypt32, keys: openKeys, scm: openScm, serviceClock: { now: () => waited, sleep: async (ms) => void (waited += ms) }, eventLog: async () => events, ...folders });
  /** Every text that reached a command line to act on: tool names and arguments. */
  const texts = () => commands.flatMap((c) => [c.file, ...c.args]);
  /** The insertion strings of the audit events: the record of the run as data, which names what was refused. */
  const auditTexts = () => events.events.flatMap((e) => e.strings);
  /** The HTTP Server API's write calls so far (Update, Set, Delete, SetEx), each with its record. */
  const apiWrites = () => (api?.calls ?? []).filter((c) => !/^(Get|List) /.test(c));
  return { host, commands, texts, auditTexts, events, api: () => api, apiWrites, crypt32: () => crypt32, scm: () => scm };
}

/** Runs the command line in-process against the fake Windows (a --host-root or CERTREBIND_HOST_ROOT still wins). */
export async function runOnWindows(argv: string[], windows: ReturnType<typeof windowsFromSnapshot>, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { CERTREBIND_NOW: "2026-11-27T00:00:00Z", ...env },
    openHost: async (hostRoot, platform, hostEnv, kindFiles) => (hostRoot || hostEnv?.["CERTREBIND_HOST_ROOT"] ? openHost(hostRoot, platform, hostEnv, kindFiles) : windows.host),
  });
  return { exitCode, stdout, stderr, envelope: () => JSON.parse(stdout) as ReturnType<CliRun["envelope"]> };
}

/** The records of a snapshot host as the HTTP Server API holds them: records.json's as they are, sslcert.txt's with default settings. */
function apiRecordsOf(root: string): HttpSysRecord[] {
  const json = join(root, "httpsys", "records.json");
  if (!existsSync(json)) return apiRecords(parseSslCertOutput(readFileSync(join(root, "httpsys", "sslcert.txt"), "utf8"), "the fake HTTP Server API"));
  return parseRecordsJson(decodeRecordsJson(readFileSync(json), json), json).entries.map((e) => (e.record.settings ? e.record : apiRecords([e.record])[0]!));
}

/** What `netsh http show sslcert` prints for the records of a snapshot host. */
export function netshTextOf(root: string): string {
  const text = join(root, "httpsys", "sslcert.txt");
  if (existsSync(text)) return readFileSync(text, "utf8");
  const json = join(root, "httpsys", "records.json");
  return netshTextOfRecords(parseRecordsJson(decodeRecordsJson(readFileSync(json), json), json).entries.map((e) => e.record));
}

/** The Service Control Manager of the snapshot's services/services.json (none when there is no such file). */
function fakeScmOf(root: string): FakeScm {
  const file = join(root, "services", "services.json");
  const states: Record<string, number> = { Stopped: 1, "Start Pending": 2, "Stop Pending": 3, Running: 4, "Continue Pending": 5, "Pause Pending": 6, Paused: 7 };
  if (!existsSync(file)) return new FakeScm({});
  const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown;
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as { Name: string; StartName: string | null; State: string; FailsToStart?: boolean }[];
  return new FakeScm(Object.fromEntries(list.map((s) => [s.Name, { account: s.StartName, state: states[s.State] ?? 1, ...(s.FailsToStart ? { diesOnStart: true } : {}) }])));
}
