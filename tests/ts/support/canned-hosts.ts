/**
 * The snapshot hosts the canned envelopes of the Pester tests are made on (tests/ts/support/canned-envelopes.ts), each
 * written by code into a folder from the committed demo host, so that they stay what the demo host is.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { demoHost, repoRoot } from "./snapshot.js";

/** The files of the demo host's services: SQL Server, Remote Desktop, RD Gateway, WinRM and the list of services. */
const SERVICE_FOLDERS = ["sqlserver", "rdp", "rdgateway", "winrm", "services"];
/** The HTTP.sys record WinRM's service writes for its HTTPS listener. */
const WINRM_RECORD = "0.0.0.0:5986";
const RECORDS_FILE = "httpsys/records.json";
const BUILTIN_TASK_FILE = "tasks/Microsoft/Windows/CertificateServicesClient/IIS-AutoCertRebind.xml";
const BUILTIN_TASK_XML = join(repoRoot, "tests/fixtures/tasks/IIS-AutoCertRebind.xml");
const AUTO_REBIND_RUN_FILE = "tasks/CertRebind/AutoRebind.json";

/** A copy of the demo host at `root`. */
export function demoHostAt(root: string): string {
  cpSync(demoHost, root, { recursive: true });
  return root;
}

/**
 * The demo host without its services: only IIS and HTTP.sys (its records but WinRM's), its certificates and its
 * lifecycle logs, so that a rebind changes the HTTP.sys records and the FTP certificates alone.
 */
export function webOnlyHostAt(root: string): string {
  demoHostAt(root);
  for (const folder of SERVICE_FOLDERS) rmSync(join(root, folder), { recursive: true, force: true });
  const file = join(root, RECORDS_FILE);
  const records = JSON.parse(readFileSync(file, "utf8")) as { version: number; records: { endpoint: string }[] };
  records.records = records.records.filter((record) => record.endpoint !== WINRM_RECORD);
  writeFileSync(file, `${JSON.stringify(records, null, 2)}\n`);
  return root;
}

/** Registers IIS's own task IIS-AutoCertRebind (enabled, as Windows installs it) on the host at `root`. */
export function registerBuiltinTask(root: string): void {
  writeHostFile(root, BUILTIN_TASK_FILE, readFileSync(BUILTIN_TASK_XML));
}

/** Records a last run of \CertRebind\AutoRebind on the host at `root`, as Get-ScheduledTaskInfo would report it. */
export function recordAutoRebindRun(root: string, lastRunTime: string, lastResult: number): void {
  writeHostFile(root, AUTO_REBIND_RUN_FILE, `${JSON.stringify({ lastRunTime, lastResult })}\n`);
}

function writeHostFile(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
