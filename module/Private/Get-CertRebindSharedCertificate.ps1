<#
    .SYNOPSIS
        The certificates of 'bindings --certificates-once' (data.certificates), each as the four values its
        bindings share: its CertRebind.CertificateInfo object, subject, NotAfter and state; in the exe's order, so
        that a binding's index picks its own.

    .PARAMETER Certificate
        The data.certificates as ConvertFrom-Json produced them, or $null.
#>
function Get-CertRebindListedCertificate {
    [CmdletBinding()]
    [OutputType([System.Object[]])]
    param (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Certificate
    )

    , [CertRebind.CertificateInfo]::SharedValuesOf($Certificate)
}

<#
    .SYNOPSIS
        The four shared values (Get-CertRebindListedCertificate) of a certificate that the exe wrote inside its
        binding, converted once per thumbprint and store: -Known keeps them.

    .PARAMETER Certificate
        The certificate as ConvertFrom-Json produced it.

    .PARAMETER Known
        The certificates converted so far, by thumbprint and store.
#>
function Get-CertRebindInlineCertificate {
    [CmdletBinding()]
    [OutputType([System.Object[]])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Certificate,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Known
    )

    $key = '{0}|{1}' -f $Certificate.thumbprint, $Certificate.store
    if (-not $Known.Contains($key)) {
        $Known[$key] = [CertRebind.CertificateInfo]::SharedValues($Certificate)
    }
    , $Known[$key]
}
