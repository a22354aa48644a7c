<#
    .SYNOPSIS
        Writes a [datetime] as the ISO 8601 UTC time the exe takes, to the 100-nanosecond tick.

    .DESCRIPTION
        A time of kind Local or Unspecified (such as [datetime]'2026-11-20' or Get-Date) is a local time;
        a time of kind Utc stays as it is. Example: 2026-11-19T23:00:00.0000000Z.

    .PARAMETER DateTime
        The time.
#>
function ConvertTo-CertRebindIsoTime {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.DateTime]
        $DateTime
    )

    $DateTime.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
}
