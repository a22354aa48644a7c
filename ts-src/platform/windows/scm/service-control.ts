/*
 * The Service Control Manager of this machine, through advapi32 in this process (no sc.exe, no PowerShell).
 *
 * - query: OpenSCManagerW(SC_MANAGER_CONNECT), OpenServiceW(SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS); a service
 *   that is not there is ERROR_SERVICE_DOES_NOT_EXIST (OpenServiceW's page) and answers null. QueryServiceConfigW is
 *   called first with no buffer for the size (ERROR_INSUFFICIENT_BUFFER, pcbBytesNeeded), then with it; its
 *   lpServiceStartName points into that buffer. QueryServiceStatusEx(SC_STATUS_PROCESS_INFO) gives dwCurrentState.
 * - restart: as Microsoft's samples "Stopping a Service" (https://learn.microsoft.com/windows/win32/services/stopping-a-service)
 *   and "Starting a Service" (https://learn.microsoft.com/windows/win32/services/starting-a-service) do: while the
 *   service is pending, wait a tenth of its dwWaitHint (at least one second, at most ten) and query again; a pending
 *   state whose dwCheckPoint does not advance for longer than dwWaitHint, or the caller's timeout, ends the wait.
 *   ControlService(SERVICE_CONTROL_STOP) when it is not stopped, then StartServiceW. As the stopping sample does,
 *   the services that depend on it and run (EnumDependentServicesW, SERVICE_ACTIVE, size then data) are stopped
 *   first, in the order it gives (the reverse of their start order); once it runs again they are started in the
 *   reverse order (as dbatools' Restart-DbaService brings SQL Server Agent back after SQL Server,
 *   https://docs.dbatools.io/Restart-DbaService).
 * - Every handle is closed with CloseServiceHandle. A failed call is CR4006 naming the function, the error's name
 *   and number, and the service.
 */
import { WIN32_ERRORS, Win32CallError } from "../httpapi/win32-errors.js";
import type { RestartedService, ServiceControl, ServiceInfo, ServiceState } from "../../service-ports.js";
import {
  QUERY_SERVICE_CONFIG_BYTES,
  QUERY_SERVICE_CONFIG_MAX_BYTES,
  SC_MANAGER_CONNECT,
  ENUM_DEPENDENTS_MAX_BYTES,
  ENUM_SERVICE_STATUS_BYTES,
  SERVICE_ACTIVE,
  SERVICE_CONTROL_STOP,
  SERVICE_ENUMERATE_DEPENDENTS,
  SERVICE_QUERY_CONFIG,
  SERVICE_QUERY_STATUS,
  SERVICE_START,
  SERVICE_START_NAME_OFFSET,
  SERVICE_STATUS_BYTES,
  SERVICE_STATUS_PROCESS_BYTES,
  SERVICE_STOP,
  type ScmApi,
} from "./scm-api.js";

/** Opens advapi32's SCM functions (on first use): by default through koffi, in tests a fake. */
export type ScmOpener = () => Promise<ScmApi>;

export interface ServiceClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: ServiceClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/**
 * dwCurrentState 1..7 (SERVICE_STOPPED … SERVICE_PAUSED) → the port's state
 * (https://learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-service_status_process).
 */
const STATES: readonly ServiceState[] = ["stopped", "start-pending", "stop-pending", "running", "continue-pending", "pause-pending", "paused"];
const RESTART_ACCESS = SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_STOP | SERVICE_START;
const PENDING: ReadonlySet<ServiceState> = new Set(["start-pending", "stop-pending", "continue-pending", "pause-pending"]);

/**
 * A service name as the SCM takes it: at most 256 characters, no slash or backslash (CreateServiceW's
 * lpServiceName, https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-createservicew), no control character.
 */
const SERVICE_NAME = /^[^\\/\u0000-\u001f]{1,256}$/;

/** CR4006 (OpenServiceW, ERROR_INVALID_NAME) for a name that cannot be a service's, before anything is asked. */
export function checkServiceName(name: string): void {
  if (!SERVICE_NAME.test(name)) throw new Win32CallError("OpenServiceW", WIN32_ERRORS.ERROR_INVALID_NAME, `'${name}' is not a service name; nothing was asked of the Service Control Manager`);
}

interface Status {
  state: ServiceState;
  checkPoint: number;
  waitHint: number;
}

export class WindowsServiceControl implements ServiceControl {
  /** The Service Control Manager keeps its state itself: a restart writes no host file. */
  readonly restartWrites: readonly string[] = [];
  private api: ScmApi | null = null;

  constructor(
    private readonly open: ScmOpener,
    private readonly clock: ServiceClock = realClock,
  ) {}

  async query(name: string): Promise<ServiceInfo | null> {
    const api = (this.api ??= await this.open());
    return await withService(api, name, SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS, (service) => ({
      name,
      account: startName(api, service, name),
      state: status(api, service, name).state,
    }));
  }

  async restart(name: string, timeoutMs: number): Promise<RestartedService> {
    const api = (this.api ??= await this.open());
    const deadline = this.clock.now() + timeoutMs;
    const restarted = await withService(api, name, RESTART_ACCESS | SERVICE_ENUMERATE_DEPENDENTS, async (service) => {
      const before = await this.settle(api, service, name, deadline);
      const dependents = before.state === "stopped" ? [] : activeDependents(api, service, name);
      // In the order EnumDependentServicesW gives them, the reverse of their start order (its page).
      for (const dependent of dependents) await this.onService(api, dependent, (handle) => this.stop(api, handle, dependent, deadline));
      const stopped = await this.stop(api, service, name, deadline);
      // One that did not stop (still pending when the wait is over) is not started: it is left as it came to.
      const state = stopped.state === "stopped" ? (await this.start(api, service, name, deadline)).state : stopped.state;
      const started: ServiceInfo[] = [];
      for (const dependent of [...dependents].reverse()) {
        started.unshift(
          await this.onService(api, dependent, async (handle) => ({
            name: dependent,
            account: startName(api, handle, dependent),
            state: state === "running" ? (await this.start(api, handle, dependent, deadline)).state : status(api, handle, dependent).state,
          })),
        );
      }
      return { name, account: startName(api, service, name), state, ...(dependents.length > 0 ? { dependents: started } : {}) };
    });
    if (restarted === null) throw new Win32CallError("OpenServiceW", WIN32_ERRORS.ERROR_SERVICE_DOES_NOT_EXIST, `the service ${name}`);
    return restarted;
  }

  /** Stops the service when it runs (ControlService, SERVICE_CONTROL_STOP) and waits while it is pending. */
  private async stop(api: ScmApi, service: bigint, name: string, deadline: number): Promise<Status> {
    const current = await this.settle(api, service, name, deadline);
    if (current.state === "stopped" || PENDING.has(current.state)) return current;
    if (!api.controlService(service, SERVICE_CONTROL_STOP, Buffer.alloc(SERVICE_STATUS_BYTES))) {
      const error = api.lastError();
      if (error !== WIN32_ERRORS.ERROR_SERVICE_NOT_ACTIVE) throw new Win32CallError("ControlService", error, `SERVICE_CONTROL_STOP of the service ${name}`);
    }
    return this.settle(api, service, name, deadline);
  }

  /** Starts a stopped service (StartServiceW) and waits while it is pending. */
  private async start(api: ScmApi, service: bigint, name: string, deadline: number): Promise<Status> {
    const current = await this.settle(api, service, name, deadline);
    if (current.state !== "stopped") return current;
    if (!api.startService(service)) {
      const error = api.lastError();
      if (error !== WIN32_ERRORS.ERROR_SERVICE_ALREADY_RUNNING) throw new Win32CallError("StartServiceW", error, `the service ${name}`);
    }
    return this.settle(api, service, name, deadline);
  }

  /** `use` with another service open (a dependent); CR4006 when it is gone. */
  private async onService<T>(api: ScmApi, name: string, use: (service: bigint) => Promise<T>): Promise<T> {
    const result = await withService(api, name, RESTART_ACCESS, use);
    if (result === null) throw new Win32CallError("OpenServiceW", WIN32_ERRORS.ERROR_SERVICE_DOES_NOT_EXIST, `the service ${name}, which depends on the one restarted`);
    return result;
  }

  /** The status once it is no longer pending, or when the wait is over (as the samples wait). */
  private async settle(api: ScmApi, service: bigint, name: string, deadline: number): Promise<Status> {
    let current = status(api, service, name);
    let checkPoint = current.checkPoint;
    let progressAt = this.clock.now();
    while (PENDING.has(current.state)) {
      const now = this.clock.now();
      if (now >= deadline || now - progressAt > Math.max(current.waitHint, 1000)) break;
      await this.clock.sleep(Math.min(Math.max(current.waitHint / 10, 1000), 10_000, Math.max(deadline - now, 0)));
      current = status(api, service, name);
      if (current.checkPoint !== checkPoint) {
        checkPoint = current.checkPoint;
        progressAt = this.clock.now();
      }
    }
    return current;
  }
}

/** Runs `use` with the service open; null when there is no such service. Every handle is closed. */
async function withService<T>(api: ScmApi, name: string, access: number, use: (service: bigint) => T | Promise<T>): Promise<T | null> {
  checkServiceName(name);
  const manager = api.openSCManager(SC_MANAGER_CONNECT);
  if (manager === 0n) throw new Win32CallError("OpenSCManagerW", api.lastError(), "this machine's Service Control Manager");
  try {
    const service = api.openService(manager, name, access);
    if (service === 0n) {
      const error = api.lastError();
      if (error === WIN32_ERRORS.ERROR_SERVICE_DOES_NOT_EXIST) return null;
      throw new Win32CallError("OpenServiceW", error, `the service ${name}`);
    }
    try {
      return await use(service);
    } finally {
      api.closeServiceHandle(service);
    }
  } finally {
    api.closeServiceHandle(manager);
  }
}

/** dwCurrentState, dwCheckPoint and dwWaitHint of SERVICE_STATUS_PROCESS. */
function status(api: ScmApi, service: bigint, name: string): Status {
  const buffer = Buffer.alloc(SERVICE_STATUS_PROCESS_BYTES);
  if (!api.queryServiceStatusEx(service, buffer, Buffer.alloc(4))) throw new Win32CallError("QueryServiceStatusEx", api.lastError(), `the service ${name}`);
  const code = buffer.readUInt32LE(4);
  const state = STATES[code - 1];
  if (state === undefined) throw new Win32CallError("QueryServiceStatusEx", WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name} is in state ${code}, which SERVICE_STATUS_PROCESS does not define`);
  return { state, checkPoint: buffer.readUInt32LE(20), waitHint: buffer.readUInt32LE(24) };
}

/** lpServiceStartName of QUERY_SERVICE_CONFIGW, read the size-then-data way; null when it is NULL or empty. */
function startName(api: ScmApi, service: bigint, name: string): string | null {
  const needed = Buffer.alloc(4);
  let size = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    const config = size === 0 ? null : Buffer.alloc(size);
    if (api.queryServiceConfig(service, config, needed) && config !== null) {
      const account = stringIn(api, config, SERVICE_START_NAME_OFFSET, QUERY_SERVICE_CONFIG_BYTES, "QueryServiceConfigW", name);
      return account === "" ? null : account;
    }
    const error = api.lastError();
    if (error !== WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER) throw new Win32CallError("QueryServiceConfigW", error, `the service ${name}`);
    size = needed.readUInt32LE(0);
    if (size < QUERY_SERVICE_CONFIG_BYTES || size > QUERY_SERVICE_CONFIG_MAX_BYTES) {
      throw new Win32CallError("QueryServiceConfigW", WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name}: it asked for ${size} bytes`);
    }
  }
  throw new Win32CallError("QueryServiceConfigW", WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER, `the service ${name}: the size it asked for kept growing`);
}

/**
 * The NUL-terminated UTF-16 string the pointer at `at` of `buffer` points at, which must lie inside `buffer` after
 * its first `fixed` bytes (the strings the SCM writes after its structures); null for a NULL pointer.
 */
function stringIn(api: ScmApi, buffer: Buffer, at: number, fixed: number, fn: string, name: string): string | null {
  const pointer = buffer.readBigUInt64LE(at);
  if (pointer === 0n) return null;
  const offset = Number(pointer - api.addressOf(buffer));
  if (!Number.isInteger(offset) || offset < fixed || offset >= buffer.length || offset % 2 !== 0) {
    throw new Win32CallError(fn, WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name}: a string points outside the buffer it was given`);
  }
  let end = offset;
  while (end + 1 < buffer.length && buffer.readUInt16LE(end) !== 0) end += 2;
  if (end + 1 >= buffer.length) throw new Win32CallError(fn, WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name}: a string is not terminated`);
  return buffer.toString("utf16le", offset, end);
}

/** The names of the services that depend on `service` and run (EnumDependentServicesW, size then data). */
function activeDependents(api: ScmApi, service: bigint, name: string): string[] {
  const needed = Buffer.alloc(4);
  const returned = Buffer.alloc(4);
  let size = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    const buffer = size === 0 ? null : Buffer.alloc(size);
    if (api.enumDependentServices(service, SERVICE_ACTIVE, buffer, needed, returned)) {
      const count = returned.readUInt32LE(0);
      if (count === 0 || buffer === null) return [];
      if (count * ENUM_SERVICE_STATUS_BYTES > buffer.length) throw new Win32CallError("EnumDependentServicesW", WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name}: ${count} entries do not fit the buffer`);
      return Array.from({ length: count }, (_, i) => stringIn(api, buffer, i * ENUM_SERVICE_STATUS_BYTES, count * ENUM_SERVICE_STATUS_BYTES, "EnumDependentServicesW", name) ?? "");
    }
    const error = api.lastError();
    if (error !== WIN32_ERRORS.ERROR_MORE_DATA) throw new Win32CallError("EnumDependentServicesW", error, `the service ${name}`);
    size = needed.readUInt32LE(0);
    if (size === 0 || size > ENUM_DEPENDENTS_MAX_BYTES) throw new Win32CallError("EnumDependentServicesW", WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name}: it asked for ${size} bytes`);
  }
  throw new Win32CallError("EnumDependentServicesW", WIN32_ERRORS.ERROR_MORE_DATA, `the service ${name}: the size it asked for kept growing`);
}
