<#
    .SYNOPSIS
        The exe arguments of each run a cmdlet makes for its thumbprints: one '--thumbprint <value>' per
        distinct thumbprint (the exe filters on one, and normalises it), or one run without a filter.

    .PARAMETER Thumbprint
        The thumbprints, as typed.

    .PARAMETER Given
        Whether the caller filters on thumbprints at all.
#>
function New-CertRebindThumbprintFilter {
    [CmdletBinding()]
    [OutputType([System.Collections.Generic.List[System.String[]]])]
    param (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.String[]]
        $Thumbprint,

        [Parameter(Mandatory = $true)]
        [System.Boolean]
        $Given
    )

    $filters = New-Object -TypeName 'System.Collections.Generic.List[System.String[]]'
    if (-not $Given) {
        $filters.Add([System.String[]] @())
    }
    else {
        foreach ($value in @($Thumbprint | Select-Object -Unique)) {
            $filters.Add([System.String[]] @('--thumbprint', $value))
        }
    }
    , $filters
}
