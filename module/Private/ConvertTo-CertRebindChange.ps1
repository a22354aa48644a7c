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
        $converted.Sites = [CertRebind.StringList]::Of($entry.sites)
        $converted.Hostnames = [CertRebind.StringList]::Of($entry.hostnames)
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
        $kept = $entry.kept
        if ($kept -is [System.ValueType]) { $kept = $keptStrings[$kept] }
        $converted.Kept = [CertRebind.StringList]::Of($kept)
        $converted.Notes = [CertRebind.StringList]::Of($entry.notes)
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
