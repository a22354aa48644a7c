/*
 * A binding kind: one way Windows binds a service to a certificate (HTTP.sys records, IIS FTP sites, SQL Server, the
 * RDP listener, RD Gateway, WinRM's HTTPS listeners). Each lives in one folder, ts-src/kinds/<name>/, whose index.ts
 * exports one BindingKind object, registered by one line in ts-src/kinds/registry.ts. The use cases (rebind, the
 * successor scan, `bindings`, DSC, capture, journal recovery) loop over the registered kinds and never test a kind.
 *
 * The flow of a rebind, and which member each step calls:
 *   read (every kind, side by side) → storesNamed → certificates read → plan (pure, per old/new pair)
 *   → assess (dry runs too: what the host must tell, e.g. key access) → [real run: lock, journal]
 *   → journal.files / journal.backup (before the first change) → apply (own writes + read back; registers undos)
 *   → shared-file writes (one write per shared file, all kinds' edits together) → readBack → restart services
 *   (--restart-services) → "verified". Any failure: every registered undo runs, newest first, over every kind.
 *
 * Pure parts (planning, validation, the model) import only ts-src/core/ and their own folder's pure files; the
 * adapters (Windows, snapshot) reach the machine only through the KindContext's Host: its ports (`host.services`,
 * `host.keys`, …) and what is the kind's own, `host.windows` or `host.snapshot` (platform/kind-access.ts).
 */
import type { MissingRecord } from "../core/inventory.js";
import type { ChangeView, InformationalTarget, PlanRequest } from "../core/rebind/plan.js";
import type { Thumbprint } from "../core/thumbprint.js";
import type { TextReplacement } from "../platform/files/host-text.js";
import type { ConfigPositions } from "../platform/formats/application-host.js";
import type { Host } from "../platform/ports.js";
import type { CapturePart } from "../providers/capture/capture-part.js";

/**
 * What a kind's code is given. One context per reading of the host (the reads of a dry run, the reads under the
 * lock, the read back after the writes): `once` shares a read between kinds of that reading only.
 */
export interface KindContext {
  /** The machine: its ports (and `host.services: ServiceControl`, `host.keys: KeyAccess` of platform/service-ports.ts). */
  readonly host: Host;
  /**
   * `read`, run once per context and shared by `key` between the kinds that need the same thing (IIS's
   * applicationHost.config serves both HTTP.sys records and FTP sites, and is parsed once).
   */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/** How a binding gets its certificate: named by thumbprint, or chosen by the service itself (a template, "any valid"). */
export type Selection = "pinned" | "self-selecting";

/**
 * One binding of the host as the inventory, DSC, the successor scan and "never strand a service" see it. Every
 * binding of every kind counts: a certificate any binding holds is in use (never "unused", never "renewal complete").
 */
export interface KindBinding {
  /** Its `kind` in the contract (docs/cli-contract.md `bindings`): `ipport`, `hostnameport`, `ccs`, `scopedccs`, `ftp`, `sqlserver`, `rdp`, `rdgateway`, `winrm`. */
  kind: string;
  /** As docs/cli-contract.md names it per kind (`0.0.0.0:443`, `*:21:`, `MSSQLSERVER`, `RDP-Tcp`, `TSGateway`, the WinRM listener). */
  endpoint: string;
  /** The certificate it holds now; null when it names none (a ccs record, a self-selecting binding that has none yet). */
  thumbprint: Thumbprint | null;
  /** The store it names; null when it names none (HTTP.sys then uses MY). */
  storeName: string | null;
  /** `self-selecting` bindings are reported and counted, never changed (CR3012, informational). */
  selection: Selection;
  /** The names the certificate must cover (lower-case); [] when none is documented. */
  hostnames: string[];
  /** The IIS sites behind it; [] for kinds without sites. */
  sites: string[];
  /** HTTP.sys's AppId; null for other kinds. */
  appId: string | null;
  /** Who the binding belongs to, for people (`IIS`, `IIS FTP`, `SQL Server`, `WinRM`, …). */
  owner: string;
  /** The service that reads the binding (`MSSQLSERVER`, `TermService`, `TSGateway`, `WinRM`), when it is one service. */
  service?: string;
}

/** What one kind adds to the inventory (`bindings`). */
export interface KindInventory {
  bindings: KindBinding[];
  /** What the kind noticed while reading (a value that is not a thumbprint, …). */
  warnings: string[];
  /** IIS https bindings that no HTTP.sys record serves (docs/cli-contract.md `bindings`, `missingRecords`). */
  missingRecords?: MissingRecord[];
}

/** What every kind's plan is given for one old → new pair (core/rebind/plan.ts): old thumbprint, new copies, now, force. */
export type { PlanRequest };

/** One change a kind plans: the contract's view of it, and what the kind needs to make it (the kind's own type). */
export interface KindChange<Target> {
  /**
   * docs/cli-contract.md `rebind` `changes[]`. `status` is `planned`, `unchanged` or `refused` (with `code`,
   * `reason`, and `remedy` when one applies); the optional `service`, `restartRequired`, `keyAccess` are set by the
   * kinds that need them (docs/binding-kinds.md).
   */
  view: ChangeView;
  target: Target;
}

/** What a kind plans for one pair: its changes, and what it reports and leaves alone (informational, CR3012). */
export interface KindPlan<Target> {
  changes: KindChange<Target>[];
  /** Bindings on the old certificate that are not changed by design: ccs records, self-selecting bindings (code CR3012). */
  informational: InformationalTarget[];
}

/**
 * One write of a host file that several kinds edit (applicationHost.config: the FTP certificates and the IIS 6
 * metabase entries of HTTP.sys records). Each kind contributes its edits; the run writes the file once with all of
 * them, after every kind applied its own writes, and reads it back once. Lives outside any kind's folder
 * (ts-src/kinds/common/).
 */
export interface SharedFile {
  /** For messages and the undo list: `applicationHost.config`. */
  readonly name: string;
  /** Its step in the journal (`config`): done once the one write is made. */
  readonly journalStep: string;
  /** The file this host would write (backed up and journaled before the first change); null when there is none. */
  path(context: KindContext): Promise<string | null>;
  /**
   * Makes every edit in one atomic write, byte-exact; registers its undo with `session` before the new bytes can
   * reach the file (a write that fails after they did is undone too).
   */
  write(context: KindContext, edits: readonly SharedFileEdit[], session: ApplySession): Promise<void>;
}

/** A kind's part of one write of a shared file. */
export interface SharedFileEdit {
  readonly file: SharedFile;
  /** The endpoints of the changes the edit makes (a failed write fails them). */
  endpoints: string[];
  /**
   * The replacements in the file's text (positions in `text`); `positions`: what the read of this same text found
   * (IisConfig.edit), or null.
   */
  replacements(text: string, path: string, positions: ConfigPositions | null): TextReplacement[];
  /** The replacements that undo the edit on `text`, the file as it is now, given `before`, its text before the edit. */
  undo(before: string, text: string, path: string): TextReplacement[];
}

/** What `apply` is given besides the context: where to register undos. */
export interface ApplySession {
  /**
   * Registers how to undo a write, BEFORE the write begins (a write may fail half done). On any failure of the run
   * (any kind, a shared write, a read back, a service that does not come back) every registered undo runs, newest first.
   */
  onUndo(name: string, undo: () => Promise<void>): void;
}

/** State of a kind that is not a host file, as journaled before the first change. */
export interface StateBackup {
  /** The backup file's name in the run's backup folder (`httpsys-records.json`). */
  name: string;
  /** The prior state of the endpoints the run changes, as the kind serialises it (JSON); kept in the run's backup folder. */
  content: string;
  /** For each endpoint the run changes, the value the run writes there (a thumbprint): recovery restores only endpoints holding it. */
  written: Record<string, string>;
}

/** A journaled endpoint of a kind's non-file state, as it is now against the journal. */
export interface StateCheck {
  endpoint: string;
  /** The value before the run (from the backup), the one the run wrote, and the one now (null: gone). */
  prior: string | null;
  written: string;
  current: string | null;
  /** `prior`: as before the run; `written`: what the run wrote (recovery puts it back); `changed`: someone else's (CR1004). */
  state: "prior" | "written" | "changed";
  /** For CR1004's message: what it is (`the HTTP.sys record 0.0.0.0:443`, `the SQL Server instance MSSQLSERVER`). */
  what: string;
}

/**
 * How a kind's changes are journaled (docs/snapshot-host.md, "The journal") so that a run killed at any point is
 * undone by the next command, putting back only what still holds what the run wrote.
 */
export interface KindJournal<Target> {
  /** The name of the kind's step in the journal (`httpsys`), done once `apply` returned. */
  readonly step: string;
  /**
   * The field of a journal of version 2 that holds this kind's state backup (`records`: HTTP.sys's, the only kind
   * with non-file state before kinds had journal entries of their own); absent for every other kind.
   */
  readonly legacyField?: "records";
  /**
   * The host files the planned changes may rewrite (a snapshot host: the kind's own files, e.g. `httpsys/records.json`,
   * `sqlserver/instances.json`): backed up byte for byte, each write's SHA-256 journaled before it begins, restored
   * only when they still hold bytes the run wrote. [] when the kind's state is not a file on this host.
   */
  files(context: KindContext, changes: readonly KindChange<Target>[]): Promise<string[]>;
  /**
   * The prior state of what the changes touch that is NOT a host file (Windows: HTTP.sys's configuration, the
   * registry, CIM instances), backed up before the first change; null when everything the kind writes is a file
   * (`files`).
   */
  backup(context: KindContext, changes: readonly KindChange<Target>[]): Promise<StateBackup | null>;
  /** Reads the journaled endpoints now and compares them with `backup` (its `content`) and `written`. Never writes. */
  check(context: KindContext, backup: string, written: Readonly<Record<string, string>>): Promise<StateCheck[]>;
  /** Puts back the prior state (from `backup`) of `endpoints` only (those whose check said `written`); returns what it put back. */
  restore(context: KindContext, backup: string, endpoints: readonly string[]): Promise<string[]>;
}

/**
 * A binding kind. `State` is what it reads of the host (its model); `Target` what one change needs to be made (the
 * record as read, the site, the instance). Everything a use case needs of a kind is here.
 */
export interface BindingKind<State, Target> {
  /** Its folder's name: `httpsys-record`, `ftp-site`, `sqlserver`, `rdp`, `rdgateway`, `winrm`. */
  readonly name: string;
  /** The `kind` values its bindings and changes carry in the contract (`["ipport", "hostnameport", "ccs", "scopedccs"]`, `["ftp"]`). */
  readonly viewKinds: readonly string[];
  /** Those of `viewKinds` that are only ever reported, never a change (`ccs`, `scopedccs`); a confirmed plan refuses them. */
  readonly reportedOnly?: readonly string[];

  /** Reads its state from the host; null when the service is absent (not installed, no such role). */
  read(context: KindContext): Promise<State | null>;
  /** The LocalMachine certificate stores its bindings name, so that the stores read include them. */
  storesNamed(state: State): string[];
  /** Its bindings, for the inventory, DSC, the successor scan and "never strand a service". Pure. */
  inventory(state: State): KindInventory;

  /**
   * Everything it would change for one pair: every binding on `oldThumbprint` (and those already on the new
   * certificate, `unchanged`), each validated (the new certificate usable: checkUsable; the names it must cover:
   * checkNames unless `force`; the kind's own checks and refusals). Pure: no I/O, no clock but `request.now`.
   */
  plan(state: State, request: PlanRequest): KindPlan<Target>;
  /**
   * The site that tells a change apart from another of the same `kind` and `endpoint` (two FTP sites may share
   * `*:21:`), across pairs and in a confirmed plan (`--plan`); absent or null: kind and endpoint alone identify it.
   */
  siteOf?(view: Pick<ChangeView, "kind" | "endpoint" | "sites">): string | null;
  /**
   * After a confirmed plan (`--plan`) left some changes alone (`leftAlone` says how a reason names such a view, or
   * null for one that moves): refuses the planned changes of this kind that would split what must move together
   * (HTTP.sys records: a site's metabase entry, CR3010). `views` are every kind's.
   */
  keepWhole?(views: readonly ChangeView[], leftAlone: (view: ChangeView) => string | null): void;
  /**
   * What the plan needs to ask the host (dry runs too): e.g. whether the service account can read the new key
   * (`host.keys.canRead`: sets `keyAccess` `has` | `grant`, or refuses the change, CR3013). May refuse changes.
   */
  assess?(context: KindContext, changes: readonly KindChange<Target>[]): Promise<void>;

  /**
   * Makes the planned changes of this kind that are its own writes (not the shared-file edits: a kind that only
   * edits shared files has no `apply`), and reads them
   * back; registers each undo with `session` before the write it undoes. Throws RebindWriteError (platform/ports.ts)
   * naming the endpoints that failed or read back otherwise; the run then undoes every kind.
   */
  apply?(context: KindContext, changes: readonly KindChange<Target>[], session: ApplySession): Promise<void>;
  /** The edits of shared host files the planned changes make (FTP certificates, metabase entries); none when absent. */
  sharedEdits?(changes: readonly KindChange<Target>[]): SharedFileEdit[];
  /**
   * After every write (shared files included): the endpoints of `changes` that do not read back as planned. Reads
   * through `context` (a new reading: shared reads are made once for all kinds).
   */
  readBack?(context: KindContext, changes: readonly KindChange<Target>[]): Promise<string[]>;

  /** How its changes are journaled and recovered; absent when the kind writes only shared files. */
  readonly journal?: KindJournal<Target>;
  /**
   * Its files in a snapshot host, relative to the root (`sqlserver/instances.json`): the only files its snapshot
   * adapter may write (`host.snapshot.file`), and those a run may change there and recovery restore.
   */
  readonly snapshotFiles?: readonly string[];
  /** The bindings of other kinds its service rewrites itself (ClaimedBinding); none when absent. */
  claims?(state: State): ClaimedBinding[];
  /** Its part of `capture` (docs/snapshot-host.md: the kind's snapshot form); absent when it has no files of its own. */
  readonly capture?: CapturePart;
}

/**
 * A binding of another kind that this kind's service rewrites itself when this kind's binding changes: WinRM writes
 * its HTTPS listener's HTTP.sys record, RD Gateway its port 443 record. Planning leaves such a binding to this kind
 * (informational, CR3017) instead of changing it behind the service's back; this kind's `readBack` checks it moved.
 */
export interface ClaimedBinding {
  /** The other binding's `kind` and `endpoint` in the contract (`ipport`, `0.0.0.0:5986`). */
  kind: string;
  endpoint: string;
  /** For people: what writes it (`the WinRM listener *+HTTPS`). */
  by: string;
  /**
   * The claiming kind's binding that moves it (`rdgateway` `TSGateway`): a claimed change refused on its own terms (the
   * names of the IIS sites behind the record, …) or with IIS 6 metabase entries refuses this one, which would move it.
   */
  claimant: { kind: string; endpoint: string };
}

/** A registered kind, whatever its State and Target. */
export type AnyBindingKind = BindingKind<any, any>;
