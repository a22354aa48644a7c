import { WIN32_ERRORS } from "../../../ts-src/platform/windows/httpapi/win32-errors.js";
import {
  QUERY_SERVICE_CONFIG_BYTES,
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
} from "../../../ts-src/platform/windows/scm/scm-api.js";

export interface FakeService {
  account: string | null;
  /** dwCurrentState, 1 (stopped) to 7 (paused). */
  state: number;
  /** Queries a stop or start stays pending for (each advancing dwCheckPoint unless `stuck`). */
  pendingQueries?: number;
  waitHint?: number;
  /** A pending state whose checkpoint never advances and that never ends. */
  stuck?: boolean;
  /** StartServiceW succeeds but the service stops again (it does not come back). */
  diesOnStart?: boolean;
  /** ControlService / StartServiceW fail with this error. */
  failControl?: number;
  failStart?: number;
  /** The services that depend on this one, directly or not, in the reverse of their start order. */
  dependents?: string[];
}

/**
 * The Service Control Manager as documented, in memory: services by name (case-insensitive; one not given is
 * ERROR_SERVICE_DOES_NOT_EXIST), access rights checked per call (ERROR_ACCESS_DENIED when the handle was not opened
 * with them), QueryServiceConfigW answered the size-then-data way (ERROR_INSUFFICIENT_BUFFER with pcbBytesNeeded)
 * with lpServiceStartName pointing into the caller's buffer, stops and starts that stay pending for a few queries.
 * It tracks every open handle, refuses one it did not give or already closed, and counts the time it is made to
 * wait (the clock).
 */
export class FakeScm implements ScmApi {
  readonly calls: string[] = [];
  readonly open = new Map<bigint, { kind: "manager" } | { kind: "service"; name: string; access: number }>();
  readonly clock = { time: 0, slept: [] as number[], now: () => this.clock.time, sleep: async (ms: number) => void (this.clock.slept.push(ms), (this.clock.time += ms)) };
  private readonly services: Map<string, FakeService & { name: string; pending: number; checkPoint: number; target: number | null }>;
  private readonly addresses = new WeakMap<Buffer, bigint>();
  private nextHandle = 0x1000n;
  private nextAddress = 0x7000_0000n;
  private error = 0;

  constructor(services: Record<string, FakeService>) {
    this.services = new Map(Object.entries(services).map(([name, s]) => [name.toLowerCase(), { ...s, name, pending: 0, checkPoint: 0, target: null }]));
  }

  state(name: string): number {
    return this.services.get(name.toLowerCase())!.state;
  }

  openSCManager(access: number): bigint {
    this.calls.push(`OpenSCManagerW 0x${access.toString(16)}`);
    return this.handle({ kind: "manager" });
  }

  openService(manager: bigint, name: string, access: number): bigint {
    this.calls.push(`OpenServiceW ${name} 0x${access.toString(16)}`);
    if (this.open.get(manager)?.kind !== "manager") throw new Error(`OpenServiceW with a handle that is not an open manager: ${manager}`);
    const service = this.services.get(name.toLowerCase());
    if (!service) return this.fail(WIN32_ERRORS.ERROR_SERVICE_DOES_NOT_EXIST, 0n);
    return this.handle({ kind: "service", name: service.name, access });
  }

  queryServiceConfig(handle: bigint, config: Buffer | null, needed: Buffer): boolean {
    const service = this.service(handle, SERVICE_QUERY_CONFIG, "QueryServiceConfigW");
    if (!service) return false;
    const name = service.account === null ? null : Buffer.from(`${service.account}\0`, "utf16le");
    const size = QUERY_SERVICE_CONFIG_BYTES + (name?.length ?? 0);
    needed.writeUInt32LE(size, 0);
    if (config === null || config.length < size) return this.fail(WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER, false);
    config.fill(0, 0, QUERY_SERVICE_CONFIG_BYTES);
    if (name !== null) {
      name.copy(config, QUERY_SERVICE_CONFIG_BYTES);
      config.writeBigUInt64LE(this.addressOf(config) + BigInt(QUERY_SERVICE_CONFIG_BYTES), SERVICE_START_NAME_OFFSET);
    }
    return true;
  }

  queryServiceStatusEx(handle: bigint, status: Buffer, needed: Buffer): boolean {
    const service = this.service(handle, SERVICE_QUERY_STATUS, "QueryServiceStatusEx");
    if (!service) return false;
    needed.writeUInt32LE(SERVICE_STATUS_PROCESS_BYTES, 0);
    if (status.length < SERVICE_STATUS_PROCESS_BYTES) return this.fail(WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER, false);
    if (service.target !== null && !service.stuck) {
      if (service.pending > 0) {
        service.pending--;
        service.checkPoint++;
      } else {
        service.state = service.target === 4 && service.diesOnStart ? 1 : service.target;
        service.target = null;
        service.checkPoint = 0;
      }
    }
    status.fill(0, 0, SERVICE_STATUS_PROCESS_BYTES);
    status.writeUInt32LE(0x10, 0); // SERVICE_WIN32_OWN_PROCESS
    status.writeUInt32LE(service.state, 4);
    status.writeUInt32LE(service.target === null ? 0 : service.checkPoint, 20);
    status.writeUInt32LE(service.target === null ? 0 : (service.waitHint ?? 2000), 24);
    return true;
  }

  controlService(handle: bigint, control: number, status: Buffer): boolean {
    this.calls.push(`ControlService ${control}`);
    const service = this.service(handle, SERVICE_STOP, "ControlService");
    if (!service) return false;
    if (control !== SERVICE_CONTROL_STOP || status.length < SERVICE_STATUS_BYTES) throw new Error("ControlService: only SERVICE_CONTROL_STOP with a SERVICE_STATUS");
    if (service.failControl !== undefined) return this.fail(service.failControl, false);
    if (service.state === 1) return this.fail(WIN32_ERRORS.ERROR_SERVICE_NOT_ACTIVE, false);
    if (this.running(service.dependents ?? []).length > 0) return this.fail(WIN32_ERRORS.ERROR_DEPENDENT_SERVICES_RUNNING, false);
    this.pend(service, 3, 1);
    return true;
  }

  enumDependentServices(handle: bigint, state: number, services: Buffer | null, needed: Buffer, returned: Buffer): boolean {
    this.calls.push("EnumDependentServicesW");
    const service = this.service(handle, SERVICE_ENUMERATE_DEPENDENTS, "EnumDependentServicesW");
    if (!service) return false;
    if (state !== SERVICE_ACTIVE) throw new Error("EnumDependentServicesW: only SERVICE_ACTIVE");
    const names = this.running(service.dependents ?? []).map((name) => Buffer.from(`${name}\0`, "utf16le"));
    const size = ENUM_SERVICE_STATUS_BYTES * names.length + names.reduce((total, name) => total + name.length, 0);
    needed.writeUInt32LE(size, 0);
    returned.writeUInt32LE(0, 0);
    if (size > 0 && (services === null || services.length < size)) return this.fail(WIN32_ERRORS.ERROR_MORE_DATA, false);
    let at = ENUM_SERVICE_STATUS_BYTES * names.length;
    names.forEach((name, i) => {
      name.copy(services!, at);
      services!.writeBigUInt64LE(this.addressOf(services!) + BigInt(at), i * ENUM_SERVICE_STATUS_BYTES);
      at += name.length;
    });
    returned.writeUInt32LE(names.length, 0);
    return true;
  }

  startService(handle: bigint): boolean {
    this.calls.push("StartServiceW");
    const service = this.service(handle, SERVICE_START, "StartServiceW");
    if (!service) return false;
    if (service.failStart !== undefined) return this.fail(service.failStart, false);
    if (service.state !== 1) return this.fail(WIN32_ERRORS.ERROR_SERVICE_ALREADY_RUNNING, false);
    this.pend(service, 2, 4);
    return true;
  }

  closeServiceHandle(handle: bigint): boolean {
    this.calls.push(`CloseServiceHandle ${this.open.get(handle)?.kind ?? "?"}`);
    if (!this.open.delete(handle)) throw new Error(`CloseServiceHandle of a handle that is not open: ${handle}`);
    return true;
  }

  addressOf(buffer: Buffer): bigint {
    let address = this.addresses.get(buffer);
    if (address === undefined) {
      address = this.nextAddress;
      this.nextAddress += BigInt(buffer.length + 0x1000);
      this.addresses.set(buffer, address);
    }
    return address;
  }

  lastError(): number {
    return this.error;
  }

  /** The services of `names` that are not stopped, as their key names. */
  private running(names: readonly string[]): string[] {
    return names.filter((name) => this.services.get(name.toLowerCase())!.state !== 1).map((name) => this.services.get(name.toLowerCase())!.name);
  }

  private pend(service: FakeService & { pending: number; checkPoint: number; target: number | null }, pendingState: number, target: number): void {
    service.state = pendingState;
    service.target = target;
    service.pending = service.pendingQueries ?? 2;
    service.checkPoint = 1;
  }

  private service(handle: bigint, right: number, fn: string) {
    const open = this.open.get(handle);
    if (open?.kind !== "service") throw new Error(`${fn} with a handle that is not an open service: ${handle}`);
    if ((open.access & right) === 0) return this.fail(WIN32_ERRORS.ERROR_ACCESS_DENIED, null);
    return this.services.get(open.name.toLowerCase())!;
  }

  private handle(value: { kind: "manager" } | { kind: "service"; name: string; access: number }): bigint {
    const handle = this.nextHandle;
    this.nextHandle += 8n;
    this.open.set(handle, value);
    return handle;
  }

  private fail<T>(error: number, result: T): T {
    this.error = error;
    return result;
  }
}
