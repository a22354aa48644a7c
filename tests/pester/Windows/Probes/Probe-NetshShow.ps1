<#
    'netsh http show sslcert' and 'show sslcert json=enable' on this build, with the real-host fixture's records
    present (IP, SNI, CCS, non-IIS), plus two records made here for the occasion: one with flags set (how this
    build labels them) and a scoped-CCS record (how it is shown, and whether it is taken for an SNI record). The
    registry is dumped while they exist. The probe's records are removed at the end.
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
$appId = Get-ProbeAppId
$thumbprint = New-ProbeCertificate -Role 'show'
$flagged = 'ipport=0.0.0.0:44393'
$scoped = 'scopedccs=scoped.certrebind.test:44392'
try {
    # Options from the documented syntax; that this build accepts each one is what the exit code tells.
    $null = Invoke-Netsh -Name 'add-flagged' -ArgumentList 'http', 'add', 'sslcert', $flagged, "certhash=$thumbprint", "appid=$appId", 'certstorename=MY',
        'clientcertnegotiation=enable', 'disablehttp2=enable', 'disablequic=enable', 'disablelegacytls=enable', 'disabletls13=enable', 'disableocspstapling=enable' -OutputDirectory $OutputDirectory
    $null = Invoke-Netsh -Name 'add-scopedccs' -ArgumentList 'http', 'add', 'sslcert', $scoped, "appid=$appId" -OutputDirectory $OutputDirectory

    $null = Invoke-Netsh -Name 'show-sslcert' -ArgumentList 'http', 'show', 'sslcert' -OutputDirectory $OutputDirectory
    $null = Invoke-Netsh -Name 'show-sslcert-json' -ArgumentList 'http', 'show', 'sslcert', 'json=enable' -OutputDirectory $OutputDirectory
    $null = Invoke-Netsh -Name 'show-flagged-json' -ArgumentList 'http', 'show', 'sslcert', $flagged, 'json=enable' -OutputDirectory $OutputDirectory
    $null = Invoke-Netsh -Name 'show-scopedccs' -ArgumentList 'http', 'show', 'sslcert', $scoped -OutputDirectory $OutputDirectory
    $null = Invoke-Netsh -Name 'show-missing' -ArgumentList 'http', 'show', 'sslcert', 'ipport=0.0.0.0:44397' -OutputDirectory $OutputDirectory
    Save-RegistryTree -Name 'registry-with-probe-records' -OutputDirectory $OutputDirectory
}
finally {
    $null = Invoke-Netsh -Name 'delete-flagged' -ArgumentList 'http', 'delete', 'sslcert', $flagged -OutputDirectory $OutputDirectory
    $null = Invoke-Netsh -Name 'delete-scopedccs' -ArgumentList 'http', 'delete', 'sslcert', $scoped -OutputDirectory $OutputDirectory
    Remove-ProbeCertificate
}
