<#
    .SYNOPSIS
        Converts an ISO 8601 time of the exe's envelope to a local [datetime].

    .DESCRIPTION
        Windows PowerShell 5.1 leaves JSON times as strings; PowerShell 7 turns them into [datetime]
        values of kind Utc or Local. Either way the result is local time, like the NotAfter of
        Get-ChildItem Cert:\ objects and Get-Date, so comparisons such as
        $_.NotAfter -lt (Get-Date).AddDays(30) are right. A time without an offset is taken as UTC.

    .PARAMETER Value
        A string, a [datetime], or $null (returned as $null).
#>
function ConvertTo-CertRebindDateTime {
    [CmdletBinding()]
    [OutputType([System.DateTime])]
    param (
        [Parameter()]
        [AllowNull()]
        [System.Object]
        $Value
    )

    # The compiled conversion (CertRebind.EnvelopeTime), which the certificates' times take too.
    [CertRebind.EnvelopeTime]::Local($Value)
}
