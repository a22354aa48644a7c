<#
    .SYNOPSIS
        Run by Package.Tests.ps1 in a fresh 'pwsh -NoProfile' whose module path holds only the installed
        package: imports CertRebind by name, runs every exported cmdlet on the snapshot host -HostRoot (a
        copy of the demo host) and writes, as JSON, what the test asserts on to -ResultPath (the cmdlets'
        warnings go to the console).

    .PARAMETER ResultPath
        The file to write the JSON to.

    .PARAMETER HostRoot
        A fresh copy of the demo host.

    .PARAMETER OldThumbprint
        The demo's expiring certificate (www-2025).

    .PARAMETER NewThumbprint
        Its renewal (www-2026).
#>
[CmdletBinding()]
param (
    [Parameter(Mandatory)] [System.String] $ResultPath,
    [Parameter(Mandatory)] [System.String] $HostRoot,
    [Parameter(Mandatory)] [System.String] $OldThumbprint,
    [Parameter(Mandatory)] [System.String] $NewThumbprint
)

$ErrorActionPreference = 'Stop'
Import-Module -Name 'CertRebind'
$module = Get-Module -Name 'CertRebind'

# The exe command line, from the verbose stream of one cmdlet: which exe the installed module runs.
$verbose = Get-CertBinding -HostRoot $HostRoot -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

$ran = [System.Collections.Generic.List[System.String]]::new()
$bindingsBefore = @(Get-CertBinding -HostRoot $HostRoot); $ran.Add('Get-CertBinding')
$events = @(Get-CertLifecycleEvent -HostRoot $HostRoot); $ran.Add('Get-CertLifecycleEvent')
$changes = @(Invoke-CertRebind -OldThumbprint $OldThumbprint -NewThumbprint $NewThumbprint -HostRoot $HostRoot -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refusals)
$ran.Add('Invoke-CertRebind')
$bindingsAfter = @(Get-CertBinding -HostRoot $HostRoot -Thumbprint $NewThumbprint)
$enabled = Enable-IISCertAutoRebind -HostRoot $HostRoot -DailyAt '04:15' -Confirm:$false; $ran.Add('Enable-IISCertAutoRebind')
$status = Get-IISCertAutoRebind -HostRoot $HostRoot; $ran.Add('Get-IISCertAutoRebind')
$disabled = Disable-IISCertAutoRebind -HostRoot $HostRoot -Confirm:$false; $ran.Add('Disable-IISCertAutoRebind')
$snapshotPath = Join-Path ([System.IO.Path]::GetDirectoryName($ResultPath)) 'snapshot'
$bindingsAfterAll = @(Get-CertBinding -HostRoot $HostRoot)
$snapshot = Export-CertRebindSnapshot -HostRoot $HostRoot -Path $snapshotPath -Confirm:$false; $ran.Add('Export-CertRebindSnapshot')
$snapshotBindings = @(Get-CertBinding -HostRoot $snapshotPath)

[pscustomobject] @{
    ModuleBase       = $module.ModuleBase
    Version          = "$($module.Version)"
    Exported         = @($module.ExportedCommands.Keys | Sort-Object)
    Ran              = @($ran)
    ExeCommandLines  = @($verbose | ForEach-Object { $_.Message })
    BindingsBefore   = @($bindingsBefore | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Endpoint, $_.Thumbprint })
    EventIds         = @($events | ForEach-Object { [int] $_.Id })
    Changes          = @($changes | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Endpoint, $_.Status })
    RefusalIds       = @($refusals | ForEach-Object { $_.FullyQualifiedErrorId })
    BindingsAfter    = @($bindingsAfter | ForEach-Object { '{0} {1}' -f $_.Kind, $_.Endpoint })
    Enabled          = [pscustomobject] @{ Exists = $enabled.Exists; Enabled = $enabled.Enabled; DailyAt = $enabled.DailyAt }
    Status           = [pscustomobject] @{ Exists = $status.Exists; Enabled = $status.Enabled; ExeIsModuleExe = $status.ExeIsModuleExe }
    Disabled         = [pscustomobject] @{ Exists = $disabled.Exists }
    Snapshot         = [pscustomobject] @{ Path = $snapshot.Path; Parts = @($snapshot.Parts | ForEach-Object { $_.Part }); KeyFiles = @(Get-ChildItem -LiteralPath $snapshotPath -Recurse -Filter '*.key').Count }
    BindingsAfterAll = @($bindingsAfterAll | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Endpoint, $_.Thumbprint })
    SnapshotBindings = @($snapshotBindings | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Endpoint, $_.Thumbprint })
    AboutTopic       = (Get-Help -Name 'about_CertRebind' | Out-String)
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultPath
