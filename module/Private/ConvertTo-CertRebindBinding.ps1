<#
    .SYNOPSIS
        Converts the bindings[] entries of the exe's envelope, parsed by ConvertFrom-Json, to CertRebind.Binding
        objects (Windows PowerShell 5.1; PowerShell 7 deserializes them and calls Complete-CertRebindBinding).

    .DESCRIPTION
        Converts the whole list in one call: a function call per entry costs more than the entry's
        conversion. Bindings of the same certificate (same thumbprint and store) share one
        CertRebind.CertificateInfo object. A conversion that takes more than a second shows progress.

    .PARAMETER Binding
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables). An entry's certificate is
        the certificate itself, or (bindings --certificates-once) its index in -Certificate.

    .PARAMETER Certificate
        The data.certificates of 'bindings --certificates-once': each certificate once, referred to by index.

    .PARAMETER Origin
        The host the entries come from (Get-CertRebindHostOrigin): HostRoot and ComputerName. Without it,
        both are $null.

    .PARAMETER Activity
        The activity of the progress record, for example 'certrebind bindings'.
#>
function ConvertTo-CertRebindBinding {
    [CmdletBinding()]
    [OutputType('CertRebind.Binding')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Binding,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Certificate,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Origin,

        [Parameter()]
        [System.String]
        $Activity = 'certrebind bindings'
    )

    $hostRoot = $(if ($null -ne $Origin) { $Origin.HostRoot } else { $null })
    $computerName = $(if ($null -ne $Origin) { $Origin.ComputerName } else { $null })
    # Per certificate, once: its object and the three values each of its bindings copies.
    $certificates = @{}
    $listed = Get-CertRebindListedCertificate -Certificate $Certificate
    $none = @($null, $null, $null, $null)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $done = 0
    $showsProgress = $false
    foreach ($entry in $Binding) {
        if ($null -eq $entry) {
            continue
        }
        if ((++$done -band 511) -eq 0) {
            $showsProgress = (Write-CertRebindReadingProgress -Activity $Activity -Done $done -Total $Binding.Count -Clock $clock) -or $showsProgress
        }

        $entryCertificate = $entry.certificate
        if ($null -eq $entryCertificate) {
            $shared = $none
        }
        elseif ($entryCertificate -is [System.ValueType]) {
            $shared = $listed[$entryCertificate]
        }
        else {
            $shared = Get-CertRebindInlineCertificate -Certificate $entryCertificate -Known $certificates
        }

        # The lists filled here, $null items left out, not by a call of the class's Of() each (about 30 us a call on
        # the first run) nor by AddRange, whose string[] conversion costs more than these one or two items.
        $sites = [CertRebindStringList]::new()
        foreach ($item in $entry.sites) { if ($null -ne $item) { $sites.Add($item) } }
        $hostnames = [CertRebindStringList]::new()
        foreach ($item in $entry.hostnames) { if ($null -ne $item) { $hostnames.Add($item) } }

        # The class's [string] properties are left $null where the exe's value is (PowerShell would assign '').
        $converted = [CertRebindBinding]::new()
        if ($null -ne $entry.kind) { $converted.Kind = $entry.kind }
        if ($null -ne $entry.endpoint) { $converted.Endpoint = $entry.endpoint }
        if ($null -ne $entry.thumbprint) { $converted.Thumbprint = $entry.thumbprint }
        if ($null -ne $entry.storeName) { $converted.StoreName = $entry.storeName }
        if ($null -ne $entry.appId) { $converted.AppId = $entry.appId }
        if ($null -ne $entry.owner) { $converted.Owner = $entry.owner }
        if ($null -ne $entry.service) { $converted.Service = $entry.service }
        $converted.Sites = $sites
        $converted.Hostnames = $hostnames
        $converted.Certificate = $shared[0]
        $converted.CertificateSubject = $shared[1]
        $converted.NotAfter = $shared[2]
        $converted.State = $shared[3]
        # The exe names only a self-selecting binding's selection; every other binding names its certificate.
        $converted.Selection = if ($null -ne $entry.selection) { $entry.selection } else { 'pinned' }
        $converted.HostRoot = $hostRoot
        $converted.ComputerName = $computerName
        $converted.PSTypeNames.Insert(0, 'CertRebind.Binding')
        $converted
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
