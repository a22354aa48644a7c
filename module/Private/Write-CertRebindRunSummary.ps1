<#
    .SYNOPSIS
        Writes the summary of a rebind run that applied changes as a verbose message.

    .DESCRIPTION
        The run's id, how many records changed, and where its backup and audit record were written
        (or 'none').

    .PARAMETER Result
        The data of the run's envelope (a hashtable).
#>
function Write-CertRebindRunSummary {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Result
    )

    $none = $script:LocalizedData.RebindNone
    Write-Verbose -Message ($script:LocalizedData.RebindRunSummary -f @(
            $Result.runId
            $Result.changed
            $(if ($Result.backup) { $Result.backup } else { $none })
            $(if ($Result.audit) { $Result.audit } else { $none })
        ))
}
