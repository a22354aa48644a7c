import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { BINDING_KINDS, KIND_SNAPSHOT_FILES } from "../../../../ts-src/kinds/registry.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import type { ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { runRebind } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { buildHost, type HostSpec } from "../../support/host-builder.js";
import { windowsFromSnapshot } from "../../support/windows-from-snapshot.js";
import type { AnyBindingKind } from "../../../../ts-src/kinds/binding-kind.js";
import type { Host } from "../../../../ts-src/platform/ports.js";

export const WINRM_APPID = "{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}";
export const NOW = new Date("2026-12-20T00:00:00Z");
export const HOSTNAME = "winrm.contoso.com";

/** A listener as Get-WSManInstance gives it; `cert` names a certificate of the host (null: no CertificateThumbprint). */
export interface ListenerSpec {
  Address?: string;
  Transport?: string;
  Port?: string;
  Hostname?: string;
  Enabled?: string;
  cert: string | null;
  /** How the thumbprint is written (WinRM keeps it as it was given). */
  lowerCase?: boolean;
}

export interface WinrmHostSpec {
  listeners?: ListenerSpec[];
  /** The names of the new certificate (default: the listener's host name). */
  newDnsNames?: string[];
  newStore?: string;
  /** HTTP.sys records besides WinRM's 0.0.0.0:5986 (which `winrmRecord: false` leaves out). */
  records?: HostSpec["records"];
  sites?: HostSpec["sites"];
  winrmRecord?: boolean;
}

/** The listeners' JSON as ConvertTo-Json indents it (four spaces, CRLF), one listener per object. */
export function listenersText(listeners: readonly ListenerSpec[], thumbprints: Record<string, string>): string {
  const objects = listeners.map(({ cert, lowerCase, ...rest }) => {
    const thumbprint = cert === null ? "" : thumbprints[cert]!;
    return {
      Address: "*",
      Transport: "HTTPS",
      Port: "5986",
      Hostname: HOSTNAME,
      Enabled: "true",
      ...rest,
      CertificateThumbprint: lowerCase ? thumbprint.toLowerCase() : thumbprint,
    };
  });
  return `${JSON.stringify(objects, null, 4).replace(/\n/g, "\r\n")}\r\n`;
}

/**
 * A snapshot host with WinRM's HTTPS listener on `old` (covering winrm.contoso.com), its HTTP.sys record 0.0.0.0:5986
 * (WinRM's appid) on `old` too, and `new` valid at NOW in `newStore` (My).
 */
export function winrmHost(spec: WinrmHostSpec = {}) {
  const later = { notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") };
  const { root, thumbprints } = buildHost({
    certs: { old: { dnsNames: [HOSTNAME] }, new: { dnsNames: spec.newDnsNames ?? [HOSTNAME], ...later, store: spec.newStore ?? "My" } },
    records: [...(spec.winrmRecord === false ? [] : [{ kind: "ipport" as const, endpoint: "0.0.0.0:5986", cert: "old", appId: WINRM_APPID }]), ...(spec.records ?? [])],
    ...(spec.sites ? { sites: spec.sites } : {}),
  });
  const listeners = spec.listeners ?? [{ cert: "old" }];
  mkdirSync(join(root, "winrm"));
  const listenersFile = join(root, "winrm", "listeners.json");
  writeFileSync(listenersFile, listenersText(listeners, thumbprints));
  return { root, thumbprints, listenersFile, sslcert: join(root, "httpsys", "sslcert.txt") };
}

export const openSnapshot = (root: string) => SnapshotHost.open(root, {}, KIND_SNAPSHOT_FILES);

/** `rebind --old old --new new` on `host` with every registered kind (and `extra`). */
export function rebindOldToNew(host: Host, thumbprints: Record<string, string>, options: { dryRun?: boolean; force?: boolean; extra?: AnyBindingKind[] } = {}) {
  return runRebind(host, {
    dryRun: options.dryRun ?? false,
    waitMs: 0,
    trigger: "manual",
    now: NOW,
    force: options.force ?? false,
    old: thumbprints["old"] as Thumbprint,
    new: thumbprints["new"] as Thumbprint,
    kinds: [...BINDING_KINDS, ...(options.extra ?? [])],
  });
}

/** The script of a recorded powershell.exe command line (its -EncodedCommand, UTF-16 LE base64). */
export function decodedScript(args: readonly string[]): string {
  assert(args.at(-2) === "-EncodedCommand", "the script is given encoded, never as a command string");
  return Buffer.from(args.at(-1)!, "base64").toString("utf16le");
}

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/**
 * Windows (windowsFromSnapshot) with WinRM: the WinRM service in services/services.json (`state`), and
 * powershell.exe answering the kind's scripts from the snapshot's listeners, kept in memory as WS-Management's
 * configuration: Get-WSManInstance prints them, Set-WSManInstance sets a listener's CertificateThumbprint and, as
 * WinRM does (`followRecords`, default true), moves its HTTP.sys record 0.0.0.0:<port> with it. `failSet` makes
 * Set-WSManInstance fail (exit 1), `failRead` the read.
 */
export function winrmWindows(root: string, options: { state?: string; followRecords?: boolean; failSet?: boolean; failRead?: boolean } = {}) {
  mkdirSync(join(root, "services"), { recursive: true });
  writeFileSync(join(root, "services", "services.json"), JSON.stringify([{ Name: "WinRM", StartName: "NT AUTHORITY\\NetworkService", State: options.state ?? "Running" }]));
  const windows = windowsFromSnapshot(root);
  const listeners = JSON.parse(readFileSync(join(root, "winrm", "listeners.json"), "utf8")) as Record<string, string>[];
  const scripts: string[] = [];
  const tools = windows.host.windows.run;
  const failed = (message: string) => ({ exitCode: 1, stdout: "", stderr: message });
  const run: ToolRunner = async (file, args, more) => {
    if (file !== "powershell.exe") return tools(file, args, more);
    const script = decodedScript(args);
    scripts.push(script);
    if (script.includes("Get-WSManInstance")) {
      return options.failRead ? failed("Get-WSManInstance : The client cannot connect to the destination specified in the request.") : { exitCode: 0, stdout: `${JSON.stringify(listeners)}\r\n`, stderr: "" };
    }
    if (options.failSet) return failed("Set-WSManInstance : The WinRM client cannot process the request.");
    for (const [, address, thumbprint] of script.matchAll(/@\{Address='([^']*)';Transport='HTTPS'\} -ValueSet @\{CertificateThumbprint='([0-9A-F]{40})'\}/g)) {
      const listener = listeners.find((l) => l["Address"] === address && l["Transport"] === "HTTPS");
      if (!listener) return failed(`Set-WSManInstance : The specified listener ${address} does not exist.`);
      listener["CertificateThumbprint"] = thumbprint!;
      if (options.followRecords === false) continue;
      const records = await windows.host.httpSys.readRecords();
      const record = records.find((r) => r.endpoint === `0.0.0.0:${listener["Port"]}`);
      if (record) await windows.host.httpSys.rebindRecords([{ record, thumbprint: thumbprint!, storeName: record.storeName }]);
    }
    return { exitCode: 0, stdout: "", stderr: "" };
  };
  (windows.host as unknown as { windows: unknown }).windows = { ...windows.host.windows, run };
  return { windows, host: windows.host, listeners, scripts };
}
