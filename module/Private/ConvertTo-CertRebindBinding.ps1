<#
    .SYNOPSIS
        Converts the bindings[] entries of the exe's envelope to CertRebind.Binding objects.

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
    $listed = @(foreach ($listedCertificate in $Certificate) {
            $info = ConvertTo-CertRebindCertificateInfo -Certificate $listedCertificate
            , @($info, $info.Subject, $info.NotAfter, $info.State)
        })
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
            $certificateKey = '{0}|{1}' -f $entryCertificate.thumbprint, $entryCertificate.store
            $shared = $certificates[$certificateKey]
            if ($null -eq $shared) {
                $info = ConvertTo-CertRebindCertificateInfo -Certificate $entryCertificate
                $shared = @($info, $info.Subject, $info.NotAfter, $info.State)
                $certificates[$certificateKey] = $shared
            }
        }

        # The lists filled here, $null items left out, not by a call of the class's Of() each (about 30 us a call on
        # the first run) nor by AddRange, whose string[] conversion costs more than these one or two items.
        $sites = [CertRebindStringList]::new()
        foreach ($item in $entry.sites) { if ($null -ne $item) { $sites.Add($item) } }
        $hostnames = [CertRebindStringList]::new()
        foreach ($item in $entry.hostnames) { if ($null -ne $item) { $hostnames.Add($item) } }

        $converted = [CertRebindBinding]::new()
        $converted.Kind = $entry.kind
        $converted.Endpoint = $entry.endpoint
        $converted.Thumbprint = $entry.thumbprint
        $converted.StoreName = $entry.storeName
        $converted.AppId = $entry.appId
        $converted.Owner = $entry.owner
        $converted.Sites = $sites
        $converted.Hostnames = $hostnames
        $converted.Certificate = $shared[0]
        $converted.CertificateSubject = $shared[1]
        $converted.NotAfter = $shared[2]
        $converted.State = $shared[3]
        $converted.Service = $entry.service
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
