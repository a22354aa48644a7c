<#
    .SYNOPSIS
        Converts a list of the exe's entries (bindings, changes, events) by batches of 512, and shows how far it
        has come between batches once it has taken a second.

    .DESCRIPTION
        The loop over the exe's data of Get-CertBinding (ConvertTo-CertRebindBinding or
        Complete-CertRebindBinding), Invoke-CertRebind (ConvertTo-CertRebindChange) and Get-CertLifecycleEvent
        (ConvertTo-CertRebindLifecycleEvent). A batch converter converts its whole batch in one call: a function
        call per entry costs more than the entry's conversion, one per 512 entries does not count. A conversion
        that takes a second or more writes a progress record (Write-CertRebindReadingProgress) and closes it when
        it is done; small results show none.

    .PARAMETER Entry
        The entries, in the exe's order; a $null entry is the batch converter's to leave out.

    .PARAMETER ConvertBatch
        The batch converter, for example ${function:ConvertTo-CertRebindChange}: called with the batch and
        the context, by position; what it returns is returned.

    .PARAMETER Context
        What the batch converter needs besides its entries, the same dictionary for every batch (so a cache in
        it lasts the whole conversion).

    .PARAMETER Activity
        The activity of the progress record, for example 'certrebind bindings'.
#>
function Invoke-CertRebindEntryConversion {
    [CmdletBinding()]
    [OutputType([System.Object])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Entry,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ScriptBlock]
        $ConvertBatch,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Context,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Activity
    )

    $batchSize = 512
    $total = $Entry.Count
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $showsProgress = $false
    for ($start = 0; $start -lt $total; $start += $batchSize) {
        if ($start -gt 0) {
            $showsProgress = (Write-CertRebindReadingProgress -Activity $Activity -Done $start -Total $total -Clock $clock) -or $showsProgress
        }
        $last = [System.Math]::Min($start + $batchSize, $total) - 1
        & $ConvertBatch $Entry[$start..$last] $Context
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
