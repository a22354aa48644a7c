<#
    .SYNOPSIS
        Converts the bindings[] entries of the exe's envelope to CertRebind.Binding objects.

    .DESCRIPTION
        Converts the whole list in one call: a function call per entry costs more than the entry's
        conversion. Bindings of the same certificate (same thumbprint and store) share one
        CertRebind.CertificateInfo object. A conversion that takes more than a second shows progress.

    .PARAMETER Binding
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables).

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
        [System.String]
        $Activity = 'certrebind bindings'
    )

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
            Sites              = [System.String[]] (@($entry.sites) -ne $null)
            Hostnames          = [System.String[]] (@($entry.hostnames) -ne $null)
            Certificate        = $certificate
            CertificateSubject = $(if ($hasCertificate) { $certificate.Subject } else { $null })
            NotAfter           = $(if ($hasCertificate) { $certificate.NotAfter } else { $null })
            State              = $(if ($hasCertificate) { $certificate.State } else { $null })
        }
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
