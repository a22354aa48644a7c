import type { Thumbprint } from "../../core/thumbprint.js";

/**
 * One RDP listener as Win32_TSGeneralSetting gives it (https://learn.microsoft.com/windows/win32/termserv/win32-tsgeneralsetting):
 * its TerminalName (`RDP-Tcp`), the thumbprint of its certificate (`SSLCertificateSHA1Hash`) and how that certificate
 * was chosen (`SSLCertificateSHA1HashType`: 0 not valid, 1 the default self-signed one, 2 chosen by the group
 * policy's certificate template, 3 custom: pinned by an administrator).
 */
export interface RdpListener {
  terminalName: string;
  /** The thumbprint it names; null when it names none or something that is not a thumbprint (`hashText` holds it). */
  thumbprint: Thumbprint | null;
  /** SSLCertificateSHA1Hash as read. */
  hashText: string | null;
  /** SSLCertificateSHA1HashType as read; null when it was not a number. */
  hashType: number | null;
}

/** What the kind reads: the listeners, and what could not be read (a blocked PowerShell, a malformed value). */
export interface RdpState {
  listeners: RdpListener[];
  warnings: string[];
}

/** One listener to move: its name, and the thumbprint it held (what undoing puts back). */
export interface RdpTarget {
  terminalName: string;
  before: Thumbprint;
}

/** SSLCertificateSHA1HashType 3: a certificate an administrator named (the only listeners this kind changes). */
export const HASH_TYPE_CUSTOM = 3;
/** The account the listener's service runs as, which must read the key (KB 3042780, step 3). */
export const NETWORK_SERVICE = "NT AUTHORITY\\NETWORK SERVICE";
/** The only store a listener's certificate may be in (KB 3042780: "Invalid Parameter" otherwise). */
export const RDP_STORE = "My";
/** Names a script may carry: letters, digits, `-`, `_` and `.`, at most 64 (Win32_TSGeneralSetting's listeners are `RDP-Tcp` and its copies). */
export const TERMINAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** The contract's `kind` of a listener (docs/cli-contract.md), the service that reads it, and this kind's refusals' code. */
export const RDP_KIND = "rdp";
export const RDP_SERVICE = "TermService";
export const RDP_CODE = "CR3014";
