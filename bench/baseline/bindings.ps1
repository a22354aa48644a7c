<#
    What an admin would write to list what is bound to a certificate: read `netsh http show sslcert` output line
    by line, load applicationHost.config with [xml], join records to sites by endpoint, and print the records
    bound to the thumbprint. Baseline (b) of bench/run.ts; it handles the same snapshot host as `certrebind bindings`.
#>
param(
    [Parameter(Mandatory)] [string] $HostRoot,
    [Parameter(Mandatory)] [string] $Thumbprint
)
$ErrorActionPreference = 'Stop'
$records = @()
$current = $null
foreach ($line in [System.IO.File]::ReadLines((Join-Path $HostRoot 'httpsys/sslcert.txt'))) {
    if ($line -match '^\s*(IP:port|Hostname:port|Central Certificate Store)\s+:\s*(.*)$') {
        $current = [pscustomobject]@{ Kind = $Matches[1]; Endpoint = $Matches[2].Trim(); Hash = $null; Sites = [System.Collections.Generic.List[string]]::new() }
        $records += $current
    }
    elseif ($current -and $line -match '^\s*Certificate Hash\s+:\s*(.*)$') {
        $current.Hash = $Matches[1].Trim().ToUpperInvariant()
    }
}
$byEndpoint = @{}
foreach ($record in $records) { $byEndpoint[$record.Endpoint.ToLowerInvariant()] = $record }
[xml] $config = Get-Content -Raw (Join-Path $HostRoot 'inetsrv/applicationHost.config')
foreach ($site in $config.configuration.'system.applicationHost'.sites.site) {
    foreach ($binding in $site.bindings.binding) {
        if ($binding.protocol -ne 'https') { continue }
        $parts = $binding.bindingInformation -split ':'
        $ip = if ($parts[0] -in '*', '') { '0.0.0.0' } else { $parts[0] }
        $flags = [int]$binding.sslFlags
        $key = if ($flags -band 2) { $parts[1] } elseif ($flags -band 1) { '{0}:{1}' -f $parts[2], $parts[1] } else { '{0}:{1}' -f $ip, $parts[1] }
        $record = $byEndpoint[$key.ToLowerInvariant()]
        if (-not $record -and -not ($flags -band 3)) { $record = $byEndpoint['0.0.0.0:' + $parts[1]] }
        if ($record) { $record.Sites.Add($site.name) }
    }
}
$records | Where-Object Hash -eq $Thumbprint.ToUpperInvariant() | Select-Object Kind, Endpoint, @{ n = 'Sites'; e = { $_.Sites -join ', ' } } | Measure-Object | Select-Object -ExpandProperty Count
