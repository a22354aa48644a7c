/*
 * ScmApi over advapi32.dll (the Service Control Manager functions) and kernel32.dll (GetLastError), each loaded by
 * its full path in System32. koffi keeps the thread's last error between calls (as file-security.ts relies on), so
 * GetLastError is the called function's.
 */
import type { KoffiNative } from "../native/koffi-native.js";
import { loadSystem32Library } from "../native/system32-library.js";
import type { ScmApi } from "./scm-api.js";

export function openKoffiScmApi(koffi: KoffiNative, systemRoot: string): ScmApi {
  const advapi32 = loadSystem32Library(koffi, systemRoot, "advapi32.dll");
  const kernel32 = loadSystem32Library(koffi, systemRoot, "kernel32.dll");
  const openManager = advapi32.fn("OpenSCManagerW", "uint64", ["void *", "void *", "uint32"]);
  const openService = advapi32.fn("OpenServiceW", "uint64", ["uint64", "void *", "uint32"]);
  const queryConfig = advapi32.fn("QueryServiceConfigW", "int32", ["uint64", "void *", "uint32", "void *"]);
  const queryStatus = advapi32.fn("QueryServiceStatusEx", "int32", ["uint64", "int32", "void *", "uint32", "void *"]);
  const control = advapi32.fn("ControlService", "int32", ["uint64", "uint32", "void *"]);
  const dependents = advapi32.fn("EnumDependentServicesW", "int32", ["uint64", "uint32", "void *", "uint32", "void *", "void *"]);
  const start = advapi32.fn("StartServiceW", "int32", ["uint64", "uint32", "void *"]);
  const close = advapi32.fn("CloseServiceHandle", "int32", ["uint64"]);
  const getLastError = kernel32.fn("GetLastError", "uint32", []);
  const big = (value: unknown) => BigInt(value as bigint | number);
  const wide = (text: string) => Buffer.from(`${text}\0`, "utf16le");
  return {
    openSCManager: (access) => big(openManager(null, null, access)),
    openService: (manager, name, access) => big(openService(manager, wide(name), access)),
    queryServiceConfig: (service, config, needed) => Boolean(queryConfig(service, config, config?.length ?? 0, needed)),
    queryServiceStatusEx: (service, status, needed) => Boolean(queryStatus(service, 0, status, status.length, needed)),
    controlService: (service, code, status) => Boolean(control(service, code, status)),
    enumDependentServices: (service, state, services, needed, returned) => Boolean(dependents(service, state, services, services?.length ?? 0, needed, returned)),
    startService: (service) => Boolean(start(service, 0, null)),
    closeServiceHandle: (handle) => Boolean(close(handle)),
    addressOf: (buffer) => koffi.address(buffer),
    lastError: () => getLastError() as number,
  };
}
