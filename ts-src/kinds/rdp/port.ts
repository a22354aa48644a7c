import type { Thumbprint } from "../../core/thumbprint.js";
import type { RdpListener, RdpState } from "./model.js";

/** The RDP listeners of one host: Windows (CIM through PowerShell, windows.ts) or a snapshot host's file (snapshot.ts). */
export interface RdpListeners {
  /**
   * The listeners; null when the host has none to read (no Remote Desktop Services WMI provider, no `rdp/` file).
   * Never throws for a read that fails (PowerShell blocked or failing, a malformed file): the state then has no
   * listeners and a warning saying what could not be read and why.
   */
  read(): Promise<RdpState | null>;
  /** Sets the listener's certificate and reads the listener back (null: it is gone). Throws when the write fails. */
  write(terminalName: string, thumbprint: Thumbprint): Promise<RdpListener | null>;
  /** The host file `write` changes (a snapshot host's `rdp/listeners.json`); null on Windows. */
  file(): string | null;
  /**
   * The listeners in their snapshot form for `capture`: what the Windows read prints, or the snapshot's file as it
   * is; null when there are none to capture. Throws the tool's failure (capture turns it into a warning).
   */
  snapshotBytes(): Promise<Buffer | null>;
}
