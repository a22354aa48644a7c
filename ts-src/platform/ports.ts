import type { HttpSysRecord, IisConfiguration, StoredCertificate } from "../core/model.js";

/** The machine as the core sees it. Two implementations: windows/ (real tools) and snapshot/ (a directory). */
export interface Host {
  readonly description: string;
  readonly httpSys: HttpSys;
  readonly iisConfig: IisConfig;
  readonly certStore: CertStore;
  readonly state: HostState;
  /** What the adapters noticed while reading (a key that does not match its certificate, …). */
  warnings(): string[];
}

/** One HTTP.sys record to be moved to another certificate; every other setting of `record` is kept. */
export interface RecordRebind {
  record: HttpSysRecord;
  thumbprint: string;
  storeName: string | null;
}

export interface HttpSys {
  /** Every SSL record: ipport, hostnameport and ccs. */
  readRecords(): Promise<HttpSysRecord[]>;
  /**
   * Points each record at its new certificate, keeping every other setting. Applies all or throws a
   * RebindWriteError naming the records it could not change; the caller reads back and rolls back.
   */
  rebindRecords(rebinds: readonly RecordRebind[]): Promise<void>;
  /** Puts records back exactly as they were read (used to roll back). */
  restoreRecords(records: readonly HttpSysRecord[]): Promise<void>;
  /** Why this record cannot be rewritten with every setting kept here, or null (Windows: netsh restatement). */
  checkRestatable?(record: HttpSysRecord, newStoreName: string | null): string | null;
  /** The file that holds the records, where there is one (a snapshot host). */
  readonly filePath?: string;
}

export interface IisConfig {
  /** The parsed applicationHost.config (following redirection.config), or null when IIS is not installed. */
  read(): Promise<IisConfiguration | null>;
  /** The raw text of the file `read` parsed (BOM and line endings as in the file). */
  readText(): Promise<{ path: string; text: string } | null>;
  /** Replaces the file atomically (temporary file + rename). */
  writeText(text: string): Promise<void>;
}

export interface CertStore {
  /** Every certificate of the LocalMachine stores the tool looks at, archived ones included. */
  list(): Promise<StoredCertificate[]>;
}

/** Where a run keeps its lock, backups and audit log (`state/` of a snapshot host, %ProgramData% on Windows). */
export interface HostState {
  /** Waits up to `timeoutMs` for the host-wide lock; throws CR4003 when another run keeps it. */
  acquireLock(timeoutMs: number): Promise<{ release(): Promise<void> }>;
  /** Writes a backup file of this run; returns its path. */
  writeBackup(runId: string, name: string, content: string | Buffer): Promise<string>;
  /**
   * Appends one audit record (one JSON line) and returns where; on Windows also an Application event log
   * entry, whose failure is returned as a warning rather than thrown.
   */
  appendAudit(record: AuditRecord): Promise<{ path: string; warning: string | null }>;
  /** True when the host's files may be changed; the reason otherwise (a read-only file, …). */
  checkWritable(paths: readonly string[]): Promise<string | null>;
}

export interface AuditRecord {
  time: string;
  runId: string;
  command: string;
  trigger: string;
  user: string;
  computer: string;
  exitCode: number;
  [key: string]: unknown;
}

/** A write that did not (fully) happen; `failed` names what could not be changed. */
export class RebindWriteError extends Error {
  constructor(
    message: string,
    readonly failed: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RebindWriteError";
  }
}
