<#
    .SYNOPSIS
        Makes three snapshot hosts that stand for a small fleet of web servers, WEB01 to WEB03, for
        trying the runbooks without servers.

    .DESCRIPTION
        Copies the demo snapshot host (examples/demo-host: Contoso's WEB01 on 2026-11-27, whose
        certificate www-2025 expires in 23 days and whose renewal www-2026 is installed and linked to
        it) three times into -Path, and sets each copy to a different point of the story:

        - WEB01: the demo host as it ships. The renewal is pending, and one binding cannot take it:
          0.0.0.0:443 also serves legacy.contoso.com, which neither certificate names (CR3005).
          Automatic rebinding is not enabled.
        - WEB02: the Legacy site's https binding removed, so the renewal can take every binding; the
          renewal is still pending. Automatic rebinding is enabled (Enable-IISCertAutoRebind).
        - WEB03: as WEB02, with the rebind done (Invoke-CertRebind -Auto): every binding is on the
          renewal. Automatic rebinding is enabled. Its custom service on 0.0.0.0:8443 is retired (the
          HTTP.sys record removed): on WEB01 and WEB02 it is bound to the expired intranet certificate,
          which has no successor (NoSuccessor).

        The preparation runs on the demo's date (CERTREBIND_NOW = -Now, only while it runs). Run the
        runbooks on that date too: $env:CERTREBIND_NOW = '2026-11-27T00:00:00Z'.

        Returns an ordered dictionary of the names and the directories, for -SnapshotHosts.

    .PARAMETER Path
        The folder to create the three hosts in (WEB01, WEB02, WEB03 must not exist in it yet).

    .PARAMETER Module
        The CertRebind module to prepare the hosts with: this repository's CertRebind.psd1 by default.

    .PARAMETER Now
        The demo's date, for the preparation.

    .EXAMPLE
        $env:CERTREBIND_NOW = '2026-11-27T00:00:00Z'
        $fleet = ./New-DemoFleet.ps1 -Path ./demo-fleet
        ./Get-CertRebindCompliance.ps1 -SnapshotHosts $fleet

        Makes the fleet and reports its compliance: WEB01 and WEB02 out of line, WEB03 in line.
#>
[CmdletBinding()]
[OutputType([System.Collections.Specialized.OrderedDictionary])]
param (
    [Parameter(Mandatory = $true)]
    [ValidateNotNullOrEmpty()]
    [System.String]
    $Path,

    [Parameter()]
    [ValidateNotNullOrEmpty()]
    [System.String]
    $Module = (Join-Path -Path $PSScriptRoot -ChildPath '../../CertRebind.psd1'),

    [Parameter()]
    [ValidateNotNullOrEmpty()]
    [System.String]
    $Now = '2026-11-27T00:00:00Z'
)

$ErrorActionPreference = 'Stop'
$demoHost = Join-Path -Path $PSScriptRoot -ChildPath '../demo-host'
$null = New-Item -ItemType Directory -Path $Path -Force
$root = (Resolve-Path -LiteralPath $Path).ProviderPath
Import-Module -Name $Module -WarningAction SilentlyContinue

function Copy-DemoHost {
    param ([System.String] $Name, [System.Management.Automation.SwitchParameter] $WithoutLegacy, [System.Management.Automation.SwitchParameter] $WithoutIntranet)

    $hostRoot = Join-Path -Path $root -ChildPath $Name
    if (Test-Path -LiteralPath $hostRoot) {
        throw "$hostRoot exists already: give New-DemoFleet.ps1 a folder without WEB01, WEB02 and WEB03."
    }
    Copy-Item -LiteralPath $demoHost -Destination $hostRoot -Recurse
    Remove-Item -LiteralPath (Join-Path -Path $hostRoot -ChildPath 'state') -Recurse -Force -ErrorAction SilentlyContinue
    if ($WithoutLegacy) {
        # The Legacy site's https binding (*:443:legacy.contoso.com), every other byte of the file kept.
        $configPath = [System.IO.Path]::Combine($hostRoot, 'inetsrv', 'applicationHost.config')
        $text = [System.IO.File]::ReadAllText($configPath)
        $text = $text -replace '[ \t]*<binding protocol="https" bindingInformation="\*:443:legacy\.contoso\.com" sslFlags="0" />\r?\n', ''
        [System.IO.File]::WriteAllText($configPath, $text, (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $true))
    }
    if ($WithoutIntranet) {
        # The custom service's HTTP.sys record 0.0.0.0:8443, on the expired intranet certificate.
        $recordsPath = [System.IO.Path]::Combine($hostRoot, 'httpsys', 'records.json')
        $records = [System.IO.File]::ReadAllText($recordsPath) | ConvertFrom-Json
        $records.records = @($records.records | Where-Object -Property endpoint -NE -Value '0.0.0.0:8443')
        [System.IO.File]::WriteAllText($recordsPath, ($records | ConvertTo-Json -Depth 16), (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false))
    }
    $hostRoot
}

$savedNow = $env:CERTREBIND_NOW
$env:CERTREBIND_NOW = $Now
try {
    $fleet = [ordered] @{
        WEB01 = Copy-DemoHost -Name 'WEB01'
        WEB02 = Copy-DemoHost -Name 'WEB02' -WithoutLegacy
        WEB03 = Copy-DemoHost -Name 'WEB03' -WithoutLegacy -WithoutIntranet
    }
    foreach ($name in 'WEB02', 'WEB03') {
        $null = Enable-IISCertAutoRebind -HostRoot $fleet[$name] -Confirm:$false -WarningAction SilentlyContinue
    }
    $null = Invoke-CertRebind -Auto -HostRoot $fleet['WEB03'] -Confirm:$false -WarningAction SilentlyContinue
}
finally {
    $env:CERTREBIND_NOW = $savedNow
}
$fleet
