import { join } from "node:path";
import { malformedHostFile } from "../../core/errors.js";
import { editJsonHostFile, readJsonHostFile, type JsonHostFile } from "../files/json-host-file.js";
import type { HostWriter } from "../files/host-writer.js";
import { memberOf, setMember, type JsonObjectNode } from "../formats/json-member-edit.js";
import { WIN32_ERRORS, Win32CallError } from "../windows/httpapi/win32-errors.js";
import { checkServiceName } from "../windows/scm/service-control.js";
import type { ServiceControl, ServiceInfo, ServiceState } from "../service-ports.js";

/**
 * Win32_Service.State as CIM prints it (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-service) →
 * the port's state.
 */
const CIM_STATES: Readonly<Record<string, ServiceState>> = {
  Stopped: "stopped",
  "Start Pending": "start-pending",
  "Stop Pending": "stop-pending",
  Running: "running",
  "Continue Pending": "continue-pending",
  "Pause Pending": "pause-pending",
  Paused: "paused",
  Unknown: "unknown",
};

interface ServiceEntry extends ServiceInfo {
  failsToStart: boolean;
  node: JsonObjectNode;
}

/**
 * The services of a snapshot host (docs/snapshot-host.md, "Services"): `services/services.json`, the
 * Win32_Service objects `{ "Name", "StartName", "State" }` as
 * `Get-CimInstance Win32_Service | Select-Object Name,StartName,State | ConvertTo-Json` prints them (an array, or
 * one object). A restart sets State to "Running", or to "Stopped" for a service marked `"FailsToStart": true`
 * (snapshot-only: a service that does not come back). Service names are compared case-insensitively, as the Service
 * Control Manager compares them (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-openservicew).
 */
export class SnapshotServiceControl implements ServiceControl {
  readonly filePath: string;

  constructor(
    root: string,
    private readonly writer: HostWriter,
  ) {
    this.filePath = join(root, "services", "services.json");
  }

  get restartWrites(): readonly string[] {
    return [this.filePath];
  }

  async query(name: string): Promise<ServiceInfo | null> {
    checkServiceName(name);
    const file = await readJsonHostFile(this.filePath);
    const entry = file === null ? undefined : findService(file, name);
    return entry ? info(entry) : null;
  }

  async restart(name: string, _timeoutMs: number): Promise<ServiceInfo> {
    checkServiceName(name);
    let restarted: ServiceEntry | undefined;
    const edited = await editJsonHostFile(this.writer, this.filePath, (file) => {
      restarted = findService(file, name);
      if (restarted === undefined) return null;
      const state = restarted.failsToStart ? "Stopped" : "Running";
      if (cimState(restarted) === state) return null;
      return [setMember(file.text, restarted.node, "State", JSON.stringify(state))];
    });
    // As OpenServiceW answers for a service that is not there.
    if (edited === null || restarted === undefined) throw new Win32CallError("OpenServiceW", WIN32_ERRORS.ERROR_SERVICE_DOES_NOT_EXIST, `${name}, in ${this.filePath}`);
    return { ...info(restarted), state: restarted.failsToStart ? "stopped" : "running" };
  }
}

function info(entry: ServiceEntry): ServiceInfo {
  return { name: entry.name, account: entry.account, state: entry.state };
}

function cimState(entry: ServiceEntry): string {
  return Object.entries(CIM_STATES).find(([, state]) => state === entry.state)![0];
}

/** Win32_Service as a capture writes it: Name, StartName, State (CIM's words), nothing snapshot-only. */
export interface Win32Service {
  Name: string;
  StartName: string | null;
  State: string;
}

/** The file's services as Win32_Service objects (CR2003 when it is malformed). */
export function win32Services(file: JsonHostFile): Win32Service[] {
  return services(file).map((entry) => ({ Name: entry.name, StartName: entry.account, State: cimState(entry) }));
}

function findService(file: JsonHostFile, name: string): ServiceEntry | undefined {
  const wanted = name.toLowerCase();
  return services(file).find((s) => s.name.toLowerCase() === wanted);
}

/** Every service of the file; CR2003 naming the entry when one is not a Win32_Service as expected. */
function services(file: JsonHostFile): ServiceEntry[] {
  const { root, path } = file;
  const nodes = root.type === "array" ? root.items : [root];
  return nodes.map((node, index) => {
    const where = root.type === "array" ? `entry ${index + 1}` : "its object";
    const bad = (detail: string) => malformedHostFile(path, null, `${where}: ${detail} (expected { "Name": "WinRM", "StartName": "NT AUTHORITY\\\\NetworkService", "State": "Running" })`);
    if (node.type !== "object") throw bad("not an object");
    const field = (key: string): unknown => {
      const value = memberOf(node, key)?.value;
      if (value === undefined) return undefined;
      return value.type === "null" ? null : value.type === "object" || value.type === "array" ? value : value.value;
    };
    const name = field("Name");
    const account = field("StartName") ?? null;
    const state = field("State");
    const failsToStart = field("FailsToStart") ?? false;
    if (typeof name !== "string" || name === "") throw bad("\"Name\" must be the service's name");
    if (account !== null && typeof account !== "string") throw bad("\"StartName\" must be a string or null");
    if (typeof state !== "string" || !(state in CIM_STATES)) throw bad(`"State" must be one of ${Object.keys(CIM_STATES).join(", ")}`);
    if (typeof failsToStart !== "boolean") throw bad("\"FailsToStart\" must be true or false");
    return { name, account, state: CIM_STATES[state]!, failsToStart, node };
  });
}
