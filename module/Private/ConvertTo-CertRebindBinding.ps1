<#
    .SYNOPSIS
        Converts one bindings[] entry of the exe's envelope to a CertRebind.Binding object.

    .PARAMETER Binding
        The entry as ConvertFrom-Json produced it.

    .PARAMETER Origin
        The host the entry comes from (Get-CertRebindHostOrigin): HostRoot and ComputerName. Without it,
        both are $null.
#>
function ConvertTo-CertRebindBinding {
    [CmdletBinding()]
    [OutputType('CertRebind.Binding')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Binding,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Origin
    )

    $certificate = ConvertTo-CertRebindCertificateInfo -Certificate $Binding.certificate
    $hasCertificate = $null -ne $certificate

    [PSCustomObject] @{
        PSTypeName         = 'CertRebind.Binding'
        Kind               = $Binding.kind
        Endpoint           = $Binding.endpoint
        Thumbprint         = $Binding.thumbprint
        StoreName          = $Binding.storeName
        AppId              = $Binding.appId
        Owner              = $Binding.owner
        Sites              = ConvertTo-CertRebindStringArray -Value $Binding.sites
        Hostnames          = ConvertTo-CertRebindStringArray -Value $Binding.hostnames
        Certificate        = $certificate
        CertificateSubject = $(if ($hasCertificate) { $certificate.Subject } else { $null })
        NotAfter           = $(if ($hasCertificate) { $certificate.NotAfter } else { $null })
        State              = $(if ($hasCertificate) { $certificate.State } else { $null })
        HostRoot           = $(if ($null -ne $Origin) { $Origin.HostRoot } else { $null })
        ComputerName       = $(if ($null -ne $Origin) { $Origin.ComputerName } else { $null })
    }
}
