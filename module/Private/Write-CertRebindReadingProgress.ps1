<#
    .SYNOPSIS
        Shows how far the conversion of a large result has come, once it has taken a second.

    .DESCRIPTION
        Invoke-CertRebindEntryConversion, the loop of the converters of the exe's data, calls it between
        batches of a few hundred items, with the time it has spent so far; it writes a progress record only
        when that is a second or more, so small results show none. Returns whether it wrote one (the loop
        then closes it when it is done).

    .PARAMETER Activity
        The activity of the progress record, for example 'certrebind bindings'.

    .PARAMETER Done
        How many items are converted.

    .PARAMETER Total
        How many items there are.

    .PARAMETER Clock
        The stopwatch the loop started.
#>
function Write-CertRebindReadingProgress {
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Activity,

        [Parameter()]
        [System.Int32]
        $Done,

        [Parameter()]
        [System.Int32]
        $Total,

        [Parameter(Mandatory = $true)]
        [System.Diagnostics.Stopwatch]
        $Clock
    )

    if ($Clock.ElapsedMilliseconds -lt 1000) {
        return $false
    }

    $percent = if ($Total -gt 0) { [System.Math]::Min(100, [System.Int32] (100 * $Done / $Total)) } else { 0 }
    Write-Progress -Activity $Activity -Status ($script:LocalizedData.ExeReadingResult -f $Done, $Total) -PercentComplete $percent
    $true
}
