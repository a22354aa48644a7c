<#
    .SYNOPSIS
        Converts the bindings[] entries of the exe's envelope to CertRebind.Binding objects.

    .DESCRIPTION
        Converts the whole list in one call: a function call per entry costs more than the entry's
        conversion. Bindings of the same certificate (same thumbprint and store) share one
        CertRebind.CertificateInfo object. A conversion that takes more than a second shows progress.

    .PARAMETER Binding
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables).

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
        [System.Collections.IDictionary]
        $Origin,

        [Parameter()]
        [System.String]
        $Activity = 'certrebind bindings'
    )

    $hostRoot = $(if ($null -ne $Origin) { $Origin.HostRoot } else { $null })
    $computerName = $(if ($null -ne $Origin) { $Origin.ComputerName } else { $null })
    $certificates = @{}
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

        $certificate = $null
        $entryCertificate = $entry.certificate
        if ($null -ne $entryCertificate) {
            $certificateKey = '{0}|{1}' -f $entryCertificate.thumbprint, $entryCertificate.store
            $certificate = $certificates[$certificateKey]
            if ($null -eq $certificate) {
                $certificate = ConvertTo-CertRebindCertificateInfo -Certificate $entryCertificate
                $certificates[$certificateKey] = $certificate
            }
        }
        $hasCertificate = $null -ne $certificate

        [PSCustomObject] @{
            PSTypeName         = 'CertRebind.Binding'
            Kind               = $entry.kind
            Endpoint           = $entry.endpoint
            Thumbprint         = $entry.thumbprint
            StoreName          = $entry.storeName
            AppId              = $entry.appId
            Owner              = $entry.owner
            Sites              = [CertRebindStringList]::Of($entry.sites)
            Hostnames          = [CertRebindStringList]::Of($entry.hostnames)
            Certificate        = $certificate
            CertificateSubject = $(if ($hasCertificate) { $certificate.Subject } else { $null })
            NotAfter           = $(if ($hasCertificate) { $certificate.NotAfter } else { $null })
            State              = $(if ($hasCertificate) { $certificate.State } else { $null })
            HostRoot           = $hostRoot
            ComputerName       = $computerName
        }
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
