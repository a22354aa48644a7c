<#
    .SYNOPSIS
        The thumbprints given to Get-CertBinding by one input: each once, in the order given, blanks left out.

    .DESCRIPTION
        A loop, not Where-Object and Select-Object -Unique: their first call in a session cost 17-24 ms before the
        exe started. Thumbprints are compared as given (the exe normalises them), as Select-Object -Unique did.

    .PARAMETER Value
        -Thumbprint's values and a piped event's OldThumbprint and NewThumbprint; $null and blank items allowed.
#>
function Select-CertRebindGivenThumbprint {
    [CmdletBinding()]
    [OutputType([System.Collections.Generic.List[System.String]])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [AllowEmptyCollection()]
        [AllowEmptyString()]
        [System.String[]]
        $Value
    )

    $wanted = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
    foreach ($item in $Value) {
        if (-not [System.String]::IsNullOrWhiteSpace($item) -and -not $wanted.Contains($item)) {
            $wanted.Add($item)
        }
    }
    , $wanted
}
