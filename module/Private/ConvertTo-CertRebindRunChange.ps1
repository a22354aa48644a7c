<#
    .SYNOPSIS
        Converts the changes of a rebind run's data to CertRebind.Change objects.

    .DESCRIPTION
        Converts data.changes by batches (Invoke-CertRebindEntryConversion, ConvertTo-CertRebindChange), each
        change with the run's runId and host; a conversion that takes more than a second shows progress.

    .PARAMETER Result
        The data of the rebind envelope: changes, keptLists (with 'rebind --kept-once': each distinct kept list
        once, referred to by index) and runId.

    .PARAMETER Origin
        The host the run was on (Get-CertRebindHostOrigin): HostRoot and ComputerName.
#>
function ConvertTo-CertRebindRunChange {
    [CmdletBinding()]
    [OutputType('CertRebind.Change')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Result,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Origin
    )

    $context = $Origin + @{
        # Each listed kept list's strings once ($null items left out); each change gets its own copy of them.
        KeptStrings = @(foreach ($kept in $Result.keptLists) { , [System.String[]] @(foreach ($item in $kept) { if ($null -ne $item) { $item } }) })
        RunId       = $(if ([System.String]::IsNullOrEmpty($Result.runId)) { $null } else { [System.String] $Result.runId })
    }
    Invoke-CertRebindEntryConversion -Entry @($Result.changes) -ConvertBatch ${function:ConvertTo-CertRebindChange} -Context $context -Activity 'certrebind rebind'
}
