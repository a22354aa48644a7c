import type { HttpSysRecord } from "../../core/model.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import type { KindContext } from "../binding-kind.js";
import type { GatewaySettings } from "./model.js";
import { snapshotGateway } from "./snapshot-gateway.js";
import { windowsGateway } from "./windows-gateway.js";

/** What reading the gateway gave: its settings; none (no gateway); or why it could not be read. */
export type GatewayRead = { settings: GatewaySettings; warnings: string[] } | { absent: true } | { unreadable: string };

/** The kind's port: the gateway's settings, read and written. Windows: CIM through PowerShell; a snapshot host: its file. */
export interface GatewayAccess {
  read(): Promise<GatewayRead>;
  /**
   * Sets the gateway's certificate. Windows: SetCertificate then Configure, after which the service has rewritten
   * its HTTP.sys record itself (`records` are not touched here). A snapshot host plays the service's part: the file,
   * then `records` moved to the certificate. Throws RebindWriteError naming the endpoint.
   */
  setCertificate(thumbprint: Thumbprint, records: readonly HttpSysRecord[]): Promise<void>;
  /** Puts the gateway back on `thumbprint` and its records as they were read (`records`), for an undo or a recovery. */
  restore(thumbprint: Thumbprint, records: readonly HttpSysRecord[]): Promise<void>;
  /** The host files a change rewrites (a snapshot host: the settings file and HTTP.sys's file); [] on Windows. */
  files(): string[];
}

/** The adapter of this host: a Windows machine's tools, or a snapshot host's files; null when it has neither. */
export function gatewayAccess(context: KindContext): GatewayAccess | null {
  const { host } = context;
  if (host.windows) return windowsGateway(host.windows.run, host.services);
  if (host.snapshot) return snapshotGateway(host.snapshot, host.httpSys);
  return null;
}
