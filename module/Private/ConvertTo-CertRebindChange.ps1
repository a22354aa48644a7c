<#
    .SYNOPSIS
        Converts the changes[] entries of the rebind envelope to CertRebind.Change objects.

    .DESCRIPTION
        Converts the whole list in one call: a function call per entry costs more than the entry's
        conversion. A conversion that takes more than a second shows progress.

    .PARAMETER Change
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables).

    .PARAMETER RunId
        The runId of the envelope the entries come from, or $null.

    .PARAMETER Origin
        The host the entries come from (Get-CertRebindHostOrigin): HostRoot and ComputerName. Without it,
        both are $null.

    .PARAMETER Activity
        The activity of the progress record.
#>
function ConvertTo-CertRebindChange {
    [CmdletBinding()]
    [OutputType('CertRebind.Change')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Change,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $RunId,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Origin,

        [Parameter()]
        [System.String]
        $Activity = 'certrebind rebind'
    )

    $hostRoot = $(if ($null -ne $Origin) { $Origin.HostRoot } else { $null })
    $computerName = $(if ($null -ne $Origin) { $Origin.ComputerName } else { $null })
    $runIdValue = if ([System.String]::IsNullOrEmpty($RunId)) { $null } else { $RunId }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $done = 0
    $showsProgress = $false
    foreach ($entry in $Change) {
        if ($null -eq $entry) {
            continue
        }
        if ((++$done -band 511) -eq 0) {
            $showsProgress = (Write-CertRebindReadingProgress -Activity $Activity -Done $done -Total $Change.Count -Clock $clock) -or $showsProgress
        }

        $storeName = $entry.storeName
        $hasStoreName = $null -ne $storeName

        [PSCustomObject] @{
            PSTypeName   = 'CertRebind.Change'
            Kind         = $entry.kind
            Endpoint     = $entry.endpoint
            Sites        = [CertRebindStringList]::Of($entry.sites)
            Hostnames    = [CertRebindStringList]::Of($entry.hostnames)
            From         = $entry.from
            To           = $entry.to
            StoreFrom    = $(if ($hasStoreName) { $storeName.from } else { $null })
            StoreTo      = $(if ($hasStoreName) { $storeName.to } else { $null })
            Status       = $entry.status
            Code         = $entry.code
            Reason       = $(if ($null -ne $entry.reason) { Format-CertRebindExeMessage -Message $entry.reason -Remedy $entry.remedy })
            Kept         = [CertRebindStringList]::Of($entry.kept)
            Notes        = [CertRebindStringList]::Of($entry.notes)
            RunId        = $runIdValue
            HostRoot     = $hostRoot
            ComputerName = $computerName
        }
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
