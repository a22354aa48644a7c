<#
    .SYNOPSIS
        Converts the bindings of the data of 'certrebind bindings --certificates-once' to CertRebind.Binding objects.

    .DESCRIPTION
        The host, and per certificate, once: its object and the three values each of its bindings copies; then the
        bindings by batches (Invoke-CertRebindEntryConversion), completed when PowerShell 7 deserialized them into
        CertRebind.Binding objects already (ConvertFrom-CertRebindTypedJson), converted from ConvertFrom-Json's
        hashtables on Windows PowerShell 5.1.

    .PARAMETER Data
        The envelope's data: bindings and certificates.

    .PARAMETER HostRoot
        A snapshot host directory, or $null for this computer: the HostRoot and ComputerName of the objects.
#>
function ConvertFrom-CertRebindBindingData {
    [CmdletBinding()]
    [OutputType('CertRebind.Binding')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Data,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $HostRoot
    )

    $context = (Get-CertRebindHostOrigin -HostRoot $HostRoot) + @{
        Listed = Get-CertRebindListedCertificate -Certificate $Data.certificates
        Inline = @{}
    }
    $convertBatch = if ($Data.bindings -is [CertRebind.Binding[]]) { ${function:Complete-CertRebindBinding} } else { ${function:ConvertTo-CertRebindBinding} }
    Invoke-CertRebindEntryConversion -Entry $Data.bindings -ConvertBatch $convertBatch -Context $context -Activity 'certrebind bindings'
}
