import type { RecordKey } from "../../core/endpoints.js";

/**
 * What the kind reads: WinRM's listeners as `Get-WSManInstance -ResourceURI winrm/config/Listener -Enumerate |
 * Select-Object Address,Transport,Port,Hostname,Enabled,CertificateThumbprint` gives them (every value a string, as
 * WS-Management returns them; property names from
 * https://learn.microsoft.com/windows/win32/winrm/installation-and-configuration-for-windows-remote-management), and
 * the HTTP.sys records WinRM writes for its HTTPS listeners.
 */
export interface WinrmListener {
  /** `*`, `IP:<address>` or `MAC:<address>`: with Transport, the listener's selector. */
  address: string;
  /** `HTTP` or `HTTPS`; only HTTPS listeners hold a certificate. */
  transport: string;
  port: string;
  /** The name the listener's certificate must cover (Set-WSManInstance refuses a certificate whose name differs); "" when none. */
  hostname: string;
  enabled: string;
  /** As read; "" when the listener names no certificate. Checked by the pure code (a value that is not a thumbprint is a warning). */
  certificateThumbprint: string;
}

/** An HTTP.sys record where WinRM writes one of its HTTPS listeners' records, as read. */
export interface WinrmRecord {
  key: RecordKey;
  thumbprint: string | null;
}

export interface WinrmState {
  listeners: WinrmListener[];
  /** The HTTP.sys records at the endpoints of the HTTPS listeners (those that exist). */
  records: WinrmRecord[];
  /** Why the listeners could not be read (PowerShell blocked, the WinRM service stopped, …); null when they were. */
  unreadable: string | null;
  /** What the read noticed (an entry of the output that is not a listener). */
  warnings: string[];
}

/** One listener to move: its selector, its certificate before, and the HTTP.sys record WinRM moves with it. */
export interface WinrmTarget {
  address: string;
  from: string;
  /** The claimed HTTP.sys record when HTTP.sys has one there; null otherwise. */
  record: RecordKey | null;
}
