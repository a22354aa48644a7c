/*
 * RD Gateway (the TSGateway role service, one per server): the certificate it uses is `CertHash` of the CIM class
 * Win32_TSGatewayServerSettings in root/cimv2/TerminalServices
 * (https://learn.microsoft.com/windows/win32/termserv/win32-tsgatewayserversettings), changed with its methods
 * SetCertificate(CertHash uint8[]) then Configure
 * (https://learn.microsoft.com/windows/win32/termserv/setcertificate-win32-tsgatewayserversettings: "Sets the
 * certificate hash for HTTPS binding on port 443 in IIS … you must call the Configure method to complete the
 * configuration process"). VERIFIED (class, property, methods, zero ReturnValue on success).
 */
import type { HttpSysRecord } from "../../core/model.js";
import type { Thumbprint } from "../../core/thumbprint.js";

/** The contract's `kind` of the gateway's binding (docs/cli-contract.md). */
export const GATEWAY_KIND = "rdgateway";
/** One gateway per server: its endpoint in the contract, and the service that reads the certificate. */
export const GATEWAY_ENDPOINT = "TSGateway";
export const GATEWAY_SERVICE = "TSGateway";
export const GATEWAY_OWNER = "RD Gateway";
/** The kind's snapshot form (docs/snapshot-host.md, "RD Gateway"), relative to a snapshot host's root. */
export const SETTINGS_FILE = "rdgateway/settings.json";
/**
 * The store the gateway takes its certificate from. SetCertificate takes a hash only; LocalMachine\My is where
 * Microsoft's RDS certificate cmdlets require it ("must be installed in the localmachine\my store",
 * https://learn.microsoft.com/powershell/module/rdmgmt/set-rdcertificate), and win-acme's RD Gateway script copies
 * the certificate there first ("Cert must exist in the personal store of machine to bind to RD Gateway",
 * https://github.com/simple-acme/simple-acme/blob/0b719dd/dist/Scripts/ImportRDGateway.ps1). VERIFIED from those
 * sources; the gateway's own lookup is not documented.
 */
export const GATEWAY_STORE = "MY";
/**
 * The HTTP.sys endpoints the gateway's HTTPS transport listens on: SetCertificate sets "the HTTPS binding on port
 * 443" (VERIFIED, above); that it is the wildcard ipport record of 0.0.0.0 or [::] is INFERRED (the gateway's default
 * listener; SetIPAndPort can move it, and such a gateway's record is then not claimed and moves as any record).
 */
export const GATEWAY_RECORD_ENDPOINTS: readonly string[] = ["0.0.0.0:443", "[::]:443"];

/** The two properties the kind reads (the snapshot form): CertHash as a thumbprint, IsConfigured as read. */
export interface GatewaySettings {
  /** CertHash as a thumbprint; null when the gateway has none (null or an empty array). */
  thumbprint: Thumbprint | null;
  isConfigured: boolean | null;
}

/** What the kind reads of the host. */
export interface GatewayState {
  /** null when the gateway's settings could not be read (`warnings` say why): nothing is planned then. */
  settings: GatewaySettings | null;
  /** The HTTP.sys records the gateway's service writes itself: on GATEWAY_RECORD_ENDPOINTS with its certificate. */
  records: HttpSysRecord[];
  warnings: string[];
}

/** The one change: the gateway's certificate as read, and its HTTP.sys records as read (which move with it). */
export interface GatewayTarget {
  before: Thumbprint;
  records: HttpSysRecord[];
}
