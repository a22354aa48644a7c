import type { RecordKey } from "../../core/endpoints.js";
import type { Host } from "../../platform/ports.js";
import type { ApplySession } from "../binding-kind.js";
import type { WinrmListener } from "./model.js";
import { SnapshotWinrm } from "./snapshot-listeners.js";
import { WindowsWinrm } from "./windows-listeners.js";

/** What reading the listeners found: the listeners, WinRM absent, or why they could not be read. */
export type ListenersRead = { listeners: WinrmListener[]; warnings: string[] } | { absent: true } | { unreadable: string };

/** One listener's certificate to set: its selector's Address, the thumbprints, and the HTTP.sys record WinRM moves with it. */
export interface ListenerWrite {
  endpoint: string;
  address: string;
  from: string;
  to: string;
  record: RecordKey | null;
}

/**
 * The kind's port: WinRM's listeners on this host. Windows: WS-Management through Windows PowerShell's cmdlets
 * (windows-listeners.ts); a snapshot host: `winrm/listeners.json` (snapshot-listeners.ts).
 */
export interface WinrmAccess {
  /** Never throws for a listener configuration that cannot be read: that is `unreadable`, with why. */
  read(): Promise<ListenersRead>;
  /**
   * Sets each listener's CertificateThumbprint, registering the undo with `session` before the write; throws
   * RebindWriteError naming the endpoints when it fails. On a snapshot host it then plays WinRM's part and moves the
   * listener's HTTP.sys record (host.httpSys.rebindRecords); on Windows WinRM does (INFERRED, checked by the read back).
   */
  write(writes: readonly ListenerWrite[], session: ApplySession): Promise<void>;
  /** Windows: sets the listeners' CertificateThumbprint as `writes` say, for the journal's restore; the snapshot's file is restored by the journal. */
  restore?(writes: readonly ListenerWrite[]): Promise<void>;
  /** The host file of the listeners (a snapshot host), or null (Windows). */
  readonly filePath: string | null;
}

/** The adapter for this host: its snapshot files, or this Windows machine's PowerShell. */
export function winrmAccess(host: Host): WinrmAccess {
  if (host.snapshot) return new SnapshotWinrm(host, host.snapshot);
  if (host.windows) return new WindowsWinrm(host, host.windows);
  return { read: async () => ({ absent: true }), write: async () => {}, filePath: null };
}
