<#
    Does this build's netsh accept an explicit 0 for revocationfreshnesstime and urlretrievaltimeout? A third
    party reports that Server 2025 (26100) rejects it with "The parameter is incorrect" (tokentimer-core,
    packages/agent/src/windows-iis/index.js); nothing from Microsoft says. Each step is recorded with its exit code,
    the record as shown after it, and the registry: add without them, update with each 0, update with non-zero
    values (does the check mode get the "freshness time enabled" bit 4?), then delete and add with both 0 (the
    delete+add path that could lose a binding).
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
$appId = Get-ProbeAppId
$thumbprint = New-ProbeCertificate -Role 'zero'
$record = 'ipport=0.0.0.0:44394'
$base = @('http', '{0}', 'sslcert', $record, "certhash=$thumbprint", "appid=$appId", 'certstorename=MY')
$steps = @(
    @{ Name = '1-add'; Verb = 'add'; Options = @() }
    @{ Name = '2-update-freshness-0'; Verb = 'update'; Options = @('revocationfreshnesstime=0') }
    @{ Name = '3-update-timeout-0'; Verb = 'update'; Options = @('urlretrievaltimeout=0') }
    @{ Name = '4-update-both-nonzero'; Verb = 'update'; Options = @('revocationfreshnesstime=3600', 'urlretrievaltimeout=5000') }
    @{ Name = '5-update-freshness-0-after-nonzero'; Verb = 'update'; Options = @('revocationfreshnesstime=0') }
    @{ Name = '6-delete'; Verb = 'delete'; Options = $null }
    @{ Name = '7-add-both-0'; Verb = 'add'; Options = @('revocationfreshnesstime=0', 'urlretrievaltimeout=0') }
)
try {
    foreach ($step in $steps) {
        if ($null -eq $step.Options) {
            $arguments = @('http', 'delete', 'sslcert', $record)
        }
        else {
            $arguments = @($base | ForEach-Object -Process { $_ -f $step.Verb }) + $step.Options
        }
        $null = Invoke-Netsh -Name $step.Name -ArgumentList $arguments -OutputDirectory $OutputDirectory
        $null = Invoke-Netsh -Name "$($step.Name)-show" -ArgumentList 'http', 'show', 'sslcert', $record -OutputDirectory $OutputDirectory
        Save-RegistryTree -Name "$($step.Name)-registry" -OutputDirectory $OutputDirectory
    }
}
finally {
    $null = Invoke-Netsh -Name '8-cleanup-delete' -ArgumentList 'http', 'delete', 'sslcert', $record -OutputDirectory $OutputDirectory
    Remove-ProbeCertificate
}
