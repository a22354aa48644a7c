<#
    .SYNOPSIS
        Returns a JSON array of the envelope as a CertRebind.StringList (a list of strings that Export-Csv
        writes as its items); $null and a missing array become an empty one.

    .PARAMETER Value
        The array as ConvertFrom-Json produced it.
#>
function ConvertTo-CertRebindStringArray {
    [CmdletBinding()]
    [OutputType('CertRebind.StringList')]
    param (
        [Parameter()]
        [AllowNull()]
        [System.Object]
        $Value
    )

    # The comma keeps an empty or one-element list a list for the caller.
    , [CertRebind.StringList]::Of($Value)
}
