import { join } from "node:path";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { HttpSysRecord, IisConfiguration, StoredCertificate } from "../../core/model.js";
import type { IisConfigFile } from "../../platform/files/iis-config-file.js";
import { readHostBytes } from "../../platform/files/read-host-file.js";
import type { Host } from "../../platform/ports.js";
import { powershellArguments } from "../../platform/windows/powershell.js";
import { SERVICES_SCRIPT } from "../../platform/windows/services-script.js";
import type { ToolRunner } from "../../platform/windows/tool-runner.js";
import { storesNamedBy, type HostReading } from "../read-inventory.js";
import { BINDING_KINDS } from "../../kinds/registry.js";
import { newKindContext } from "../../kinds/kind-context.js";
import { useSharedReads } from "../../kinds/common/host-reads.js";

/** The host a capture reads: its ports, and what only a capture needs of it. */
export interface CaptureSource {
  host: Host;
  /** The folder of the snapshot host read; null for this Windows machine. */
  root: string | null;
  /** Where IIS's configuration files are (both hosts read them as files: files/iis-config-file.ts). */
  iisFiles(): Promise<{ redirection: string; local: string; config: string; redirected: boolean }>;
  /**
   * The `netsh http show sslcert` text for people to read: the snapshot's own `httpsys/sslcert.txt` (its bytes), or
   * on Windows netsh's output as it printed it; null when the source has none.
   */
  sslcertText(): Promise<{ bytes: Buffer; origin: "copied" | "netsh" } | null>;
  /**
   * The services as Win32_Service objects (Name, StartName, State), as JSON: the snapshot's own
   * `services/services.json` (its bytes), or on Windows what `Get-CimInstance Win32_Service` gives; null when the
   * source has none.
   */
  servicesJson(): Promise<{ bytes: Buffer; file: string } | null>;
  /** HTTP.sys's records, read once: `--redact`, the httpsys part and the certificates share them. */
  records(): Promise<HttpSysRecord[]>;
  /** IIS's configuration, read once; null when it cannot be read (the inetsrv part says why). */
  iisConfiguration(): Promise<IisConfiguration | null>;
  /**
   * The certificates the capture holds, read once (`--redact` and the certs part share them): those of the stores the
   * host's certificate store reads anyway (on Windows My and WebHosting, on a snapshot host every folder of certs/)
   * and of every store an HTTP.sys record or an FTP site names, as a rebind reads them (read-inventory.ts), so that a
   * dry run on the capture finds each bound certificate where the host has it. An applicationHost.config that cannot
   * be read names no store here (the inetsrv part says why).
   */
  certificates(): Promise<StoredCertificate[]>;
}

/** What both hosts read the same way, each read once per capture. */
function sharedReads(host: Host): Pick<CaptureSource, "records" | "iisConfiguration" | "certificates"> {
  const records = readOnce(() => host.httpSys.readRecords());
  const iisConfiguration = readOnce(() => host.iisConfig.read().catch(() => null));
  return {
    records,
    iisConfiguration,
    certificates: readOnce(async () => host.certStore.list(storesNamedBy((await readHostKinds(host, records, iisConfiguration)).kinds))),
  };
}

/**
 * Every registered kind's state, reading HTTP.sys and IIS's configuration through the capture's shared reads (read
 * once per capture); an applicationHost.config that cannot be read names no store.
 */
async function readHostKinds(host: Host, records: () => Promise<HttpSysRecord[]>, iisConfiguration: () => Promise<IisConfiguration | null>): Promise<Pick<HostReading, "kinds">> {
  const context = useSharedReads(newKindContext(host), { records, iisConfiguration });
  const states = await Promise.all(BINDING_KINDS.map(async (kind) => ({ kind, state: (await kind.read(context)) as unknown })));
  return { kinds: states.filter((s) => s.state !== null) };
}

function readOnce<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | null = null;
  return () => (result ??= read());
}

/** A snapshot host being captured (`--host-root`). */
export function snapshotSource(host: Host & { iisConfig: IisConfigFile }, root: string): CaptureSource {
  return {
    host,
    root,
    iisFiles: () => host.iisConfig.sourceFiles(),
    ...sharedReads(host),
    async sslcertText() {
      const bytes = await readHostBytes(join(root, "httpsys", "sslcert.txt"));
      return bytes === null ? null : { bytes, origin: "copied" };
    },
    async servicesJson() {
      const file = join(root, "services", "services.json");
      const bytes = await readHostBytes(file);
      return bytes === null ? null : { bytes, file };
    },
  };
}

/**
 * This Windows machine: its ports, and `netsh http show sslcert` started once with an argument array
 * (https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http), its output kept as printed,
 * never parsed. Reading applicationHost.config and HTTP.sys's records needs an elevated process: CR4012 otherwise.
 */
export function windowsSource(host: Host & { iisConfig: IisConfigFile }, run: ToolRunner, elevated: boolean): CaptureSource {
  if (!elevated) {
    throw new CertRebindError(
      "CR4012",
      "capture reads applicationHost.config, HTTP.sys's records and the LocalMachine certificate stores, which only administrators may read: run it from an elevated (Run as administrator) session. Nothing was written.",
      ExitCode.Environment,
    );
  }
  return {
    host,
    root: null,
    iisFiles: () => host.iisConfig.sourceFiles(),
    ...sharedReads(host),
    async sslcertText() {
      const result = await run("netsh", ["http", "show", "sslcert"]);
      if (result.exitCode !== 0) {
        const detail = (result.stderr || result.stdout).trim().slice(0, 500);
        throw new CertRebindError("CR4002", `netsh http show sslcert failed (exit code ${result.exitCode})${detail ? `: ${detail}` : ""}`, ExitCode.Environment, "netsh");
      }
      return { bytes: Buffer.from(result.stdout, "utf8"), origin: "netsh" };
    },
    async servicesJson() {
      const result = await run("powershell.exe", powershellArguments(SERVICES_SCRIPT));
      if (result.exitCode !== 0) {
        const detail = (result.stderr || result.stdout).trim().slice(0, 500);
        throw new CertRebindError("CR4002", `PowerShell's Get-CimInstance Win32_Service failed (exit code ${result.exitCode})${detail ? `: ${detail}` : ""}`, ExitCode.Environment, "powershell.exe");
      }
      return result.stdout.trim() === "" ? null : { bytes: Buffer.from(result.stdout, "utf8"), file: "Get-CimInstance Win32_Service" };
    },
  };
}
