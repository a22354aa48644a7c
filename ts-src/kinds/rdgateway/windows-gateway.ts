import type { Thumbprint } from "../../core/thumbprint.js";
import { isThumbprint } from "../../core/thumbprint.js";
import { RebindWriteError } from "../../platform/ports.js";
import type { ServiceControl } from "../../platform/service-ports.js";
import { POWERSHELL_PROLOGUE, powershellArguments } from "../../platform/windows/powershell.js";
import type { ToolRunner } from "../../platform/windows/tool-runner.js";
import type { GatewayAccess, GatewayRead } from "./gateway-access.js";
import { GATEWAY_ENDPOINT, GATEWAY_SERVICE } from "./model.js";
import { parseGatewaySettings } from "./settings.js";

/*
 * The scripts are Constrained-Language-Mode safe: CIM cmdlets, Invoke-CimMethod, Select-Object and ConvertTo-Json,
 * no Add-Type, no .NET method call, no RDS: drive (it exists only where the RemoteDesktopServices module is loaded,
 * certify#532). Values reach them only as validated thumbprints, written as byte literals.
 */
const CLASS = `-Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TSGatewayServerSettings'`;

/**
 * The read: the snapshot form itself (the two properties, ConvertTo-Json's own layout); nothing printed when the
 * namespace or the class is not there (the role is not installed): CimException.NativeErrorCode InvalidNamespace or
 * InvalidClass (VERIFIED names, https://learn.microsoft.com/dotnet/api/microsoft.management.infrastructure.nativeerrorcode;
 * INFERRED that these are the codes a missing role gives, its MOF being installed with the role).
 */
export const READ_SCRIPT = `${POWERSHELL_PROLOGUE}
try {
  $gateway = Get-CimInstance ${CLASS} | Select-Object -First 1 -Property CertHash, IsConfigured
} catch {
  $code = [string]$_.Exception.NativeErrorCode
  if ($code -eq 'InvalidNamespace' -or $code -eq 'InvalidClass') { exit 0 }
  throw
}
if ($null -ne $gateway) { $gateway | ConvertTo-Json }`;

/**
 * SetCertificate(CertHash) then, only when it returned 0, Configure (each ReturnValue: zero on success, documented
 * on https://learn.microsoft.com/windows/win32/termserv/setcertificate-win32-tsgatewayserversettings and
 * https://learn.microsoft.com/windows/win32/termserv/configure-win32-tsgatewayserversettings); then CertHash read
 * back. Prints one JSON object: `{ "SetCertificate": n, "Configure": n | null, "CertHash": [...] | null }`.
 */
export function setCertificateScript(thumbprint: Thumbprint): string {
  if (!isThumbprint(thumbprint)) throw new Error(`internal: '${thumbprint}' is not a thumbprint`);
  const bytes = [...Buffer.from(thumbprint, "hex")].join(",");
  return `${POWERSHELL_PROLOGUE}
$gateway = Get-CimInstance ${CLASS} | Select-Object -First 1
if ($null -eq $gateway) { throw 'There is no Win32_TSGatewayServerSettings instance.' }
$result = @{ SetCertificate = $null; Configure = $null; CertHash = $null }
$set = Invoke-CimMethod -InputObject $gateway -MethodName SetCertificate -Arguments @{ CertHash = [byte[]]@(${bytes}) }
$result.SetCertificate = [long]$set.ReturnValue
if ($result.SetCertificate -eq 0) {
  $configure = Invoke-CimMethod -InputObject $gateway -MethodName Configure
  $result.Configure = [long]$configure.ReturnValue
}
$after = Get-CimInstance ${CLASS} | Select-Object -First 1 -Property CertHash
if ($null -ne $after) { $result.CertHash = $after.CertHash }
ConvertTo-Json -Compress -InputObject $result`;
}

/** The gateway on this Windows machine, through powershell.exe (an argument array, -EncodedCommand). */
export function windowsGateway(run: ToolRunner, services: ServiceControl): GatewayAccess {
  return {
    async read(): Promise<GatewayRead> {
      // No TSGateway service, no role: nothing to start PowerShell for (the Service Control Manager is read in-process).
      const service = await services.query(GATEWAY_SERVICE).catch(() => undefined);
      if (service === null) return { absent: true };
      let result;
      try {
        result = await run("powershell.exe", powershellArguments(READ_SCRIPT));
      } catch (error) {
        return { unreadable: `RD Gateway's settings (Win32_TSGatewayServerSettings) could not be read: powershell.exe could not be started (${(error as Error).message})` };
      }
      if (result.exitCode !== 0) {
        const detail = (result.stderr || result.stdout).trim().replace(/\s+/g, " ").slice(0, 300);
        return { unreadable: `RD Gateway's settings (Win32_TSGatewayServerSettings) could not be read: PowerShell exited with code ${result.exitCode}${detail ? `: ${detail}` : ""}` };
      }
      if (result.stdout.trim() === "") return { absent: true };
      try {
        return parseGatewaySettings(result.stdout, "Win32_TSGatewayServerSettings");
      } catch (error) {
        return { unreadable: `RD Gateway's settings could not be read: ${(error as Error).message}` };
      }
    },
    setCertificate: (thumbprint) => setCertificate(run, thumbprint),
    restore: (thumbprint) => setCertificate(run, thumbprint),
    files: () => [],
  };
}

async function setCertificate(run: ToolRunner, thumbprint: Thumbprint): Promise<void> {
  const fail = (why: string, cause?: unknown) =>
    new RebindWriteError(`RD Gateway (${GATEWAY_ENDPOINT}) was not set to certificate ${thumbprint}: ${why}`, [GATEWAY_ENDPOINT], cause === undefined ? undefined : { cause });
  let result;
  try {
    result = await run("powershell.exe", powershellArguments(setCertificateScript(thumbprint)));
  } catch (error) {
    throw fail(`powershell.exe could not be started (${(error as Error).message})`, error);
  }
  if (result.exitCode !== 0) {
    const detail = (result.stderr || result.stdout).trim().replace(/\s+/g, " ").slice(0, 300);
    throw fail(`PowerShell exited with code ${result.exitCode}${detail ? `: ${detail}` : ""}`);
  }
  let outcome: { SetCertificate?: unknown; Configure?: unknown; CertHash?: unknown };
  try {
    outcome = JSON.parse(result.stdout) as typeof outcome;
  } catch {
    throw fail(`PowerShell printed no result (${result.stdout.trim().slice(0, 200) || "nothing"})`);
  }
  if (outcome.SetCertificate !== 0) throw fail(`Win32_TSGatewayServerSettings.SetCertificate returned ${String(outcome.SetCertificate)} (0 is success; https://learn.microsoft.com/windows/win32/termserv/terminal-services-wmi-provider-error-codes)`);
  if (outcome.Configure !== 0) throw fail(`Win32_TSGatewayServerSettings.Configure returned ${String(outcome.Configure)} after SetCertificate (0 is success)`);
  const { settings } = parseGatewaySettings(JSON.stringify({ CertHash: outcome.CertHash ?? null }), "the read back");
  if (settings.thumbprint !== thumbprint) throw fail(`CertHash reads back as ${settings.thumbprint ?? "none"}`);
}
