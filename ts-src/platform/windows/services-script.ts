import { POWERSHELL_PROLOGUE } from "./powershell.js";

/**
 * The services as `Get-CimInstance Win32_Service | Select-Object Name,StartName,State | ConvertTo-Json` prints them
 * (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-service), always as an array (`-InputObject @(…)`):
 * CIM cmdlets and ConvertTo-Json only, which Constrained Language Mode allows (no Add-Type, no .NET method calls
 * beyond the prologue's guarded one).
 */
export const SERVICES_SCRIPT = `${POWERSHELL_PROLOGUE}
ConvertTo-Json -Compress -InputObject @(Get-CimInstance -ClassName Win32_Service | Select-Object Name,StartName,State)`;
