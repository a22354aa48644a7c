/**
 * What binding kinds other than HTTP.sys and IIS need of the machine: the services that read their certificate
 * when they start, and who may read a certificate's private key. Two implementations each: windows/ and snapshot/.
 */

/** A service as the Service Control Manager knows it (QUERY_SERVICE_CONFIGW, SERVICE_STATUS_PROCESS). */
export interface ServiceInfo {
  /** The service's key name (`MSSQLSERVER`, `MSSQL$SQLEXPRESS`, `TSGateway`, `WinRM`). */
  name: string;
  /** The account it runs as (`lpServiceStartName`, Win32_Service.StartName): `LocalSystem`, `NT Service\MSSQLSERVER`, `CONTOSO\sqlsvc`; null when unknown. */
  account: string | null;
  state: ServiceState;
}

/**
 * SERVICE_STATUS_PROCESS.dwCurrentState (https://learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-service_status_process);
 * `unknown` only where the state was read through CIM, whose Win32_Service.State has that value too
 * (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-service).
 */
export type ServiceState = "stopped" | "start-pending" | "stop-pending" | "running" | "continue-pending" | "pause-pending" | "paused" | "unknown";

/** A service after a restart, with the services depending on it that the restart stopped and started again. */
export interface RestartedService extends ServiceInfo {
  dependents?: ServiceInfo[];
}

/** The Service Control Manager. */
export interface ServiceControl {
  /** The service, or null when there is none of that name. */
  query(name: string): Promise<ServiceInfo | null>;
  /**
   * Stops the service when it runs, starts it, and waits up to `timeoutMs` for it to run; resolves with its state
   * then (`running`, or what it came to). Services that depend on it and ran are stopped first and started again
   * after it (`dependents`, each with the state it came to). Throws (CR4006, naming the function and the error)
   * when a call fails.
   */
  restart(name: string, timeoutMs: number): Promise<RestartedService>;
  /**
   * The host files `restart` writes (a snapshot host's `services/services.json`; none on Windows): a run that
   * restarts services checks that they may be changed and journals them first.
   */
  readonly restartWrites: readonly string[];
}

/** A certificate of a LocalMachine store, by its thumbprint (upper-case 40 hex). */
export interface KeyRef {
  store: string;
  thumbprint: string;
}

/** A read access given to an account on a private key, and the key's access list before it (to put back). */
export interface KeyGrant {
  key: KeyRef;
  account: string;
  /** The key's security descriptor before the grant, as SDDL (snapshot: the readers list before, as JSON). */
  before: string;
}

/**
 * A grant that failed after it may have written: a snapshot host's sidecar replaced, then the flush of its folder
 * failed. `grant` undoes whatever it wrote (revoking it when nothing was written changes nothing); `cause` is the
 * failure.
 */
export class UnfinishedKeyGrantError extends Error {
  constructor(
    readonly grant: KeyGrant,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "UnfinishedKeyGrantError";
  }
}

/**
 * Who may read the private key of a machine certificate (Windows: the key's security descriptor,
 * NCRYPT_SECURITY_DESCR_PROPERTY; https://learn.microsoft.com/windows/win32/seccng/key-storage-property-identifiers).
 */
export interface KeyAccess {
  /** Whether `account` may read the key; null when it cannot be told (no private key, a key that does not open). */
  canRead(key: KeyRef, account: string): Promise<boolean | null>;
  /**
   * Gives `account` read access to the key; resolves with what undoing it needs. When it fails after it may have
   * written, it rejects with an UnfinishedKeyGrantError that carries what undoing it needs.
   */
  grantRead(key: KeyRef, account: string): Promise<KeyGrant>;
  /**
   * What undoing `grantRead(key, account)` would need if it were made now, changing nothing: the key's security
   * descriptor as it is (the same reads as `grantRead`, no write). A run that will grant records it in its journal
   * before its first change, so that recovery after a kill takes the grant back with `revoke`. Absent where the
   * grant writes a host file (`hostFile`: a snapshot host), which is journaled byte for byte instead.
   */
  grantFor?(key: KeyRef, account: string): Promise<KeyGrant>;
  /**
   * Puts the key's access list back as it was before `grant`. When someone else changed it since, only the access
   * `grant` gave is taken away and their change is kept.
   */
  revoke(grant: KeyGrant): Promise<void>;
  /**
   * The host file `grantRead` and `revoke` write for this key, where there is one (a snapshot host's certificate
   * sidecar `certs/<Store>/<name>.json`): a run that grants journals it first. Absent on Windows, where the
   * key's security descriptor is not a host file and `KeyGrant.before` is what undoes a grant (`grantFor`).
   */
  hostFile?(key: KeyRef): Promise<string>;
  /**
   * The accounts that may read the key besides SYSTEM and Administrators, by name (what a capture writes as the
   * sidecar's `keyReaders`); null when it cannot be told (no private key, a key that does not open).
   */
  readers?(key: KeyRef): Promise<string[] | null>;
}
