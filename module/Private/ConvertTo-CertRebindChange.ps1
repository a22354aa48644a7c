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
        [System.String]
        $Activity = 'certrebind rebind'
    )

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
            PSTypeName = 'CertRebind.Change'
            Kind       = $entry.kind
            Endpoint   = $entry.endpoint
            Sites      = [System.String[]] (@($entry.sites) -ne $null)
            Hostnames  = [System.String[]] (@($entry.hostnames) -ne $null)
            From       = $entry.from
            To         = $entry.to
            StoreFrom  = $(if ($hasStoreName) { $storeName.from } else { $null })
            StoreTo    = $(if ($hasStoreName) { $storeName.to } else { $null })
            Status     = $entry.status
            Code       = $entry.code
            Reason     = $entry.reason
            Kept       = [System.String[]] (@($entry.kept) -ne $null)
            Notes      = [System.String[]] (@($entry.notes) -ne $null)
            RunId      = $runIdValue
        }
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
