/** The lines every script starts with: stop on any error, no progress records, UTF-8 on stdout. */
export const POWERSHELL_PROLOGUE = `$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }`;

/** powershell.exe's arguments for a script: no profile, no prompts, the script encoded (no quoting to get wrong). */
export function powershellArguments(script: string): string[] {
  return ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand", Buffer.from(script, "utf16le").toString("base64")];
}
