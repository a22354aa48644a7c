<#
    .SYNOPSIS
        Converts the certificate of a binding in the envelope to a CertRebind.CertificateInfo object.

    .PARAMETER Certificate
        The binding's certificate as ConvertFrom-Json produced it, or $null (returned as $null).
#>
function ConvertTo-CertRebindCertificateInfo {
    [CmdletBinding()]
    [OutputType('CertRebind.CertificateInfo')]
    param (
        [Parameter()]
        [AllowNull()]
        [System.Object]
        $Certificate
    )

    if ($null -eq $Certificate) {
        return $null
    }

    [PSCustomObject] @{
        PSTypeName    = 'CertRebind.CertificateInfo'
        Thumbprint    = $Certificate.thumbprint
        Subject       = $Certificate.subject
        Issuer        = $Certificate.issuer
        DnsNames      = ConvertTo-CertRebindStringArray -Value $Certificate.dnsNames
        NotBefore     = ConvertTo-CertRebindDateTime -Value $Certificate.notBefore
        NotAfter      = ConvertTo-CertRebindDateTime -Value $Certificate.notAfter
        HasPrivateKey = [System.Boolean] $Certificate.hasPrivateKey
        Store         = $Certificate.store
        State         = $Certificate.state
        DaysLeft      = $(if ($null -ne $Certificate.daysLeft) { [System.Int32] $Certificate.daysLeft } else { $null })
        Archived      = [System.Boolean] $Certificate.archived
        FriendlyName  = $Certificate.friendlyName
        ServerAuth    = [System.Boolean] $Certificate.serverAuth
    }
}
