import { win32 } from "node:path";
import { FileHostState } from "../files/file-host-state.js";
import { adminOnlyStateFolder, ensureAdminOnlyFolder } from "./admin-only-folder.js";
import type { KeepSecurity } from "../files/durable-write.js";
import { HostWriter } from "../files/host-writer.js";
import { IisConfigFile } from "../files/iis-config-file.js";
import type { WindowsAccess } from "../kind-access.js";
import type { Host } from "../ports.js";
import { WindowsCertStore, type Crypt32Opener } from "./cert-store.js";
import { openKoffiCrypt32Api } from "./crypt32/koffi-crypt32-api.js";
import { writeAuditEvent, type EventLogOpener } from "./event-log.js";
import { koffiEventLogApi } from "./event-log-api.js";
import { openKoffiKeySecurityApi } from "./keys/koffi-key-security-api.js";
import { WindowsKeyAccess, type KeyApisOpener } from "./keys/key-access.js";
import { openKoffiRegistryApi } from "./registry/koffi-registry-api.js";
import { Registry, RegistryUnavailableError, type RegistryOpener } from "./registry/registry.js";
import { openKoffiScmApi } from "./scm/koffi-scm-api.js";
import { WindowsServiceControl, type ScmOpener, type ServiceClock } from "./scm/service-control.js";
import { keepFileSecurity, koffiSecurityApi } from "./file-security.js";
import { openKoffiHttpConfigApi } from "./httpapi/koffi-http-config-api.js";
import { WindowsHttpSys, type HttpConfigApiOpener } from "./httpsys.js";
import { WindowsLifecycleLog } from "./lifecycle-log.js";
import type { KoffiNative } from "./native/koffi-native.js";
import { loadKoffi } from "./native/load-koffi.js";
import { isElevated } from "./native/native-folder.js";
import { WindowsTaskScheduler } from "./task-scheduler.js";
import { tokenIsElevated } from "./token-elevation.js";
import { execaRunner, type ToolRunner } from "./tool-runner.js";

/** Where the host's files are, when not where Windows keeps them (tests on another OS). */
export interface WindowsFolders {
  configDir?: string;
  stateDir?: string;
  /** The HTTP Server API (tests give a fake); by default httpapi.dll through koffi, loaded on first use. */
  httpApi?: HttpConfigApiOpener;
  /** crypt32 (tests give a fake); by default crypt32.dll through koffi, loaded on first use. */
  crypt32?: Crypt32Opener;
  /** The Service Control Manager (tests give a fake); by default advapi32.dll through koffi, loaded on first use. */
  scm?: ScmOpener;
  /**
   * The registry (tests give a fake); by default advapi32.dll through koffi, loaded on first use; on another OS
   * without a fake, none (RegistryUnavailableError: kinds that read it read as absent).
   */
  registry?: RegistryOpener;
  /** How a restart waits for a service (tests: a clock that does not sleep); the real one by default. */
  serviceClock?: ServiceClock;
  /** crypt32, ncrypt and advapi32 for private keys' access lists (tests give fakes); by default through koffi. */
  keys?: KeyApisOpener;
  /** Whether this process is elevated (tests on another OS); native-folder.ts's isElevated by default. */
  elevated?: () => boolean;
  /**
   * What a rewritten host file keeps of the one it replaces besides its bytes: on Windows by default, its security
   * descriptor (file-security.ts); elsewhere (tests on another OS) nothing more than durable-write.ts keeps.
   */
  keepSecurity?: KeepSecurity | null;
  /** The event logging API of the audit event (tests give a fake); by default advapi32.dll through koffi. */
  eventLog?: EventLogOpener;
}

/**
 * This Windows machine, read and changed through its own tools, the HTTP Server API (HTTP.sys), crypt32 (the
 * certificate stores), the Service Control Manager and CNG (who may read a private key). The exe is
 * 64-bit, so System32 is not redirected to SysWOW64
 * (https://learn.microsoft.com/windows/win32/winprog64/file-system-redirector).
 */
export class WindowsHost implements Host {
  readonly description = "this Windows machine";
  readonly httpSys: WindowsHttpSys;
  readonly iisConfig: IisConfigFile;
  readonly certStore: WindowsCertStore;
  readonly state: FileHostState;
  readonly eventLog: WindowsLifecycleLog;
  readonly taskScheduler: WindowsTaskScheduler;
  readonly services: WindowsServiceControl;
  readonly keys: WindowsKeyAccess;
  readonly windows: WindowsAccess;
  /** Whether this process's token is elevated (token-elevation.ts); `folders.elevated` answers in tests. */
  readonly tokenElevated: () => Promise<boolean>;

  constructor(run: ToolRunner = execaRunner, env: NodeJS.ProcessEnv = process.env, folders: WindowsFolders = {}) {
    const windir = env["windir"] ?? env["SystemRoot"] ?? "C:\\Windows";
    const programData = env["ProgramData"] ?? "C:\\ProgramData";
    const systemRoot = env["SystemRoot"] ?? windir;
    let elevatedOnce: boolean | undefined;
    const elevated = () => (elevatedOnce ??= (folders.elevated ?? isElevated)());
    let koffi: Promise<KoffiNative> | null = null;
    const native = () => (koffi ??= loadKoffi({ env, elevated, guard: (folder) => ensureAdminOnlyFolder(run, programData, folder) }));
    const registry = new Registry(
      folders.registry ??
        (process.platform === "win32" ? async () => openKoffiRegistryApi(await native(), systemRoot) : () => Promise.reject(new RegistryUnavailableError())),
    );
    this.windows = { run, native, systemRoot, registry };
    this.tokenElevated = async () => (folders.elevated ? folders.elevated() : tokenIsElevated(await native(), systemRoot));
    let keepSecurity: KeepSecurity | null = null;
    const writer = HostWriter.fromEnv(
      {},
      null,
      folders.keepSecurity !== undefined
        ? folders.keepSecurity
        : process.platform === "win32"
          ? async (replaced, replacement) => (keepSecurity ??= keepFileSecurity(koffiSecurityApi(await native(), systemRoot)))(replaced, replacement)
          : null,
    );
    this.httpSys = new WindowsHttpSys(folders.httpApi ?? (async () => openKoffiHttpConfigApi(await native(), systemRoot)));
    this.iisConfig = new IisConfigFile(
      folders.configDir ?? win32.join(windir, "System32", "inetsrv", "config"),
      (share) => win32.join(share, "applicationHost.config"),
      writer,
    );
    this.certStore = new WindowsCertStore(folders.crypt32 ?? (async () => openKoffiCrypt32Api(await native(), systemRoot)));
    this.services = new WindowsServiceControl(folders.scm ?? (async () => openKoffiScmApi(await native(), systemRoot)), folders.serviceClock);
    this.keys = new WindowsKeyAccess(
      folders.keys ??
        (async () => {
          const koffi = await native();
          return { crypt32: openKoffiCrypt32Api(koffi, systemRoot), security: openKoffiKeySecurityApi(koffi, systemRoot) };
        }),
    );
    this.eventLog = new WindowsLifecycleLog(run);
    this.taskScheduler = new WindowsTaskScheduler(run);
    const stateDir = folders.stateDir ?? win32.join(programData, "CertRebind", "state");
    let eventLogApi: ReturnType<EventLogOpener> | null = null;
    const openEventLog = folders.eventLog ?? (() => (eventLogApi ??= native().then((koffi) => koffiEventLogApi(koffi, systemRoot))));
    this.state = new FileHostState(stateDir, writer, (record) => writeAuditEvent(openEventLog, record), {
      changeableFiles: async () => {
        const config = await this.iisConfig.journaled();
        return new Map([[config.name, config.path]]);
      },
      // An elevated run keeps its state under %ProgramData% administrators-only (admin-only-folder.ts): a file
      // planted there must not steer a process with administrators' rights. A run that is not elevated can only
      // write what its user can write anyway, and one given another folder (tests on another OS) is the caller's
      // to protect.
      ...(folders.stateDir === undefined && elevated() ? { guard: adminOnlyStateFolder(run, programData, stateDir) } : {}),
    });
  }

  warnings(): string[] {
    return [...this.iisConfig.warnings, ...this.certStore.warnings];
  }
}
