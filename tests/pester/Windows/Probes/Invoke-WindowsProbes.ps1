<#
    .SYNOPSIS
        Runs the Windows probes: scripts that record what this Windows does where the project's sources leave it
        open, for the workflow's artefacts. They assert nothing about Windows.

    .DESCRIPTION
        Each probe writes into its own folder under -OutputDirectory; index.json lists every probe with whether it
        ran to its end or stopped on an error (and which). A probe that stops does not stop the others, and this
        script exits 0 unless it cannot write its output: what Windows does is never a failure here. The probes
        change the machine (HTTP.sys records on ports 44392-44397, a URL reservation on 48123, certificates named
        'CertRebind probe …', IIS 6 compatibility features, a site): run them only on a
        disposable Windows Server, elevated, after the real-host tests (.github/workflows/windows.yml).
        Windows PowerShell 5.1 (WebAdministration, pki).

    .PARAMETER OutputDirectory
        Where the probes write.

    .PARAMETER ExePath
        certrebind.exe, for the probes that run it (extended properties, metabase entry).
#>
[CmdletBinding()]
param (
    [Parameter(Mandatory = $true)] [System.String] $OutputDirectory,
    [System.String] $ExePath
)

$ErrorActionPreference = 'Stop'
# In the order they run: the read-only ones first, the metabase one (which installs features and runs iisreset) last.
$probes = @(
    'Probe-SystemInfo.ps1'
    'Probe-RegistryDump.ps1'
    'Probe-NetshHelp.ps1'
    'Probe-NetshShow.ps1'
    'Probe-NetshExplicitZero.ps1'
    'Probe-NetshScriptFile.ps1'
    'Probe-AuditEvents.ps1'
    'Probe-LifecycleEvents.ps1'
    'Probe-UpdateKeepsExtended.ps1'
    'Probe-MetabaseIisreset.ps1'
)

$null = New-Item -ItemType Directory -Force -Path $OutputDirectory
$index = foreach ($probe in $probes) {
    $name = [System.IO.Path]::GetFileNameWithoutExtension($probe)
    $folder = Join-Path -Path $OutputDirectory -ChildPath $name
    $null = New-Item -ItemType Directory -Force -Path $folder
    $arguments = @{ OutputDirectory = $folder }
    $script = Join-Path -Path $PSScriptRoot -ChildPath $probe
    if ($ExePath -and (Get-Command -Name $script).Parameters.ContainsKey('ExePath')) {
        $arguments['ExePath'] = (Resolve-Path -LiteralPath $ExePath).ProviderPath
    }
    $started = [System.Diagnostics.Stopwatch]::StartNew()
    Write-Host "probe: $name"
    try {
        & $script @arguments
        [ordered] @{ Probe = $name; Completed = $true; Error = $null; Seconds = [System.Math]::Round($started.Elapsed.TotalSeconds, 1) }
    }
    catch {
        Write-Warning -Message "$name stopped: $($_.Exception.Message)"
        [ordered] @{ Probe = $name; Completed = $false; Error = "$($_.Exception.Message) ($($_.InvocationInfo.PositionMessage))"; Seconds = [System.Math]::Round($started.Elapsed.TotalSeconds, 1) }
    }
}
ConvertTo-Json -InputObject @($index) -Depth 4 | Set-Content -LiteralPath (Join-Path -Path $OutputDirectory -ChildPath 'index.json') -Encoding 'UTF8'
exit 0
