<#
    .SYNOPSIS
        Converts the changes[] entries of the rebind envelope to CertRebind.Change objects.

    .DESCRIPTION
        Converts the whole list in one call: a function call per entry costs more than the entry's
        conversion. A conversion that takes more than a second shows progress.

    .PARAMETER Change
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables). An entry's kept is the
        list itself, or (rebind --kept-once) its index in -KeptList.

    .PARAMETER KeptList
        The data.keptLists of 'rebind --kept-once': each distinct kept list once, referred to by index.

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
        [AllowEmptyCollection()]
        [System.Object[]]
        $KeptList,

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
    # Each listed kept list's strings once ($null items left out); each change gets its own copy of them.
    $keptStrings = @(foreach ($kept in $KeptList) { , [System.String[]] @(foreach ($item in $kept) { if ($null -ne $item) { $item } }) })
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
        $converted = [CertRebindChange]::new()
        $converted.Kind = $entry.kind
        $converted.Endpoint = $entry.endpoint
        # The lists filled here, $null items left out, not by a call of the class's Of() each (about 30 us a call on
        # the first run) nor by AddRange, whose string[] conversion costs more than these few items.
        $converted.Sites = $list = [CertRebindStringList]::new()
        foreach ($item in $entry.sites) { if ($null -ne $item) { $list.Add($item) } }
        $converted.Hostnames = $list = [CertRebindStringList]::new()
        foreach ($item in $entry.hostnames) { if ($null -ne $item) { $list.Add($item) } }
        $converted.From = $entry.from
        $converted.To = $entry.to
        if ($null -ne $storeName) {
            $converted.StoreFrom = $storeName.from
            $converted.StoreTo = $storeName.to
        }
        $converted.Status = $entry.status
        $converted.Code = $entry.code
        if ($null -ne $entry.reason) {
            $converted.Reason = Format-CertRebindExeMessage -Message $entry.reason -Remedy $entry.remedy
        }
        $converted.Kept = $list = [CertRebindStringList]::new()
        $kept = $entry.kept
        if ($kept -is [System.ValueType]) { $list.AddRange($keptStrings[$kept]) }
        else { foreach ($item in $kept) { if ($null -ne $item) { $list.Add($item) } } }
        $converted.Notes = $list = [CertRebindStringList]::new()
        foreach ($item in $entry.notes) { if ($null -ne $item) { $list.Add($item) } }
        # What the change needs besides its write (kinds whose binding is one service's): $null, $false and $null for IIS's.
        $converted.Service = $entry.service
        $converted.RestartRequired = $true -eq $entry.restartRequired
        if ($null -ne $entry.keyAccess) {
            $converted.KeyAccess = $list = [CertRebindKeyAccessList]::new()
            foreach ($item in $entry.keyAccess) {
                if ($null -ne $item) {
                    $access = [PSCustomObject] @{ Account = [System.String] $item.account; Status = [System.String] $item.status }
                    $access.PSTypeNames.Insert(0, 'CertRebind.KeyAccess')
                    $list.Add($access)
                }
            }
        }
        $converted.RunId = $runIdValue
        $converted.HostRoot = $hostRoot
        $converted.ComputerName = $computerName
        $converted.PSTypeNames.Insert(0, 'CertRebind.Change')
        $converted
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
