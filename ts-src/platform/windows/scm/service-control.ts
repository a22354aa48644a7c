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
 *   ControlService(SERVICE_CONTROL_STOP) when it is not stopped, then StartServiceW. Dependent services are not
 *   stopped first: ControlService then fails with ERROR_DEPENDENT_SERVICES_RUNNING (CR4006).
 * - Every handle is closed with CloseServiceHandle. A failed call is CR4006 naming the function, the error's name
 *   and number, and the service.
 */
import { WIN32_ERRORS, Win32CallError } from "../httpapi/win32-errors.js";
import type { ServiceControl, ServiceInfo, ServiceState } from "../../service-ports.js";
import {
  QUERY_SERVICE_CONFIG_BYTES,
  QUERY_SERVICE_CONFIG_MAX_BYTES,
  SC_MANAGER_CONNECT,
  SERVICE_CONTROL_STOP,
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

/** dwCurrentState 1..7 → the port's state. */
const STATES: readonly ServiceState[] = ["stopped", "start-pending", "stop-pending", "running", "continue-pending", "pause-pending", "paused"];
const PENDING: ReadonlySet<ServiceState> = new Set(["start-pending", "stop-pending", "continue-pending", "pause-pending"]);

/**
 * A service name as the SCM takes it: at most 256 characters, no slash or backslash (CreateServiceW's
 * lpServiceName, https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-createservicew), no control character.
 */
const SERVICE_NAME = /^[^\\/\u0000-\u001f]{1,256}$/;

interface Status {
  state: ServiceState;
  checkPoint: number;
  waitHint: number;
}

export class WindowsServiceControl implements ServiceControl {
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

  async restart(name: string, timeoutMs: number): Promise<ServiceInfo> {
    const api = (this.api ??= await this.open());
    const deadline = this.clock.now() + timeoutMs;
    const access = SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_STOP | SERVICE_START;
    const restarted = await withService(api, name, access, async (service) => {
      let current = await this.settle(api, service, name, deadline);
      if (current.state !== "stopped" && !PENDING.has(current.state)) {
        if (!api.controlService(service, SERVICE_CONTROL_STOP, Buffer.alloc(SERVICE_STATUS_BYTES))) {
          const error = api.lastError();
          if (error !== WIN32_ERRORS.ERROR_SERVICE_NOT_ACTIVE) throw new Win32CallError("ControlService", error, `SERVICE_CONTROL_STOP of the service ${name}`);
        }
        current = await this.settle(api, service, name, deadline);
      }
      if (current.state === "stopped") {
        if (!api.startService(service)) {
          const error = api.lastError();
          if (error !== WIN32_ERRORS.ERROR_SERVICE_ALREADY_RUNNING) throw new Win32CallError("StartServiceW", error, `the service ${name}`);
        }
        current = await this.settle(api, service, name, deadline);
      }
      return { name, account: startName(api, service, name), state: current.state };
    });
    if (restarted === null) throw new Win32CallError("OpenServiceW", WIN32_ERRORS.ERROR_SERVICE_DOES_NOT_EXIST, `the service ${name}`);
    return restarted;
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
  if (!SERVICE_NAME.test(name)) throw new Win32CallError("OpenServiceW", WIN32_ERRORS.ERROR_INVALID_NAME, `'${name}' is not a service name; nothing was asked of the Service Control Manager`);
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
    if (api.queryServiceConfig(service, config, needed) && config !== null) return startNameIn(api, config, name);
    const error = api.lastError();
    if (error !== WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER) throw new Win32CallError("QueryServiceConfigW", error, `the service ${name}`);
    size = needed.readUInt32LE(0);
    if (size < QUERY_SERVICE_CONFIG_BYTES || size > QUERY_SERVICE_CONFIG_MAX_BYTES) {
      throw new Win32CallError("QueryServiceConfigW", WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name}: it asked for ${size} bytes`);
    }
  }
  throw new Win32CallError("QueryServiceConfigW", WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER, `the service ${name}: the size it asked for kept growing`);
}

/** The NUL-terminated UTF-16 string lpServiceStartName points at, which must lie inside `config`. */
function startNameIn(api: ScmApi, config: Buffer, name: string): string | null {
  const pointer = config.readBigUInt64LE(SERVICE_START_NAME_OFFSET);
  if (pointer === 0n) return null;
  const offset = Number(pointer - api.addressOf(config));
  if (!Number.isInteger(offset) || offset < QUERY_SERVICE_CONFIG_BYTES || offset >= config.length || offset % 2 !== 0) {
    throw new Win32CallError("QueryServiceConfigW", WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name}: lpServiceStartName points outside the buffer it was given`);
  }
  let end = offset;
  while (end + 1 < config.length && config.readUInt16LE(end) !== 0) end += 2;
  if (end + 1 >= config.length) throw new Win32CallError("QueryServiceConfigW", WIN32_ERRORS.ERROR_INVALID_DATA, `the service ${name}: lpServiceStartName is not terminated`);
  const account = config.toString("utf16le", offset, end);
  return account === "" ? null : account;
}
