<#
    Does rewriting the base record keep its extended properties (HTTP_SERVICE_CONFIG_SSL_PARAM_EX, which netsh shows
    as "Extended Properties" and sets with 'sslpropertyex')? Undocumented: each ..._EX call carries one ParamType.
    A record gets PropertyId 1 (HTTP/2 settings limits) set to non-default values, then its base record is
    rewritten three ways, each followed by 'show sslcert' and a registry dump:
      1. 'netsh http update sslcert' with the same values (that netsh's update calls HttpUpdateServiceConfiguration
         is a guess);
      2. certrebind.exe rebind to a second certificate (its own path: the HTTP Server API, Update where httpapi.dll
         exports it), when -ExePath is given;
      3. 'netsh http delete sslcert' then 'add sslcert' (the delete+add path of builds without Update).
#>
param (
    [Parameter(Mandatory = $true)] [System.String] $OutputDirectory,
    [System.String] $ExePath
)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
$appId = Get-ProbeAppId
$first = New-ProbeCertificate -Role 'extended first'
$second = New-ProbeCertificate -Role 'extended second'
$record = 'ipport=0.0.0.0:44395'
$show = { param ($Name) $null = Invoke-Netsh -Name "$Name-show" -ArgumentList 'http', 'show', 'sslcert', $record -OutputDirectory $OutputDirectory; Save-RegistryTree -Name "$Name-registry" -OutputDirectory $OutputDirectory }
try {
    $null = Invoke-Netsh -Name '1-add' -ArgumentList 'http', 'add', 'sslcert', $record, "certhash=$first", "appid=$appId", 'certstorename=MY' -OutputDirectory $OutputDirectory
    # The documented form names no verb for a first setting: try 'add', and 'update' if add is refused.
    $limits = @('propertyid=1', 'maxsettingsperframe=100', 'maxsettingsperminute=1000')
    $added = Invoke-Netsh -Name '2-add-sslpropertyex' -ArgumentList (@('http', 'add', 'sslpropertyex', $record) + $limits) -OutputDirectory $OutputDirectory
    if ($added.ExitCode -ne 0) {
        $null = Invoke-Netsh -Name '2-update-sslpropertyex' -ArgumentList (@('http', 'update', 'sslpropertyex', $record) + $limits) -OutputDirectory $OutputDirectory
    }
    & $show '2'
    $null = Invoke-Netsh -Name '3-show-sslpropertyex' -ArgumentList 'http', 'show', 'sslpropertyex', $record -OutputDirectory $OutputDirectory

    $null = Invoke-Netsh -Name '4-update-sslcert-same' -ArgumentList 'http', 'update', 'sslcert', $record, "certhash=$first", "appid=$appId", 'certstorename=MY' -OutputDirectory $OutputDirectory
    & $show '4'

    $current = $first
    if ($ExePath -and (Test-Path -LiteralPath $ExePath)) {
        $rebind = Invoke-Recorded -Name '5-certrebind-rebind' -FilePath $ExePath -ArgumentList 'rebind', '--json', '--old', $first, '--new', $second -OutputDirectory $OutputDirectory
        & $show '5'
        if ($rebind.ExitCode -eq 0) { $current = $second }
    }

    $null = Invoke-Netsh -Name '6-delete' -ArgumentList 'http', 'delete', 'sslcert', $record -OutputDirectory $OutputDirectory
    $null = Invoke-Netsh -Name '6-add' -ArgumentList 'http', 'add', 'sslcert', $record, "certhash=$current", "appid=$appId", 'certstorename=MY' -OutputDirectory $OutputDirectory
    & $show '6'
}
finally {
    $null = Invoke-Netsh -Name '7-cleanup-delete' -ArgumentList 'http', 'delete', 'sslcert', $record -OutputDirectory $OutputDirectory
    Remove-ProbeCertificate
}
