<#
    .SYNOPSIS
        Returns the first characters of a text, for quoting it in a message.

    .PARAMETER Text
        The text to quote.

    .PARAMETER Length
        How many characters to keep; '...' marks a cut.
#>
function Get-CertRebindTextStart {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [System.String]
        $Text,

        [Parameter()]
        [System.Int32]
        $Length = 200
    )

    if ($Text.Length -le $Length) {
        return $Text
    }

    $Text.Substring(0, $Length) + '...'
}
