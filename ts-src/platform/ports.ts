import type { HttpSysRecord, IisConfiguration, StoredCertificate } from "../core/model.js";
import type { TextReplacement } from "./files/host-text.js";
import type { ConfigPositions } from "./formats/application-host.js";
import type { SnapshotAccess, WindowsAccess } from "./kind-access.js";
import type { KeyAccess, ServiceControl } from "./service-ports.js";

/** The machine as the core sees it. Two implementations: windows/ (real tools) and snapshot/ (a directory). */
export interface Host {
  readonly description: string;
  readonly httpSys: HttpSys;
  readonly iisConfig: IisConfig;
  readonly certStore: CertStore;
  readonly state: HostState;
  readonly eventLog: EventLog;
  readonly taskScheduler: TaskScheduler;
  /** The services that read a binding's certificate when they start (service-ports.ts). */
  readonly services: ServiceControl;
  /** Who may read a certificate's private key (service-ports.ts). */
  readonly keys: KeyAccess;
  /** This Windows machine's tools and libraries, for binding kinds' Windows adapters; absent on a snapshot host. */
  readonly windows?: WindowsAccess;
  /** The snapshot host's files, for binding kinds' snapshot adapters; absent on Windows. */
  readonly snapshot?: SnapshotAccess;
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
  /** Every SSL record: ipport, hostnameport, ccs and scopedccs. */
  readRecords(): Promise<HttpSysRecord[]>;
  /**
   * Points each record at its new certificate, keeping every other setting, and reads the records back.
   * Throws a RebindWriteError naming the records that are not as intended; the caller rolls back.
   */
  rebindRecords(rebinds: readonly RecordRebind[]): Promise<void>;
  /** Puts records back exactly as they were read (used to roll back). */
  restoreRecords(records: readonly HttpSysRecord[]): Promise<void>;
  /**
   * The host files that hold the records, which a rebind or restore writes (a snapshot host's records.json or
   * sslcert.txt): a run backs them up and journals them byte for byte. None where HTTP.sys keeps the records itself
   * (Windows): a run then backs up the records as read.
   */
  readonly recordFiles: readonly string[];
}

export interface IisConfig {
  /** The parsed applicationHost.config (following redirection.config), or null when IIS is not installed. */
  read(): Promise<IisConfiguration | null>;
  /** Why IIS's sites cannot be known though IIS is there (read returned null), or null. */
  whyUnknown?(): string | null;
  /** The raw text of the file `read` parsed (line endings as in the file; a UTF-8 byte order mark left out: HostText). */
  readText(): Promise<{ path: string; text: string } | null>;
  /**
   * Changes the file by `plan` (positions in its text), byte for byte: only the bytes of the replaced values change,
   * in the file's own encoding. Atomic (temporary file + rename), and never over another program's change
   * (re-planned on it). `plan` is given what `read` found in `text` when it parsed that same text, so that it need not
   * walk the text again; null when the text planned on is not the one read (changed since, or never parsed). `undoPlan`
   * plans the undo when the file changed after the edit. An edit that fails after its new bytes reached the file
   * rejects with an error that is also a WrittenBeforeFailure.
   */
  edit(
    plan: (text: string, path: string, positions: ConfigPositions | null) => TextReplacement[],
    undoPlan: (before: string, text: string, path: string) => TextReplacement[],
  ): Promise<ConfigEdit>;
}

/** An edit made: `undo` puts the bytes back (or, when another program wrote since, the edited values). */
export interface ConfigEdit {
  path: string;
  undo(): Promise<void>;
}

/** An edit's error when the new bytes reached the file before the failure: `undo` puts them back as for an edit. */
export interface WrittenBeforeFailure {
  undo(): Promise<void>;
}

export interface CertStore {
  /**
   * Every certificate of the LocalMachine stores the tool looks at (My and WebHosting) and of `storeNames` (the
   * stores the bindings name), archived ones included. A store that does not exist has none.
   */
  list(storeNames?: readonly string[]): Promise<StoredCertificate[]>;
}

export type LifecycleChannel = "System" | "User";

/** What the Windows adapter pushes into wevtutil's XPath query; the core filters again whatever it gets. */
export interface EventQuery {
  ids: readonly number[] | null;
  after: Date | null;
  before: Date | null;
}

/** The certificate lifecycle logs (docs/cli-contract.md, `events`). */
export interface EventLog {
  /**
   * The text of the channel's events as wevtutil prints them with /f:xml (with or without a root element), in
   * chunks as they arrive, so that no one holds the whole log; null when this host has no such log.
   * Windows: CR4005 when the channel is missing or disabled.
   */
  readEvents(channel: LifecycleChannel, query: EventQuery): Promise<AsyncIterable<string> | null>;
  /** Whether the channel exists and is enabled. */
  channelState(channel: LifecycleChannel): Promise<{ exists: boolean; enabled: boolean }>;
  /** What messages call the channel's log: its file on a snapshot host, the channel's name on Windows. */
  describe?(channel: LifecycleChannel): string;
}

/** A registered scheduled task, as Task Scheduler reports it. */
export interface RegisteredTask {
  /** `\CertRebind\AutoRebind` */
  path: string;
  xml: string;
  enabled: boolean;
  lastRunTime: string | null;
  lastResult: number | null;
}

/** Task Scheduler (https://learn.microsoft.com/windows/win32/taskschd/task-scheduler-schema). */
export interface TaskScheduler {
  get(path: string): Promise<RegisteredTask | null>;
  /** Creates or replaces the task from its XML (written UTF-16 LE with BOM, as schtasks /Create /XML needs). */
  register(path: string, xml: string): Promise<void>;
  remove(path: string): Promise<void>;
  setEnabled(path: string, enabled: boolean): Promise<void>;
  /** Where the exe the task runs is installed. */
  readonly programFolder: ProgramFolder;
}

/**
 * The folder the scheduled task's exe is copied to, one that only administrators can change: the task runs it as
 * SYSTEM. Windows: %ProgramFiles%\CertRebind; a snapshot host: programfiles/CertRebind/ (docs/snapshot-host.md).
 */
export interface ProgramFolder {
  /** The exe as the task names it (its Command): an absolute Windows path. */
  readonly taskCommand: string;
  /** Where that exe is on this machine (the same path on Windows; a file inside a snapshot host). */
  readonly exeFile: string;
  /** Creates the folder when it is missing, with the rights it inherits; true when it did. */
  prepare(): Promise<boolean>;
  /**
   * Why someone who is not an administrator could change the exe (through the folder, the exe itself or the
   * folder it is in); null when only administrators can. Windows: CR4011 when this process is not elevated.
   */
  checkAdminOnly(): Promise<string | null>;
  /** SHA-256 (hex) of the installed exe, or null when there is none. */
  installedSha256(): Promise<string | null>;
  /** SHA-256 (hex) of the exe at `source` (this machine's file `install` would copy). */
  sourceSha256(source: string): Promise<string>;
  /** Copies the exe at `source` there, atomically. */
  install(source: string): Promise<void>;
}

/** Where a run keeps its lock, backups and audit log (`state/` of a snapshot host, %ProgramData% on Windows). */
export interface HostState {
  /**
   * Waits up to `timeoutMs` for the host-wide lock (`runId`: the run that takes it, named in the lock); throws
   * CR4003 when another run keeps it.
   */
  acquireLock(timeoutMs: number, runId?: string | null): Promise<{ release(): Promise<void> }>;
  /** Writes a backup file of this run; returns its path. */
  writeBackup(runId: string, name: string, content: string | Buffer): Promise<string>;
  /**
   * Copies a host file into the run's backup folder as `name` (as writeBackup does); returns the backup's path and the
   * SHA-256 (hex) of the bytes backed up.
   */
  backUpFile(runId: string, name: string, path: string): Promise<{ backup: string; sha256: string }>;
  /** The SHA-256 (hex) of a host file's bytes as they are now; null when there is no such file. */
  fileSha256(path: string): Promise<string | null>;
  /**
   * Appends one audit record (one JSON line) and returns where; on Windows also an Application event log
   * entry, whose failure is returned as a warning rather than thrown.
   */
  appendAudit(record: AuditRecord): Promise<{ path: string; written?: boolean; warning: string | null }>;
  /** True when the host's files may be changed; the reason otherwise (a read-only file, a link out of the host, …). */
  checkWritable(paths: readonly string[]): Promise<string | null>;
  /** Where the journal of an applying run is kept. */
  readonly journalPath: string;
  /**
   * The journal of an applying run that has not closed it (one killed mid-way, or one running now); null when none.
   * Reading it never writes anything. CR1004 when it is not a journal this version writes; CR4008 (Windows) when
   * people other than administrators could have written it.
   */
  readJournal(): Promise<RunJournal | null>;
  /** Writes the journal durably, replacing the previous version. */
  writeJournal(journal: RunJournal): Promise<void>;
  /** Closes the journal: the run it describes is over. */
  removeJournal(): Promise<void>;
  /**
   * The name a journal gives a host file a run may change: its path relative to the host, `/`-separated
   * (docs/snapshot-host.md, "The journal"). Throws when `path` is not such a file.
   */
  journalName(path: string): Promise<string>;
  /**
   * The host file a journal name stands for, only when it names a file a run may change and leads nowhere else (no
   * `..`, no absolute path, no link out of the host); otherwise CR1004 with the reason, and nothing is read.
   */
  journaledFile(name: string): Promise<string>;
  /**
   * The bytes of a backup a journal names (relative to the state folder), only when it is a file of that run's own
   * backup folder (`backups/<runId>/`) and no link; otherwise CR1004 with the reason.
   */
  readJournaledBackup(name: string, runId: string): Promise<Buffer>;
  /** The name a journal gives a backup `writeBackup` wrote: its path relative to the state folder. */
  backupName(path: string): string;
  /**
   * Has `announce` called before every write of a host file, with the path and the bytes about to be written (the
   * journal records their SHA-256 before they reach the file); a failure of `announce` stops the write. null: no one.
   */
  announceWrites(announce: ((path: string, bytes: Buffer) => Promise<void>) | null): void;
  /** Removes the backups of all but the newest `keep` runs (never `runId`'s); returns the run ids removed. */
  pruneBackups(keep: number, runId: string): Promise<string[]>;
  /** Puts a host file back to its bytes before a run (read from this state folder's backup), atomically. */
  restoreFile(path: string, content: Buffer): Promise<void>;
  /** Removes what a write killed half-way left beside `path`; returns the paths removed. */
  removeLeftovers(path: string): Promise<string[]>;
}

/** A host file in a journal: where it is, its backup, and every version of it the run wrote. */
export interface JournaledFile {
  /** Relative to the host, `/`-separated: `httpsys/sslcert.txt`, `inetsrv/applicationHost.config`, … */
  path: string;
  /** Relative to the state folder: `backups/<runId>/<name>`. */
  backup: string;
  /** SHA-256 of its bytes before the run (those of the backup). */
  sha256: string;
  /** SHA-256 of each version the run wrote, each journaled before the write began. */
  written: string[];
}

/**
 * What an applying run writes before its first change (docs/snapshot-host.md, "The journal"): where the prior
 * state of everything it may change is kept, what it wrote, and which steps are done. A run that finds one left by a
 * dead run puts back the files that still hold what that run wrote, and nothing else.
 */
export interface RunJournal {
  /** 2; 3 when `states` is there (docs/snapshot-host.md, "The journal"). */
  journalVersion: 2 | 3;
  runId: string;
  command: string;
  trigger: string;
  pid: number;
  started: string;
  files: JournaledFile[];
  /**
   * HTTP.sys records that are not a file (Windows): the backup of their settings (relative to the state folder, in
   * the run's backup folder) and the endpoints to restore.
   */
  records: JournaledStateEntry | null;
  /** The state of other binding kinds that is not a host file (registry, CIM), one entry per kind; absent when none. */
  states?: JournaledState[];
  /** In order; the last one, "verified", is done once everything read back as planned. */
  steps: { name: string; done: boolean }[];
}

/** A backup of state that is not a host file, and what the run writes there. */
export interface JournaledStateEntry {
  backup: string;
  endpoints: string[];
  /** The value (a thumbprint) the run moves each endpoint to: recovery puts back only endpoints holding it. */
  written: Record<string, string>;
}

/** A binding kind's JournaledStateEntry, by the kind's name (ts-src/kinds/<name>/). */
export interface JournaledState extends JournaledStateEntry {
  kind: string;
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
