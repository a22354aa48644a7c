<#
    .SYNOPSIS
        Returns a JSON array of the envelope as [string[]]; $null and a missing array become an empty one.

    .PARAMETER Value
        The array as ConvertFrom-Json produced it.
#>
function ConvertTo-CertRebindStringArray {
    [CmdletBinding()]
    [OutputType([System.String[]])]
    param (
        [Parameter()]
        [AllowNull()]
        [System.Object]
        $Value
    )

    $items = [System.String[]] @(
        foreach ($item in $Value) {
            if ($null -ne $item) {
                [System.String] $item
            }
        }
    )

    # The comma keeps an empty or one-element array an array for the caller.
    , $items
}
