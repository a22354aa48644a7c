<#
    .SYNOPSIS
        Converts a batch of the changes[] entries of the rebind envelope to CertRebind.Change objects: the batch
        converter of Invoke-CertRebindEntryConversion for Invoke-CertRebindRebindRun.

    .DESCRIPTION
        Converts the whole batch in one call, with no function call per entry but for the rare entry that has a
        reason (Format-CertRebindExeMessage) or key access (ConvertTo-CertRebindKeyAccessList). $null entries are
        left out.

    .PARAMETER Change
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables). An entry's kept is the
        list itself, or (rebind --kept-once) its index in the context's KeptStrings.

    .PARAMETER Context
        What every change of the run gets: KeptStrings (the strings of each of the data.keptLists of 'rebind
        --kept-once', $null items left out, by index), RunId (or $null), HostRoot and ComputerName (the host the
        entries come from, Get-CertRebindHostOrigin).
#>
function ConvertTo-CertRebindChange {
    [CmdletBinding()]
    [OutputType('CertRebind.Change')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Change,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Context
    )

    $keptStrings = $Context.KeptStrings
    $runId = $Context.RunId
    $hostRoot = $Context.HostRoot
    $computerName = $Context.ComputerName
    foreach ($entry in $Change) {
        if ($null -eq $entry) {
            continue
        }
        $converted = [CertRebind.Change]::new()
        $converted.Kind = $entry.kind
        $converted.Endpoint = $entry.endpoint
        # The lists filled here, $null items left out, not by a call of the class's Of() each (about 30 us a call on
        # the first run) nor by AddRange, whose string[] conversion costs more than these few items.
        $converted.Sites = $list = [CertRebind.StringList]::new()
        foreach ($item in $entry.sites) { if ($null -ne $item) { $list.Add($item) } }
        $converted.Hostnames = $list = [CertRebind.StringList]::new()
        foreach ($item in $entry.hostnames) { if ($null -ne $item) { $list.Add($item) } }
        $converted.From = $entry.from
        $converted.To = $entry.to
        $storeName = $entry.storeName
        if ($null -ne $storeName) {
            $converted.StoreFrom = $storeName.from
            $converted.StoreTo = $storeName.to
        }
        $converted.Status = $entry.status
        $converted.Code = $entry.code
        if ($null -ne $entry.reason) {
            $converted.Reason = Format-CertRebindExeMessage -Message $entry.reason -Remedy $entry.remedy
        }
        $converted.Kept = $list = [CertRebind.StringList]::new()
        $kept = $entry.kept
        if ($kept -is [System.ValueType]) { $list.AddRange($keptStrings[$kept]) }
        else { foreach ($item in $kept) { if ($null -ne $item) { $list.Add($item) } } }
        $converted.Notes = $list = [CertRebind.StringList]::new()
        foreach ($item in $entry.notes) { if ($null -ne $item) { $list.Add($item) } }
        # What the change needs besides its write (kinds whose binding is one service's): $null, $false and $null for IIS's.
        $converted.Service = $entry.service
        $converted.RestartRequired = $true -eq $entry.restartRequired
        if ($null -ne $entry.keyAccess) {
            $converted.KeyAccess = ConvertTo-CertRebindKeyAccessList -KeyAccess $entry.keyAccess
        }
        $converted.RunId = $runId
        $converted.HostRoot = $hostRoot
        $converted.ComputerName = $computerName
        $converted
    }
}
