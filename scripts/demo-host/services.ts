/**
 * WEB01's other TLS services, all on the expiring certificate www-2025 (docs/snapshot-host.md, each kind's snapshot
 * form): a SQL Server default instance, a pinned RDP listener and one whose certificate a group-policy template
 * chooses, an RD Gateway and a WinRM HTTPS listener; and the services that read them.
 */
import { required } from "./story.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The files of the services part, by their path in the snapshot host. */
export function serviceFiles(thumbprints: ReadonlyMap<string, string>): Record<string, string> {
  const www2025 = required(thumbprints, "www-2025");
  return {
    // Win32_Service as `Get-CimInstance Win32_Service | Select-Object Name,StartName,State | ConvertTo-Json` prints it.
    "services/services.json": json([
      { Name: "MSSQLSERVER", StartName: "NT Service\\MSSQLSERVER", State: "Running" },
      { Name: "TermService", StartName: "NT Authority\\NetworkService", State: "Running" },
      { Name: "TSGateway", StartName: "NT AUTHORITY\\NetworkService", State: "Running" },
      { Name: "WinRM", StartName: "NT AUTHORITY\\NetworkService", State: "Running" },
    ]),
    // SuperSocketNetLib\Certificate as SQL Server keeps it: lower-case hex.
    "sqlserver/instances.json": json({ instances: [{ name: "MSSQLSERVER", id: "MSSQL16.MSSQLSERVER", certificate: www2025.toLowerCase() }] }),
    // Win32_TSGeneralSetting: RDP-Tcp pinned (type 3, custom); RDP-Tcp-3390 chosen by a group-policy template (type 2).
    "rdp/listeners.json": json([
      { TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: www2025, SSLCertificateSHA1HashType: 3 },
      { TerminalName: "RDP-Tcp-3390", SSLCertificateSHA1Hash: www2025, SSLCertificateSHA1HashType: 2 },
    ]),
    // Win32_TSGatewayServerSettings: CertHash as the certificate's bytes; TSGateway rewrites the 0.0.0.0:443 record.
    "rdgateway/settings.json": `${JSON.stringify({ CertHash: [...Buffer.from(www2025, "hex")], IsConfigured: true })}\n`,
    // winrm/config/Listener as Get-WSManInstance gives it (strings).
    "winrm/listeners.json": json([
      { Address: "*", Transport: "HTTPS", Port: "5986", Hostname: "www.contoso.com", Enabled: "true", CertificateThumbprint: www2025 },
    ]),
  };
}
