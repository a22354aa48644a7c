import { POWERSHELL_PROLOGUE } from "../../platform/windows/powershell.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import { TERMINAL_NAME } from "./model.js";

/*
 * The CIM scripts of the RDP listeners: CIM cmdlets and ConvertTo-Json only, which Constrained Language Mode allows
 * (no Add-Type, no .NET calls beyond the prologue's guarded one). Win32_TSGeneralSetting, namespace
 * root\cimv2\TerminalServices: https://learn.microsoft.com/windows/win32/termserv/win32-tsgeneralsetting.
 * Set-CimInstance -InputObject … -Property @{…} changes only the properties named
 * (https://learn.microsoft.com/powershell/module/cimcmdlets/set-ciminstance); KB 3042780 sets the same property
 * with wmic (https://learn.microsoft.com/troubleshoot/windows-server/remote/remote-desktop-listener-certificate-configurations).
 */

const CLASS = "-Namespace root/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting";
const SELECT = "Select-Object TerminalName,SSLCertificateSHA1Hash,SSLCertificateSHA1HashType";
/** The exit code the scripts end with when the namespace, the class or the listener is not there. */
export const NOT_THERE = 3;
/**
 * WBEM_E_INVALID_NAMESPACE (0x8004100E) and WBEM_E_INVALID_CLASS (0x80041010), as Get-CimInstance's error id starts
 * (https://learn.microsoft.com/windows/win32/wmisdk/wmi-error-constants): no Remote Desktop Services provider here.
 */
const ABSENT = `'^HRESULT 0x8004100e|^HRESULT 0x80041010'`;

/** Every listener, as an array (ConvertTo-Json -InputObject @(…)); exit code 3 when there is no such namespace or class. */
export const READ_LISTENERS_SCRIPT = `${POWERSHELL_PROLOGUE}
try {
  $listeners = @(Get-CimInstance ${CLASS} | ${SELECT})
} catch {
  if ("$($_.FullyQualifiedErrorId)" -match ${ABSENT}) { exit ${NOT_THERE} }
  throw
}
ConvertTo-Json -Compress -InputObject $listeners`;

/**
 * Sets one listener's SSLCertificateSHA1Hash and prints the listener read again, as READ_LISTENERS_SCRIPT prints it;
 * exit code 3 when there is no such listener. Both values are checked before they reach the script.
 */
export function writeListenerScript(terminalName: string, thumbprint: Thumbprint): string {
  if (!TERMINAL_NAME.test(terminalName)) throw new Error(`'${terminalName}' is not a listener name this tool passes to a script`);
  if (!/^[0-9A-F]{40}$/.test(thumbprint)) throw new Error(`'${thumbprint}' is not a thumbprint`);
  return `${POWERSHELL_PROLOGUE}
$filter = ${quoted(`TerminalName='${terminalName}'`)}
$listener = Get-CimInstance ${CLASS} -Filter $filter
if ($null -eq $listener) { exit ${NOT_THERE} }
Set-CimInstance -InputObject $listener -Property @{ SSLCertificateSHA1Hash = ${quoted(thumbprint)} }
ConvertTo-Json -Compress -InputObject @(Get-CimInstance ${CLASS} -Filter $filter | ${SELECT})`;
}

/** A PowerShell single-quoted literal (a quote inside doubled). */
function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
