/*
 * The Service Control Manager functions of advapi32 the services are queried and restarted with, as Win32 declares
 * them: handles are 64-bit integers (0n: failed, see lastError), out-parameters are Buffers the function writes.
 * koffi-scm-api.ts binds them to the DLL; tests give a fake with the same documented behaviour.
 */

/** https://learn.microsoft.com/windows/win32/services/service-security-and-access-rights */
export const SC_MANAGER_CONNECT = 0x0001;
export const SERVICE_QUERY_CONFIG = 0x0001;
export const SERVICE_QUERY_STATUS = 0x0004;
export const SERVICE_START = 0x0010;
export const SERVICE_STOP = 0x0020;
export const SERVICE_ENUMERATE_DEPENDENTS = 0x0008;
/** EnumDependentServicesW's dwServiceState: the dependents that run (or are pending). */
export const SERVICE_ACTIVE = 0x0000_0001;
/**
 * ENUM_SERVICE_STATUSW on x64 (https://learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-enum_service_statusw):
 * lpServiceName at 0, lpDisplayName at 8, SERVICE_STATUS (28 bytes) at 16; 48 bytes with its padding.
 */
export const ENUM_SERVICE_STATUS_BYTES = 48;
/** "The maximum size of this array is 64K bytes" (EnumDependentServicesW, cbBufSize). */
export const ENUM_DEPENDENTS_MAX_BYTES = 64 * 1024;

/** QueryServiceStatusEx's InfoLevel: SERVICE_STATUS_PROCESS. */
export const SC_STATUS_PROCESS_INFO = 0;
/** https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-controlservice */
export const SERVICE_CONTROL_STOP = 0x0000_0001;

/** SERVICE_STATUS_PROCESS: nine DWORDs. */
export const SERVICE_STATUS_PROCESS_BYTES = 36;
/** SERVICE_STATUS (ControlService's lpServiceStatus): seven DWORDs. */
export const SERVICE_STATUS_BYTES = 28;
/**
 * QUERY_SERVICE_CONFIGW on x64 (https://learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-query_service_configw):
 * three DWORDs, lpBinaryPathName at 16, lpLoadOrderGroup at 24, dwTagId at 32, lpDependencies at 40,
 * lpServiceStartName at 48, lpDisplayName at 56; 64 bytes, the strings after them in the same buffer.
 */
export const QUERY_SERVICE_CONFIG_BYTES = 64;
export const SERVICE_START_NAME_OFFSET = 48;
/** "The maximum size of this array is 8K bytes" (QueryServiceConfigW, cbBufSize). */
export const QUERY_SERVICE_CONFIG_MAX_BYTES = 8 * 1024;

export interface ScmApi {
  /**
   * OpenSCManagerW (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-openscmanagerw), this machine's
   * SERVICES_ACTIVE_DATABASE (both names NULL): the handle, or 0n.
   */
  openSCManager(access: number): bigint;
  /** OpenServiceW (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-openservicew): the handle, or 0n. */
  openService(manager: bigint, name: string, access: number): bigint;
  /**
   * QueryServiceConfigW (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-queryserviceconfigw): `config`
   * null (size 0) asks for the size, written to `needed` (a DWORD) with ERROR_INSUFFICIENT_BUFFER.
   */
  queryServiceConfig(service: bigint, config: Buffer | null, needed: Buffer): boolean;
  /**
   * QueryServiceStatusEx (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-queryservicestatusex) with
   * SC_STATUS_PROCESS_INFO into a SERVICE_STATUS_PROCESS buffer.
   */
  queryServiceStatusEx(service: bigint, status: Buffer, needed: Buffer): boolean;
  /** ControlService (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-controlservice): `status` a SERVICE_STATUS. */
  controlService(service: bigint, control: number, status: Buffer): boolean;
  /**
   * EnumDependentServicesW (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-enumdependentservicesw):
   * `services` null (size 0) asks for the size, written to `needed` (ERROR_MORE_DATA); `returned` gets the count.
   * The entries' name pointers point into `services`.
   */
  enumDependentServices(service: bigint, state: number, services: Buffer | null, needed: Buffer, returned: Buffer): boolean;
  /** StartServiceW (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-startservicew), no arguments. */
  startService(service: bigint): boolean;
  /** CloseServiceHandle (https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-closeservicehandle). */
  closeServiceHandle(handle: bigint): boolean;
  /** Where `buffer`'s bytes are in this process (the strings QueryServiceConfigW points at are inside it). */
  addressOf(buffer: Buffer): bigint;
  /** GetLastError of the last call above. */
  lastError(): number;
}
